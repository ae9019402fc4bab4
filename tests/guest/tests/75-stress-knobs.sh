#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Reliability: period, cpus and threshold changes while a hog spins on
# every CPU and a reader loops over the files. After each period change
# (and a reset) the periods accounted for, samples + missed, must match
# the sampled time at the new period: the running timers were re-armed,
# not left at the old one. After each cpus change exactly the selected
# CPUs are armed and sample. Threshold writes read back and leave
# sampling alone. At the end every file is consistent and no splat.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/stress.sh"

tap_header "stress: knob changes under a CPU hog"
vmlat_fresh period_us=1000 || tap_bail "cannot load vmlat.ko"
online=$(vmlat_cpus_online)
stress_start hogs readers
tap_diag "hogs on CPUs $online:$STRESS_HOGS"

t0=$(date +%s)
ops=0
# periods: each is set, the counters reset, sampled for a moment, checked
for p in 50 100 1000 250 20000 75 1000; do
	ops=$((ops + 2))
	vmlat_set period_us $p || tap_fail "period_us=$p is accepted"
	vmlat_set reset 1
	sleep 0.6
	vmlat_set enabled 0
	hdr=$(sed -n 2p "$VMLAT_SUMMARY")
	out=$(vmlat_rate_check "$VMLAT_SUMMARY" 10 3)
	rc=$?
	case $hdr in
	*" period_us=$p "*) ;;
	*) rc=1; out="$out
summary header: $hdr" ;;
	esac
	tap_result $rc "period_us=$p under the hog: timers re-armed at the new period"
	echo "$out" | sed 's/^/# /'
	vmlat_set enabled 1
done

# cpus: every single online CPU, then all of them
for sel in $online "$(cat /sys/devices/system/cpu/online)"; do
	ops=$((ops + 2))
	vmlat_set cpus "$sel" || tap_fail "cpus=$sel is accepted"
	vmlat_set reset 1
	sleep 0.5
	want=$(vmlat_expand_cpulist "$sel")
	got_active=""
	got_samples=""
	for c in $online; do
		a=$(vmlat_summary_key "$c" active)
		s=$(vmlat_summary_key "$c" samples)
		[ "$a" = 1 ] && got_active="$got_active $c"
		[ "$s" -gt 0 ] && got_samples="$got_samples $c"
	done
	tap_is "$got_active|$got_samples" " $want| $want" "cpus=$sel under the hog: exactly CPUs $want armed and sampling"
done

# thresholds: random valid values; sampling must go on
bad=0
n=0
while [ $n -lt 20 ]; do
	v=$(awk -v s="$n" 'BEGIN { srand(s); printf "%.0f", rand() * 68719476736 }')
	vmlat_set trace_threshold_ns "$v" && [ "$(vmlat_get trace_threshold_ns)" = "$v" ] || bad=$((bad + 1))
	vmlat_set stop_tracing_ns "$v" && [ "$(vmlat_get stop_tracing_ns)" = "$v" ] || bad=$((bad + 1))
	n=$((n + 1))
	ops=$((ops + 2))
done
vmlat_set trace_threshold_ns 0
vmlat_set stop_tracing_ns 0
tap_is "$bad" 0 "40 threshold writes under the hog read back"
s0=$(vmlat_summary_key all samples)
sleep 0.5
tap_run "sampling goes on after the threshold writes" test "$(vmlat_summary_key all samples)" -gt "$s0"
t1=$(date +%s)
tap_diag "$ops knob writes in $((t1 - t0)) s"

stress_stop
# a stop_tracing_ns write may have stopped tracing: on for the next tests
echo 1 > /sys/kernel/tracing/tracing_on 2>/dev/null
stress_end_checks
tap_finish
