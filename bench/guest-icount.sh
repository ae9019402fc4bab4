#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the instruction-count benchmark (bench/run.sh icount).
# Under QEMU's -icount shift=0 (tests/guest/run.sh --tcg icount) the
# guest's clock and TSC advance one nanosecond per instruction, so the
# callback's own cost that vmlat measures (self_min/avg/max_ns, TSC
# cycles at the calibrated 1 GHz) is its instruction count, the same run
# after run. For each build (the tree's, and the old ref's in
# /lib/vmlat/old when packed) and configuration, vmlat samples the last
# CPU alone at 1 ms for BENCH_ICOUNT_S seconds (default 3) while that CPU
# idles, and the summary's figures for it are printed:
#   none     vmlat.ko, steal none
#   kcpustat vmlat.ko, steal=kcpustat (the kernel's steal accounting)
#   sim      the test build, steal=sim (the simulator's steal area is read
#            at each expiry; nothing is stolen)
#   thread   vmlat.ko with the kernel-thread stage on (the callback's own
#            part: the stage's wake-up is counted as the stage's)
#   user     vmlat.ko with the user stage on and a reader waiting in it
#            (vmlat-waiter, SCHED_FIFO 95)
#   irqoff   the tree's test build with sim_irqoff holding the CPU's
#            interrupts off 300 us 50 times a second: the expiries held
#            take the STI rule's decoding (the cause attribution's slow
#            path); self_max is theirs
# Then, where trace events can be enabled (single-threaded TCG, an
# x86-tsc trace clock), the cost of whole callbacks by the hrtimer
# events' timestamps, which under -icount count instructions too
# (tests/lib/trace.sh's trace_cb_pairs, BENCH_ICOUNT_S seconds each): the
# null probe (bench/nullprobe, when packed), vmlat.ko steal none, its
# thread stage (the callback with its wake-up) and, in kernels with the
# tracer (-rt), timerlat (its callback wakes its thread: compare it with
# vmlat's thread stage). These include the events' own work between the
# two timestamps, the same for each.
# Output: one "==== icount" block, a line per run:
#   build=B config=C samples=N self_min=N self_avg=N self_max=N
#   lateness_avg=N guest_ns=N unreported_ns=N
# and a line per traced callback: "cb NAME 0 N P50 P90 P99 MAX".

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/trace.sh"

tap_header "instruction counts of the timer callback (-icount shift=0)"
secs=${BENCH_ICOUNT_S:-3}
cpu=$(vmlat_cpus_online | awk '{ print $NF }')

# run BUILD CONFIG KO PARAMS... - one run; its line, or a failure
run()
{
	build=$1 config=$2 ko=$3
	shift 3
	vmlat_unload || tap_bail "cannot unload vmlat"
	if ! vmlat_insmod "$ko" cpus="$cpu" period_us=1000 "$@"; then
		tap_fail "$build $config: insmod $ko $*"
		return
	fi
	case $config in
	irqoff) vmlat_set sim_irqoff "$cpu 300 50" ;;
	user)
		vmlat-waiter -c "$cpu" -p 95 -n 100000000 > /dev/null 2>&1 &
		waiter=$!
		;;
	esac
	vmlat_set reset 1
	sleep "$secs"
	case $config in
	irqoff) vmlat_set sim_irqoff "0 0 0" ;;
	user) kill "$waiter"; wait "$waiter" 2>/dev/null ;;
	esac
	vmlat_set enabled 0
	line="build=$build config=$config"
	for k in samples self_min_ns self_avg_ns self_max_ns avg_ns guest_ns unreported_ns; do
		line="$line ${k%_ns}=$(vmlat_summary_key "$cpu" "$k")"
	done
	echo "$line" | sed 's/ avg=/ lateness_avg=/; s/=\( \|$\)/=-\1/g' >> /tmp/icount.txt
	vmlat_unload
	tap_pass "$build $config: $line"
}

# a first run right after boot pays for the boot's last interrupts
# (6.12-rt: none at avg 197 where thread ran at 121): one run discarded
run warmup none "$VMLAT_KO"
: > /tmp/icount.txt
run new none "$VMLAT_KO"
run new kcpustat "$VMLAT_KO" steal=kcpustat
run new sim "$VMLAT_TEST_KO" steal=sim
run new thread "$VMLAT_KO" thread=1
if command -v vmlat-waiter >/dev/null; then
	run new user "$VMLAT_KO" user=1
else
	tap_skip "new user" "vmlat-waiter is not packed"
fi
run new irqoff "$VMLAT_TEST_KO"
if [ -f "$VMLAT_MODDIR/old/vmlat.ko" ]; then
	old=old-$(cat "$VMLAT_MODDIR/old/REF" 2>/dev/null)
	run "$old" none "$VMLAT_MODDIR/old/vmlat.ko"
	[ -f "$VMLAT_MODDIR/old/vmlat-test.ko" ] &&
		run "$old" sim "$VMLAT_MODDIR/old/vmlat-test.ko" steal=sim
	run "$old" kcpustat "$VMLAT_MODDIR/old/vmlat.ko" steal=kcpustat
	run "$old" thread "$VMLAT_MODDIR/old/vmlat.ko" thread=1
	command -v vmlat-waiter >/dev/null &&
		run "$old" user "$VMLAT_MODDIR/old/vmlat.ko" user=1
fi
# traced NAME MATCH CMD... - the callbacks whose entry event contains
# MATCH while CMD runs what NAME measures, for $secs s; its cb line
traced()
{
	name=$1 match=$2
	shift 2
	if ! "$@" > /tmp/icount.load 2>&1; then
		tap_fail "traced $name: $* failed: $(cat /tmp/icount.load)"
		return
	fi
	sleep 0.3
	echo > "$TRACEFS/trace"
	echo 1 > "$TRACEFS/tracing_on"
	sleep "$secs"
	echo 0 > "$TRACEFS/tracing_on"
	# read while the module is loaded: its name is resolved at read time
	trace_cb_pairs "$match" "$name" 0 < "$TRACEFS/per_cpu/cpu$cpu/trace" > /tmp/icount.cb
	tap_run "traced $name: $(grep '^cbinfo' /tmp/icount.cb)" grep -q '^cb ' /tmp/icount.cb
	grep '^cb ' /tmp/icount.cb >> /tmp/icount.txt
}

timerlat_on()
{
	timerlat_start "$cpu" 1000 && echo 0 > "$TRACEFS/tracing_on"
}

if [ "${VMLAT_HARNESS_TCG:-}" = multi ]; then
	tap_skip "traced callbacks" "multi-threaded TCG: enabling trace events patches kernel text, which it gets wrong (docs/evidence/platform.md)"
elif ! grep -qw x86-tsc "$TRACEFS/trace_clock" 2>/dev/null; then
	tap_skip "traced callbacks" "no x86-tsc trace clock"
else
	vmlat_unload
	echo 0 > "$TRACEFS/tracing_on"
	mask_was=$(cat "$TRACEFS/tracing_cpumask")
	echo x86-tsc > "$TRACEFS/trace_clock"
	printf '%x\n' $((1 << cpu)) > "$TRACEFS/tracing_cpumask"
	echo 4096 > "$TRACEFS/buffer_size_kb"
	echo 1 > "$TRACEFS/events/timer/hrtimer_expire_entry/enable"
	echo 1 > "$TRACEFS/events/timer/hrtimer_expire_exit/enable"
	if [ -f "$VMLAT_MODDIR/vmlat_null.ko" ]; then
		traced null "[vmlat_null]" insmod "$VMLAT_MODDIR/vmlat_null.ko" period_us=1000 cpus="$cpu"
		rmmod vmlat_null
	else
		tap_skip "traced null" "no vmlat_null.ko (tests/guest/run.sh --null-probe)"
	fi
	traced new-none "[vmlat]" vmlat_insmod "$VMLAT_KO" cpus="$cpu" period_us=1000
	vmlat_unload
	traced new-thread "[vmlat]" vmlat_insmod "$VMLAT_KO" cpus="$cpu" period_us=1000 thread=1
	vmlat_unload
	if grep -qw timerlat "$TRACEFS/available_tracers"; then
		traced timerlat "function=timerlat_irq " timerlat_on
		timerlat_stop
	else
		tap_skip "traced timerlat" "the tracer is not built into $(uname -r) (Debian's -rt kernels have it)"
	fi
	echo 0 > "$TRACEFS/events/timer/hrtimer_expire_entry/enable"
	echo 0 > "$TRACEFS/events/timer/hrtimer_expire_exit/enable"
	echo > "$TRACEFS/trace"
	echo local > "$TRACEFS/trace_clock"
	echo "$mask_was" > "$TRACEFS/tracing_cpumask"
	echo 1 > "$TRACEFS/tracing_on"
fi

echo "==== icount (instructions; cpu $cpu, 1 ms period, $secs s, idle)"
cat /tmp/icount.txt
echo "==== end"
tap_finish
