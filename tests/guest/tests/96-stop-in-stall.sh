#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A stop that lands while the sampled CPU is stalled: the simulator holds
# cpu1 with interrupts off for 100 ms, 4 times a second, while cpu0
# writes enabled=0 at random moments. A stop in a stall cancels a timer
# that is already due and never fires; vmlat then counts the periods it
# would have missed (docs/abi.md, missed), so that on cpu1 samples +
# missed still equals elapsed_ns / period within 1 % + 2 periods. Without
# that, each stop in a stall (4 in 10, by chance) loses up to 100 periods.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

rounds=10
tap_header "samples + missed cover the sampled time when a stop lands in a stall"
vmlat_need_test_ko
vmlat_need_cpus 2
vmlat_unload || tap_bail "cannot unload vmlat"
vmlat_load_test steal=sim sim_cpus=1 sim_rate_hz=4 \
	sim_block_us=100000 cpus=1 period_us=1000 enabled=0 ||
	tap_bail "cannot load vmlat-test.ko"

# the stops come from cpu0: a writer on cpu1 could not run in its stalls
taskset -p -c 0 $$ > /dev/null || tap_bail "cannot pin the test to cpu0"
# stop_round - sample from a reset, stop at a random moment, check cpu1's rate
stop_round()
{
	vmlat_set reset 1
	vmlat_set enabled 1
	# 0.4 .. 0.9 s: the stop lands anywhere in the 250 ms cycle
	usleep $((400000 + $(od -An -N2 -tu2 /dev/urandom) * 7))
	vmlat_set enabled 0
	out=$(vmlat_rate_check "$VMLAT_SUMMARY" 1 2 1) || bad=$((bad + 1))
	tap_diag "round $VMLAT_ROUND: $out"
}

bad=0
vmlat_rounds "$rounds" stop_round
tap_run "cpu1 was stolen from (steal_ns=$(vmlat_summary_key 1 steal_ns))" \
	test "$(vmlat_summary_key 1 steal_ns)" -gt 0
tap_is "$bad" 0 "$rounds stops at random moments: samples + missed = elapsed / period within 1 % + 2 periods"
vmlat_unload || tap_fail "rmmod vmlat-test"
tap_finish
