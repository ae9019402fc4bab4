# SPDX-License-Identifier: GPL-2.0
#
# Turn the guest's results channel (the second serial port) into one host
# TAP stream: every in-guest result renumbered and prefixed with its test
# file, a failure for a test file that crashed, lost results against its
# plan or timed out, then the extra failures the harness passes in
# (splat lines from the console log, timeout, missing end marker, build
# errors), and last the line "N passed, N failed[, N skipped]".
# Variables: extra (a file of "not ok" reasons, one per line; may be empty).
# The guest runs each test through kselftest's runner (tests/guest/init):
# the runner's own TAP ("1..1", "# selftests: vmlat: TEST", its verdict
# "ok 1 selftests: vmlat: TEST") wraps the test's, which it prefixes with
# "# "; the test's results and plan are taken from under that prefix, the
# verdict is shown as a comment (the RC line after it carries the status).

function emit(ok, what)
{
	n++
	if (ok == "skip") {
		skipped++
		print "ok " n " - " what
	} else if (ok) {
		passed++
		print "ok " n " - " what
	} else {
		failed++
		print "not ok " n " - " what
	}
}

# close_test - account for the test file that just ended (or never ended)
function close_test(rc,    why)
{
	if (test == "")
		return
	if (rc == "") {
		emit(0, test ": did not finish")
	} else if (rc == 4 && results == 0) {
		emit("skip", test " # SKIP " (skip_reason == "" ? "not available here" : skip_reason))
	} else if (rc != 0 && rc != 4 && failures == 0) {
		why = rc == 124 || rc == 143 ? "timed out in the guest" : "exited with status " rc
		emit(0, test ": " why)
	} else if (plan != "" && plan != results) {
		emit(0, test ": plan 1.." plan " but " results " results")
	}
	test = ""
}

BEGIN {
	n = passed = failed = skipped = boots = 0
	print "TAP version 13"
}

{
	sub(/\r$/, "")
}

/^vmlat-guest: TEST / {
	close_test("")
	test = $3
	results = failures = ksft = 0
	plan = skip_reason = ""
	next
}

# kselftest's runner: its plan came before this line and is not the test's
/^# selftests: [^ ]+: / {
	ksft = 1
	plan = ""
	print
	next
}

/^(not )?ok [0-9]+ selftests: / {
	print "# kselftest: " $0
	next
}

ksft && /^# ((not )?ok [0-9]+|1\.\.[0-9]+|TAP version)/ {
	sub(/^# /, "")
}

/^vmlat-guest: RC / {
	if ($3 == test)
		close_test($4)
	next
}

/^vmlat-guest: END/ {
	ended = 1
	next
}

# the harness's line after each boot's results (tests/guest/boots.sh):
# "BOOT-END tcg=MODE [cmdline=ARGS]", which names the boot
/^vmlat-guest: BOOT-END/ {
	close_test("")
	boot = $0
	sub(/^vmlat-guest: BOOT-END */, "", boot)
	if (!ended)
		emit(0, "guest end marker 'vmlat-guest: END' missing (" boot ")")
	ended = 0
	boots++
	next
}

/^(not )?ok [0-9]+/ {
	line = $0
	ok = line !~ /^not /
	sub(/^(not )?ok [0-9]+/, "", line)
	sub(/^ *- */, "", line)
	results++
	if (!ok)
		failures++
	if (line ~ /# SKIP/)
		emit("skip", test ": " line)
	else
		emit(ok, test ": " line)
	next
}

/^1\.\.[0-9]+/ {
	plan = substr($1, 4)
	if (plan == 0 && match($0, /# SKIP.*/))
		skip_reason = substr($0, RSTART + 7)
	next
}

/^TAP version/ {
	next
}

/^#/ {
	print
	next
}

NF {
	print "# | " $0
}

END {
	close_test("")
	if (extra != "") {
		while ((getline reason < extra) > 0)
			emit(0, reason)
	}
	if (!boots && !ended)
		emit(0, "guest end marker 'vmlat-guest: END' missing")
	tail = skipped ? ", " skipped " skipped" : ""
	print passed " passed, " failed " failed" tail
}
