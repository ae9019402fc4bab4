# SPDX-License-Identifier: GPL-2.0
#
# Validate /sys/kernel/debug/vmlat/summary against docs/abi.md: the two
# header lines (the second with resolution_ns), one line per possible CPU in order, then cpu=all, with the
# keys issue 2 requires, numbers where numbers belong, min <= avg <= max,
# the steal keys all present or all omitted (omitted only with source
# none), each wake-up stage's keys all present or all omitted and its
# parts adding up, and the cpu=all line agreeing with the CPUs. Variables: cpus (the possible CPUs, space
# separated), frozen (1 when sampling is stopped, so that the cpu=all sums
# must match exactly). Prints "# why" per problem and exits 1.

function bad(why)
{
	print "# summary:" FNR ": " why
	errors++
}

BEGIN {
	ncpu = split(cpus, cpu_list, " ")
	nkeys = split("cpu active samples missed elapsed_ns min_ns avg_ns max_ns max_at_ns self_min_ns self_avg_ns self_max_ns steal_source", required, " ")
	nsteal = split("steal_ns steal_ms_per_s steal_expiries stolen_ns stolen_share steal_stale_reads", steal_keys, " ")
	# each wake-up stage's keys, after its name and "_" (docs/abi.md)
	nstage = split("samples misses avg_ns max_ns irq_avg_ns stolen_avg_ns sched_avg_ns stolen_share sched_share irq_stolen_share sum_ns irq_sum_ns stolen_sum_ns sched_sum_ns irq_stolen_sum_ns", stage_keys, " ")
	line = 0
	errors = 0
}

FNR == 1 {
	if ($0 != "# vmlat-summary v1")
		bad("line 1 is not '# vmlat-summary v1': " $0)
	next
}

FNR == 2 {
	if ($1 != "#" || $2 !~ /^enabled=[01]$/ || $3 !~ /^period_us=[0-9]+$/ || $4 !~ /^cpus=[0-9]/)
		bad("line 2 is not '# enabled=B period_us=N cpus=LIST': " $0)
	resolution = ""
	for (f = 5; f <= NF; f++)
		if (index($f, "resolution_ns=") == 1)
			resolution = substr($f, 15)
	if (resolution !~ /^[1-9][0-9]*$/)
		bad("line 2 lacks resolution_ns=N, N >= 1: " $0)
	next
}

/^#/ {
	next
}

{
	line++
	delete kv
	for (f = 1; f <= NF; f++) {
		eq = index($f, "=")
		if (eq < 2) {
			bad("token '" $f "' is not key=value")
			continue
		}
		kv[substr($f, 1, eq - 1)] = substr($f, eq + 1)
	}
	for (r = 1; r <= nkeys; r++)
		if (!(required[r] in kv))
			bad("cpu=" kv["cpu"] " lacks " required[r])
	for (key in kv) {
		if (key == "cpu" || key == "steal_source")
			continue
		if (key == "steal_ms_per_s" || key ~ /_share$/) {
			if (kv[key] !~ /^[0-9]+\.[0-9]+$/)
				bad(key "=" kv[key] " is not a decimal")
			continue
		}
		if (kv[key] !~ /^[0-9]+$/)
			bad(key "=" kv[key] " is not a number")
	}
	want = line <= ncpu ? cpu_list[line] : "all"
	if (line > ncpu + 1)
		bad("extra line after cpu=all: " $0)
	else if (kv["cpu"] != want)
		bad("line for cpu=" kv["cpu"] ", wanted cpu=" want)
	if (kv["steal_source"] !~ /^(kvm|kcpustat|sim|none|mixed)$/)
		bad("steal_source=" kv["steal_source"] " is not a known source")
	# all steal keys or none; none only with steal_source=none (an
	# offline CPU with source none keeps the steal keys of its history)
	nseen = 0
	for (r = 1; r <= nsteal; r++)
		nseen += (steal_keys[r] in kv)
	if (nseen && nseen < nsteal)
		bad("cpu=" kv["cpu"] " has " nseen " of the " nsteal " steal keys")
	if (!nseen && kv["steal_source"] != "none")
		bad("cpu=" kv["cpu"] " has no steal keys although steal_source=" kv["steal_source"])
	# a wake-up stage's keys: all or none, and its parts add up
	for (st = 1; st <= 2; st++) {
		stage = st == 1 ? "thread" : "user"
		nst = 0
		for (r = 1; r <= nstage; r++)
			nst += ((stage "_" stage_keys[r]) in kv)
		if (nst && nst < nstage)
			bad("cpu=" kv["cpu"] " has " nst " of the " nstage " " stage " keys")
		if (nst == nstage && kv[stage "_sum_ns"] != kv[stage "_irq_sum_ns"] + kv[stage "_stolen_sum_ns"] + kv[stage "_sched_sum_ns"])
			bad("cpu=" kv["cpu"] " " stage "_sum_ns=" kv[stage "_sum_ns"] " is not its irq, stolen and sched sums added")
		if (nst == nstage && kv[stage "_irq_stolen_sum_ns"] + 0 > kv[stage "_irq_sum_ns"] + 0)
			bad("cpu=" kv["cpu"] " " stage "_irq_stolen_sum_ns=" kv[stage "_irq_stolen_sum_ns"] " is more than its irq part's sum " kv[stage "_irq_sum_ns"])
	}
	# the residual's causes (docs/steal.md): all or none, and exact:
	# they add up to lateness less its stolen part (checked where awk's
	# doubles are exact, below 2^53, and nothing saturated)
	ncause = ("unreported_ns" in kv) + ("guest_ns" in kv) + ("undetermined_ns" in kv)
	if (ncause && ncause < 3)
		bad("cpu=" kv["cpu"] " has " ncause " of the 3 cause sums")
	if (ncause == 3 && !("saturated" in kv) && kv["lateness_sum_ns"] + 0 < 9007199254740992 &&
	    kv["unreported_ns"] + kv["guest_ns"] + kv["undetermined_ns"] != kv["lateness_sum_ns"] - kv["stolen_ns"])
		bad("cpu=" kv["cpu"] " unreported_ns + guest_ns + undetermined_ns is not lateness_sum_ns - stolen_ns")
	if (kv["samples"] == 0) {
		if (kv["min_ns"] != 0 || kv["avg_ns"] != 0 || kv["max_ns"] != 0)
			bad("cpu=" kv["cpu"] " samples=0 but min/avg/max not 0")
	} else {
		if (kv["min_ns"] + 0 > kv["avg_ns"] + 0 || kv["avg_ns"] + 0 > kv["max_ns"] + 0)
			bad("cpu=" kv["cpu"] " min_ns <= avg_ns <= max_ns does not hold")
		if (kv["self_min_ns"] + 0 > kv["self_avg_ns"] + 0 || kv["self_avg_ns"] + 0 > kv["self_max_ns"] + 0)
			bad("cpu=" kv["cpu"] " self_min_ns <= self_avg_ns <= self_max_ns does not hold")
	}
	if (want != "all") {
		if (kv["active"] !~ /^[01]$/)
			bad("cpu=" want " active=" kv["active"] " is not 0 or 1")
		active += kv["active"]
		samples += kv["samples"]
		missed += kv["missed"]
		elapsed += kv["elapsed_ns"]
		if (kv["samples"] > 0) {
			if (minimum == "" || kv["min_ns"] + 0 < minimum)
				minimum = kv["min_ns"] + 0
			if (kv["max_ns"] + 0 > maximum)
				maximum = kv["max_ns"] + 0
		}
	} else {
		if (kv["active"] != active)
			bad("cpu=all active=" kv["active"] ", the CPUs add up to " active)
		if (frozen) {
			if (kv["samples"] != samples)
				bad("cpu=all samples=" kv["samples"] ", the CPUs add up to " samples)
			if (kv["missed"] != missed)
				bad("cpu=all missed=" kv["missed"] ", the CPUs add up to " missed)
			if (kv["elapsed_ns"] != elapsed)
				bad("cpu=all elapsed_ns=" kv["elapsed_ns"] ", the CPUs add up to " elapsed)
			if (samples > 0 && (kv["min_ns"] != minimum || kv["max_ns"] != maximum))
				bad("cpu=all min_ns/max_ns are not the CPUs' extremes")
		}
	}
}

END {
	if (line != ncpu + 1)
		bad(line " CPU lines, wanted " ncpu " CPUs and cpu=all")
	exit errors > 0
}
