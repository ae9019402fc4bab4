# SPDX-License-Identifier: GPL-2.0
#
# Counting suites for the host-side drivers (tests/check.sh,
# tests/debug/run.sh): each suite prints TAP, passed through here and
# counted by its "ok" / "not ok" lines (a suite that exits non-zero, other
# than 4 for SKIP, without a failing line counts as one failure); the
# driver ends with suite_total's one line "N passed, N failed[, N
# skipped]". Source it from bash; set SUITE_OUT to a writable directory.

SUITE_PASSED=0
SUITE_FAILED=0
SUITE_SKIPPED=0

# suite_run - $1 a name, the rest the command; its TAP is counted
suite_run()
{
	local name=$1 log rc p f s
	shift
	mkdir -p "$SUITE_OUT"
	log=$(mktemp "$SUITE_OUT/suite.XXXXXX")
	echo "# ==== $name: $*"
	"$@" </dev/null 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	p=$(grep -E '^ok ' "$log" | grep -c -v '# SKIP')
	s=$(grep -E '^ok ' "$log" | grep -c '# SKIP')
	f=$(grep -c -E '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 4 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name exited with status $rc"
		f=1
	fi
	echo "# ==== $name: $p passed, $f failed, $s skipped (status $rc)"
	SUITE_PASSED=$((SUITE_PASSED + p))
	SUITE_FAILED=$((SUITE_FAILED + f))
	SUITE_SKIPPED=$((SUITE_SKIPPED + s))
	rm -f "$log"
}

# suite_count - one result of the driver's own: $1 0 (pass) or not, $2 what
suite_count()
{
	if [ "$1" = 0 ]; then
		echo "ok - $2"
		SUITE_PASSED=$((SUITE_PASSED + 1))
	else
		echo "not ok - $2"
		SUITE_FAILED=$((SUITE_FAILED + 1))
	fi
}

# suite_total - the last line; the status is 1 when anything failed
suite_total()
{
	local tail=""

	[ "$SUITE_SKIPPED" -gt 0 ] && tail=", $SUITE_SKIPPED skipped"
	echo "$SUITE_PASSED passed, $SUITE_FAILED failed$tail"
	[ "$SUITE_FAILED" -eq 0 ]
}
