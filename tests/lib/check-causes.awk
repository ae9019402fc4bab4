# SPDX-License-Identifier: GPL-2.0
#
# Validate /sys/kernel/debug/vmlat/causes against docs/abi.md and against
# the summary read beside it: awk -v cpus=... -f check-causes.awk SUMMARY
# CAUSES. Causes: the first line "# vmlat-causes v1", then per possible
# CPU in order its expiries' line (stage=irq) and a line per wake-up
# stage that has figures, then cpu=all's; every line has all the keys, in
# numbers, and adds up exactly: lateness_ns = stolen_ns + unreported_ns +
# guest_ns + undetermined_ns + sched_ns (sched_ns 0 for irq). With
# frozen=1 (sampling stopped, so that both files hold the same expiries)
# it must also agree with the summary key by key, and cpu=all with the
# CPUs. Checked where awk's doubles are exact (below 2^53). Prints
# "# why" per problem and exits 1.

function bad(why)
{
	print "# causes:" FNR ": " why
	errors++
}

# summary_key CPU KEY - KEY of the summary's line of cpu=CPU, "" if none
function summary_key(cpu, key)
{
	return (cpu SUBSEP key) in summary ? summary[cpu, key] : ""
}

BEGIN {
	ncpu = split(cpus, cpu_list, " ")
	nkeys = split("cpu stage samples lateness_ns stolen_ns unreported_ns guest_ns undetermined_ns sched_ns", keys, " ")
	exact = 9007199254740992
	errors = 0
	line = 0
}

# the summary, first: its lines by cpu= and key
FNR == NR {
	if ($0 ~ /^#/)
		next
	cpu = ""
	for (f = 1; f <= NF; f++) {
		eq = index($f, "=")
		if (substr($f, 1, eq - 1) == "cpu")
			cpu = substr($f, eq + 1)
	}
	for (f = 1; f <= NF; f++) {
		eq = index($f, "=")
		summary[cpu, substr($f, 1, eq - 1)] = substr($f, eq + 1)
	}
	next
}

FNR == 1 {
	if ($0 != "# vmlat-causes v1")
		bad("line 1 is not '# vmlat-causes v1': " $0)
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
		if (!(keys[r] in kv))
			bad("cpu=" kv["cpu"] " stage=" kv["stage"] " lacks " keys[r])
	for (r = 3; r <= nkeys; r++)
		if (kv[keys[r]] !~ /^[0-9]+$/)
			bad(keys[r] "=" kv[keys[r]] " is not a number")
	cpu = kv["cpu"]
	stage = kv["stage"]
	if (stage !~ /^(irq|thread|user)$/)
		bad("stage=" stage " is not irq, thread or user")

	# the order: a CPU's irq line, then its stages, CPU by CPU, then all
	if (stage == "irq") {
		ncpus_seen++
		want = ncpus_seen <= ncpu ? cpu_list[ncpus_seen] : "all"
		if (cpu != want)
			bad("irq line for cpu=" cpu ", wanted cpu=" want)
		if (ncpus_seen > ncpu + 1)
			bad("extra irq line after cpu=all's: " $0)
	} else if (cpu != last_cpu || last_stage == stage ||
		   (last_stage == "user" && stage == "thread")) {
		bad("stage=" stage " of cpu=" cpu " out of order, after cpu=" last_cpu " stage=" last_stage)
	}
	last_cpu = cpu
	last_stage = stage

	# exact: lateness is stolen, the three causes and sched
	if (kv["lateness_ns"] + 0 < exact && !("saturated" in kv) &&
	    kv["lateness_ns"] != kv["stolen_ns"] + kv["unreported_ns"] + kv["guest_ns"] + kv["undetermined_ns"] + kv["sched_ns"])
		bad("cpu=" cpu " stage=" stage " lateness_ns=" kv["lateness_ns"] " is not stolen_ns + unreported_ns + guest_ns + undetermined_ns + sched_ns")
	if (stage == "irq" && kv["sched_ns"] != 0)
		bad("cpu=" cpu " stage=irq has sched_ns=" kv["sched_ns"])
	seen[cpu, stage] = 1

	if (cpu != "all") {
		for (r = 3; r <= nkeys; r++)
			total[stage, keys[r]] += kv[keys[r]]
	} else if (frozen) {
		for (r = 3; r <= nkeys; r++)
			if (kv[keys[r]] != total[stage, keys[r]] + 0)
				bad("cpu=all stage=" stage " " keys[r] "=" kv[keys[r]] ", the CPUs add up to " total[stage, keys[r]] + 0)
	}
	if (!frozen)
		next

	# the summary's figures of the same CPU
	if (stage == "irq") {
		stolen = summary_key(cpu, "stolen_ns")
		split("samples=samples lateness_ns=lateness_sum_ns stolen_ns=stolen_ns unreported_ns=unreported_ns guest_ns=guest_ns undetermined_ns=undetermined_ns", pairs, " ")
		for (r = 1; r in pairs; r++) {
			split(pairs[r], kk, "=")
			want = summary_key(cpu, kk[2])
			if (kk[2] == "stolen_ns" && want == "")
				want = 0	# a CPU without steal data
			if (kv[kk[1]] != want)
				bad("cpu=" cpu " stage=irq " kk[1] "=" kv[kk[1]] ", the summary's " kk[2] "=" want)
		}
		next
	}
	if (summary_key(cpu, stage "_samples") == "") {
		bad("cpu=" cpu " has a " stage " line, but the summary no " stage " keys")
		next
	}
	if (kv["samples"] != summary_key(cpu, stage "_samples"))
		bad("cpu=" cpu " stage=" stage " samples=" kv["samples"] ", the summary's " summary_key(cpu, stage "_samples"))
	if (kv["lateness_ns"] != summary_key(cpu, stage "_sum_ns"))
		bad("cpu=" cpu " stage=" stage " lateness_ns=" kv["lateness_ns"] ", the summary's " stage "_sum_ns=" summary_key(cpu, stage "_sum_ns"))
	if (kv["stolen_ns"] != summary_key(cpu, stage "_irq_stolen_sum_ns") + summary_key(cpu, stage "_stolen_sum_ns"))
		bad("cpu=" cpu " stage=" stage " stolen_ns=" kv["stolen_ns"] " is not the summary's " stage "_irq_stolen_sum_ns + " stage "_stolen_sum_ns")
	if (kv["sched_ns"] != summary_key(cpu, stage "_sched_sum_ns"))
		bad("cpu=" cpu " stage=" stage " sched_ns=" kv["sched_ns"] ", the summary's " stage "_sched_sum_ns=" summary_key(cpu, stage "_sched_sum_ns"))
	if (kv["unreported_ns"] + kv["guest_ns"] + kv["undetermined_ns"] != summary_key(cpu, stage "_irq_sum_ns") - summary_key(cpu, stage "_irq_stolen_sum_ns"))
		bad("cpu=" cpu " stage=" stage " the causes do not add up to the summary's " stage "_irq_sum_ns - " stage "_irq_stolen_sum_ns")
}

END {
	if (ncpus_seen != ncpu + 1)
		bad(ncpus_seen " irq lines, wanted " ncpu " CPUs and cpu=all")
	# a stage with summary keys has its lines, every CPU and all
	for (r = 1; r <= ncpu + 1; r++) {
		cpu = r <= ncpu ? cpu_list[r] : "all"
		for (s = 1; s <= 2; s++) {
			stage = s == 1 ? "thread" : "user"
			if (summary_key(cpu, stage "_samples") != "" && !((cpu SUBSEP stage) in seen))
				bad("cpu=" cpu " has " stage " keys in the summary, but no " stage " line")
		}
	}
	exit errors > 0
}
