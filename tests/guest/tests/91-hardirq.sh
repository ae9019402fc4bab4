#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The sampling callback runs in hard-IRQ context on every kernel, PREEMPT_RT
# included: the timer is HRTIMER_MODE_ABS_PINNED_HARD, and on RT any hrtimer
# not marked _HARD is moved to the softirq thread, where its lateness would
# include a thread wake-up. The module counts expiries whose callback saw
# !in_hardirq() in the summary key hardirq_misses (docs/abi.md). This test
# samples every CPU with the production module and then with the VMLAT_TEST
# build, and asserts that the key is on every line and is 0 on every CPU
# that took samples. On the rt kernel it first checks that the kernel really
# is PREEMPT_RT, so that there it is the RT assertion of issue 6.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "timer callbacks run in hard-IRQ context (hardirq_misses = 0)"

kv=$(uname -v)
case $(uname -r) in
*-rt-*)
	tap_diag "uname -v: $kv"
	case $kv in
	*PREEMPT_RT*) tap_pass "the rt kernel is PREEMPT_RT" ;;
	*) tap_fail "the rt kernel is PREEMPT_RT (uname -v: $kv)" ;;
	esac
	;;
esac

# sample_and_check - $1 the build's name; the module is loaded already
sample_and_check()
{
	sleep 3
	vmlat_set enabled 0
	cpus=$(vmlat_cpus_possible)
	lines=$(grep -c '^cpu=' "$VMLAT_SUMMARY")
	with=$(grep '^cpu=' "$VMLAT_SUMMARY" | grep -c ' hardirq_misses=[0-9][0-9]*\( \|$\)')
	tap_is "$with" "$lines" "$1: every summary line ($lines) has hardirq_misses=N"
	bad=""
	for c in $cpus all; do
		s=$(vmlat_summary_key "$c" samples)
		m=$(vmlat_summary_key "$c" hardirq_misses)
		tap_diag "$1 cpu=$c samples=$s hardirq_misses=$m"
		if [ -z "$s" ] || [ "$s" -le 0 ] || [ "$m" != 0 ]; then
			bad="$bad cpu=$c(samples=$s,hardirq_misses=$m)"
		fi
	done
	tap_is "${bad:-none}" none "$1: every CPU took samples, all in hard-IRQ context (hardirq_misses=0)"
}

if vmlat_fresh period_us=500; then
	tap_pass "load vmlat.ko ($VMLAT_HARNESS_MODULE)"
	sample_and_check vmlat.ko
else
	tap_fail "load vmlat.ko ($VMLAT_HARNESS_MODULE)"
fi
vmlat_unload || tap_bail "cannot unload vmlat"

if [ -f "$VMLAT_TEST_KO" ]; then
	# the test build with its simulated steal on, as 85-steal-sim loads it
	out=$(insmod "$VMLAT_TEST_KO" period_us=500 steal=sim sim_cpus=1 sim_rate_hz=40 sim_block_us=200 2>&1)
	if [ $? -eq 0 ]; then
		tap_pass "load vmlat-test.ko steal=sim"
		sample_and_check vmlat-test.ko
	else
		tap_fail "load vmlat-test.ko steal=sim: $out"
	fi
	vmlat_unload || tap_fail "unload vmlat-test.ko"
elif [ "${VMLAT_HARNESS_TEST_BUILD:-1}" = 1 ]; then
	tap_fail "vmlat-test.ko is in the initramfs (the harness builds it)"
else
	tap_skip "hard-IRQ check with vmlat-test.ko" "the harness ran with --no-test-build"
fi
tap_finish
