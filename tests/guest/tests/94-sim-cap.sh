#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The test build's simulator takes sim_rate_hz x sim_block_us of each
# simulated CPU, with interrupts off. Capped at half a second per second
# (docs/steal.md): a bigger product is refused at insmod and at a knob
# write, with a message, whatever the order of the parameters; a write
# that is refused changes nothing; a good write takes effect. Before the
# cap, sim_rate_hz=1000 sim_block_us=100000 (100 s per second) loaded.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "the steal simulator's cap: at most 500 ms per second"
vmlat_need_test_ko
vmlat_need_cpus 2
vmlat_unload || tap_bail "cannot unload vmlat"

says_cap()
{
	vmlat_dmesg_since | grep -q "at most 500000"
}

# refused - insmod with $@ must fail and say why in the kernel log
refused()
{
	vmlat_dmesg_mark
	if out=$(insmod "$VMLAT_TEST_KO" "$@" 2>&1); then
		tap_fail "insmod $* is refused"
		# never leave an over-cap simulator running
		vmlat_unload
		tap_bail "an over-cap simulator loaded: not trying worse"
	fi
	tap_pass "insmod $* is refused ($out)"
	tap_run "insmod $*: the kernel log says the cap" says_cap
}

# loads - insmod with $@ must load
loads()
{
	tap_run "insmod $* loads" vmlat_load_test "$@"
}

# a simulator on no CPU at all: only the parameters are under test
refused sim_rate_hz=1000 sim_block_us=501
refused sim_block_us=600 sim_rate_hz=1000
refused sim_rate_hz=1000 sim_block_us=100000
refused sim_rate_hz=6 sim_block_us=100000
vmlat_dmesg_mark
loads sim_rate_hz=1000 sim_block_us=500
vmlat_unload
# in this order, the default rate (40) x 20000 us would be over the cap
# for a moment: the product is checked once all parameters are in
loads sim_block_us=20000 sim_rate_hz=10
tap_is "$(vmlat_get sim_rate_hz) $(vmlat_get sim_block_us)" "10 20000" \
	"sim_rate_hz and sim_block_us read back 10 and 20000"

# at run time each write is checked against the other knob
vmlat_dmesg_mark
vmlat_set sim_rate_hz 30
tap_result $((! $?)) "sim_rate_hz=30 with sim_block_us=20000 (600 ms/s) is refused"
vmlat_set sim_block_us 60000
tap_result $((! $?)) "sim_block_us=60000 with sim_rate_hz=10 (600 ms/s) is refused"
tap_is "$(vmlat_get sim_rate_hz) $(vmlat_get sim_block_us)" "10 20000" \
	"refused writes changed nothing"
tap_run "a refused write says the cap in the kernel log" says_cap
for bad in 0 1001 -1 "" x 10x; do
	vmlat_set sim_rate_hz "$bad"
	tap_result $((! $?)) "sim_rate_hz refuses '$bad'"
done
vmlat_set sim_block_us 100001
tap_result $((! $?)) "sim_block_us refuses 100001"
vmlat_set sim_rate_hz 25
tap_result $? "sim_rate_hz=25 with sim_block_us=20000 (exactly 500 ms/s) is accepted"
vmlat_set sim_block_us 20001
tap_result $((! $?)) "sim_block_us=20001 with sim_rate_hz=25 is refused"
tap_is "$(vmlat_get sim_rate_hz) $(vmlat_get sim_block_us)" "25 20000" \
	"the knobs read back 25 and 20000"
vmlat_unload

# a runtime write takes effect: 40 Hz x 500 us = 20 ms/s, then 80 Hz
vmlat_load_test steal=sim sim_cpus=1 sim_rate_hz=40 sim_block_us=500 ||
	tap_bail "cannot load vmlat-test.ko"
vmlat_set sim_rate_hz 80
tap_result $? "sim_rate_hz=80 at run time is accepted"
sleep 1
vmlat_set reset 1
sleep 4
vmlat_set enabled 0
ms=$(vmlat_summary_key 1 steal_ms_per_s)
tap_run "after sim_rate_hz=80, cpu1 steals 40 ms/s +- 25 % (got $ms)" \
	awk -v v="$ms" 'BEGIN { exit !(v >= 30 && v <= 50) }'
vmlat_unload
tap_finish
