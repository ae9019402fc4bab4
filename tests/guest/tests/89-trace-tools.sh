#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-tcg: single
#
# The recipes of docs/tracing.md, run as written with the real tools:
# trace-cmd (with a threshold, next to irq and sched events, on the mono
# clock) and perf record/script. The harness packs the Debian binaries of
# both with their libraries; a missing one is a harness failure.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "trace-cmd and perf record vmlat:vmlat_sample"
vmlat_fresh || tap_bail "cannot load vmlat.ko"
cd /tmp || tap_bail "no /tmp"

if command -v trace-cmd >/dev/null; then
	vmlat_set trace_threshold_ns 100000
	out=$(trace-cmd record -C mono -e vmlat -e irq -e sched -o /tmp/vmlat.dat sleep 2 2>&1)
	tap_result $? "trace-cmd record -C mono -e vmlat -e irq -e sched succeeds"
	trace-cmd report -i /tmp/vmlat.dat > /tmp/report.txt 2>/dev/null
	n=$(grep -c 'vmlat_sample:.*lateness=[0-9]* ns' /tmp/report.txt)
	tap_run "trace-cmd report shows vmlat_sample events ($n)" test "$n" -gt 0
	low=$(grep 'vmlat_sample:' /tmp/report.txt |
		sed 's/.*lateness=\([0-9]*\) ns.*/\1/' | awk '$1 < 100000' | wc -l)
	tap_is "$low" 0 "every traced expiry reaches trace_threshold_ns=100000"
	tap_run "irq and sched events are in the same trace" \
		sh -c "grep -q 'irq_handler_entry\|softirq_entry' /tmp/report.txt && grep -q 'sched_switch' /tmp/report.txt"
	# On the mono clock an event is written at expected_ns + lateness_ns
	# plus the callback's own cost so far (timestamps are in us; seconds
	# are taken as a float: busybox awk reads "5.002067"'s fraction
	# "002067" as octal).
	bad=$(grep 'vmlat_sample:' /tmp/report.txt | awk '{
		for (f = 1; f <= NF; f++) {
			if ($f ~ /^[0-9]+\.[0-9]+:$/) ts = $f
			if ($f ~ /^expected=/) { split($f, kv, "="); want = kv[2] }
			if ($f ~ /^lateness=/) { split($f, kv, "="); want += kv[2] }
		}
		sub(/:$/, "", ts)
		ns = ts * 1000000000
		if (ns + 1000 < want || ns > want + 10000000) bad++
	} END { print bad + 0 }')
	tap_is "$bad" 0 "with -C mono each event is stamped at expected_ns + lateness_ns (within 10 ms)"
	vmlat_set trace_threshold_ns 0
else
	tap_fail "trace-cmd is in the guest (tests/deps.sh installs it, the harness packs it)"
fi

if command -v perf >/dev/null; then
	out=$(perf record -e vmlat:vmlat_sample -a -o /tmp/perf.data sleep 1 2>&1)
	rc=$?
	tap_result $rc "perf record -e vmlat:vmlat_sample -a succeeds"
	[ $rc -eq 0 ] || tap_diag "$out"
	n=$(perf script -i /tmp/perf.data 2>/dev/null | grep -c 'vmlat:vmlat_sample:.*lateness=')
	tap_run "perf script shows vmlat_sample events ($n)" test "$n" -gt 100
else
	tap_fail "perf is in the guest (tests/deps.sh installs it, the harness packs it)"
fi
vmlat_unload
tap_finish
