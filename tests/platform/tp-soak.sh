#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest script: the tracepoint enable/disable soak of the wedge
# investigation (docs/evidence/platform.md). VMLAT_GUEST_TP_CYCLES cycles (default
# 200) of enabling and disabling one trace event while timers fire on
# every CPU and a shell loop runs on each, in the mode
# VMLAT_GUEST_TP_MODE:
#   vmlat      vmlat.ko at 100 us on every CPU; toggles vmlat:vmlat_sample
#   sim        vmlat-test.ko at 100 us with the steal simulator on cpu1
#              (40 x 500 us blocks a second, interrupts off); same event
#   notrace    vmlat.ko built with make VMLAT_NOTRACE=1 (the event exists,
#              its call site is compiled out); same event
#   none       no vmlat; toggles timer:hrtimer_expire_entry, a tracepoint
#              on the hrtimer expiry path of the core kernel
# The kernel log is what counts (the harness scans it, and a wedge is a
# timeout); the script checks that every cycle completed.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/trace.sh"

mode=${VMLAT_GUEST_TP_MODE:-vmlat}
cycles=${VMLAT_GUEST_TP_CYCLES:-200}
# a time budget below the guest's 300 s per-test timeout: single-threaded
# TCG with no fast timer switches vCPUs only at its 100 ms kick, so every
# text_poke_sync() IPI can wait that long
max_s=${VMLAT_GUEST_TP_MAX_S:-240}
tap_header "tracepoint soak: $cycles enable/disable cycles, mode $mode (tcg=${VMLAT_HARNESS_TCG:-?} cpu=${VMLAT_HARNESS_CPU:-?})"
tap_diag "clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource) (available: $(cat /sys/devices/system/clocksource/clocksource0/available_clocksource))"
[ -d "$TRACEFS/events" ] || tap_skip_all "tracefs is not available"

event=vmlat/vmlat_sample
case $mode in
vmlat|notrace)
	vmlat_fresh period_us=100 || tap_bail "cannot load vmlat.ko" ;;
sim)	vmlat_unload || tap_bail "cannot unload vmlat"
	out=$(insmod "$VMLAT_TEST_KO" period_us=100 steal=sim sim_cpus=1 \
		sim_rate_hz=40 sim_block_us=500 2>&1) ||
		tap_bail "insmod vmlat-test.ko: $out" ;;
none)	event=timer/hrtimer_expire_entry ;;
*)	tap_bail "VMLAT_GUEST_TP_MODE is vmlat, sim, notrace or none, not '$mode'" ;;
esac
[ -f "$TRACEFS/events/$event/enable" ] || tap_bail "no event $event"
echo 0 > "$TRACEFS/tracing_on"

# a busy shell on every CPU, so the patching CPU's IPIs meet running code
pids=""
for cpu in $(seq 0 $(($(nproc) - 1))); do
	taskset -c "$cpu" sh -c 'while :; do cat /proc/loadavg >/dev/null; done' &
	pids="$pids $!"
done

done_cycles=0
t0=$(cut -d' ' -f1 /proc/uptime)
end=$(($(cut -d. -f1 /proc/uptime) + max_s))
while [ $done_cycles -lt "$cycles" ] && [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
	echo 1 > "$TRACEFS/events/$event/enable" || break
	echo 0 > "$TRACEFS/events/$event/enable" || break
	done_cycles=$((done_cycles + 1))
done
t1=$(cut -d' ' -f1 /proc/uptime)
[ $done_cycles -lt "$cycles" ] && [ "$(cut -d. -f1 /proc/uptime)" -ge $end ] &&
	tap_diag "time budget of $max_s s reached after $done_cycles cycles"
kill $pids
wait 2>/dev/null
echo 1 > "$TRACEFS/tracing_on"
tap_run "$done_cycles enable/disable cycles of $event completed" test "$done_cycles" -gt 0
tap_diag "$done_cycles of $cycles cycles of $event ($(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s)"
case $mode in
vmlat|notrace|sim)
	s=$(cat "$VMLAT_DEBUGFS/summary")
	tap_diag "$(echo "$s" | grep '^cpu=all')"
	vmlat_unload || tap_fail "unload vmlat" ;;
esac
tap_finish
