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
#   sim      the test build, steal=sim (the simulator's steal area is read
#            at each expiry; nothing is stolen)
#   thread   vmlat.ko with the kernel-thread stage on (the callback's own
#            part: the stage's wake-up is counted as the stage's)
#   irqoff   the tree's test build with sim_irqoff holding the CPU's
#            interrupts off 300 us 50 times a second: the expiries held
#            take the STI rule's decoding (the cause attribution's slow
#            path); self_max is theirs
# Output: one "==== icount" block, a line per run:
#   build=B config=C samples=N self_min=N self_avg=N self_max=N
#   lateness_avg=N guest_ns=N unreported_ns=N

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

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
	[ "$config" = irqoff ] && vmlat_set sim_irqoff "$cpu 300 50"
	vmlat_set reset 1
	sleep "$secs"
	[ "$config" = irqoff ] && vmlat_set sim_irqoff "0 0 0"
	vmlat_set enabled 0
	line="build=$build config=$config"
	for k in samples self_min_ns self_avg_ns self_max_ns avg_ns guest_ns unreported_ns; do
		line="$line ${k%_ns}=$(vmlat_summary_key "$cpu" "$k")"
	done
	echo "$line" | sed 's/ avg=/ lateness_avg=/; s/=\( \|$\)/=-\1/g' >> /tmp/icount.txt
	vmlat_unload
	tap_pass "$build $config: $line"
}

: > /tmp/icount.txt
run new none "$VMLAT_KO"
run new sim "$VMLAT_TEST_KO" steal=sim
run new thread "$VMLAT_KO" thread=1
run new irqoff "$VMLAT_TEST_KO"
if [ -f "$VMLAT_MODDIR/old/vmlat.ko" ]; then
	old=old-$(cat "$VMLAT_MODDIR/old/REF" 2>/dev/null)
	run "$old" none "$VMLAT_MODDIR/old/vmlat.ko"
	[ -f "$VMLAT_MODDIR/old/vmlat-test.ko" ] &&
		run "$old" sim "$VMLAT_MODDIR/old/vmlat-test.ko" steal=sim
	run "$old" thread "$VMLAT_MODDIR/old/vmlat.ko" thread=1
fi
echo "==== icount (instructions; cpu $cpu, 1 ms period, $secs s, idle)"
cat /tmp/icount.txt
echo "==== end"
tap_finish
