#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# cpu=all stolen_share with a mix of steal sources (docs/abi.md, summary):
# the stolen time of the CPUs that have a source, divided by the lateness
# of those CPUs only. A CPU without a source has no stolen time, so its
# lateness in the divisor would only dilute the ratio.
#
# steal=sim gives every CPU a source (tests/guest/tests/85-steal-sim.sh);
# a CPU without one is made by taking it offline, which detaches its
# steal clock, and planting lateness with no steal on it (sim_sums): the
# steal it recorded before would stay in the files (83-steal-offline.sh).
# On x86 cpu0 cannot go offline, so the simulator robs cpu0 alone
# (sim_cpus=0) and the last CPU that can go offline is the one without a
# source. The expected ratio is recomputed here with exact integers
# (vmlat-exact) from each CPU's own figures: the summary's stolen_ns (a
# CPU without steal has no such key), the hist file's lateness sum.
# First on cpu0's sampled figures, then on planted sums above 2^64.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "cpu=all stolen_share counts only the CPUs with a steal source"
vmlat_need_test_ko
command -v vmlat-exact >/dev/null || tap_skip_all "no vmlat-exact in $VMLAT_LIB/bin or on PATH"
off=
for c in $(vmlat_cpus_possible); do
	[ "$c" != 0 ] && [ -w "/sys/devices/system/cpu/cpu$c/online" ] && off=$c
done
[ -n "$off" ] || tap_skip_all "needs a CPU besides cpu0 that can go offline"
vmlat_unload || tap_bail "cannot unload vmlat"

X()
{
	vmlat-exact "$@" || tap_bail "vmlat-exact $*"
}

# lat_sum - cpu $1's lateness sum, from its hist file's sum= key
lat_sum()
{
	sed -n '3s/.* sum=\([0-9]*\).*/\1/p' "$VMLAT_DEBUGFS/per_cpu/cpu$1/hist"
}

# check_all - $1 what the figures are; compare cpu=all with the CPUs'
check_all()
{
	stolen=0
	lat=0
	lat_every=0
	for c in $(vmlat_cpus_possible); do
		l=$(lat_sum "$c")
		[ -n "$l" ] || tap_bail "no lateness sum in cpu$c/hist"
		lat_every=$(X sum "$lat_every" "$l")
		src=$(vmlat_summary_key "$c" steal_source)
		s=$(vmlat_summary_key "$c" stolen_ns) || continue
		tap_is "$(vmlat_summary_key "$c" stolen_share)" "$(X ratio "$s" "$l" 1 4)" \
			"$1: cpu$c ($src): stolen_share = stolen_ns / lateness sum ($s / $l)"
		stolen=$(X sum "$stolen" "$s")
		lat=$(X sum "$lat" "$l")
	done
	want=$(X ratio "$stolen" "$lat" 1 4)
	diluted=$(X ratio "$stolen" "$lat_every" 1 4)
	# the test can only fail the old division if the two ratios differ
	tap_run "$1: the CPUs without a source change the ratio if counted ($want vs $diluted)" \
		test "$want" != "$diluted"
	tap_is "$(vmlat_summary_key all stolen_ns)" "$(X sat "$stolen")" \
		"$1: cpu=all stolen_ns adds up the CPUs with a source"
	tap_is "$(vmlat_summary_key all stolen_share)" "$want" \
		"$1: cpu=all stolen_share = $stolen / $lat (their lateness only)"
}

# 1. sampled: cpu0 robbed of 2 ms 20 times a second, a still picture
vmlat_load_test steal=sim sim_cpus=0 sim_rate_hz=20 \
	sim_block_us=2000 || tap_bail "cannot load vmlat-test.ko"
sleep 1
vmlat_set reset 1
sleep 4
vmlat_set enabled 0
n=$(vmlat_summary_key "$off" samples)
l=$(lat_sum "$off")
el=$(vmlat_summary_key "$off" elapsed_ns)
tap_run "cpu$off goes offline" sh -c "echo 0 > /sys/devices/system/cpu/cpu$off/online"
tap_is "$(vmlat_summary_key "$off" steal_source)" none "offline cpu$off has no steal source"
tap_is "$(vmlat_summary_key 0 steal_source)" sim "cpu0 has the simulated one"
tap_is "$(vmlat_summary_key all steal_source)" mixed "cpu=all: steal_source=mixed"
vmlat_set sim_sums "$off $n $l 0 0 0 $el" || tap_bail "sim_sums refused cpu$off"
tap_is "$(lat_sum "$off")" "$l" "cpu$off: its sampled lateness sum planted back, with no steal ($l ns)"
vmlat_set sim_sums "$off $n $l 1 0 0 $el"
tap_result $((! $?)) "sim_sums refuses steal figures on a CPU without a source"
check_all "cpu0 sampled"

# 2. planted: sums whose totals need 128 bits (sim_sums, docs/abi.md)
big=$(X sub 18446744073709551615 1000)
vmlat_set sim_sums "0 1000 $big $big $(X avg "$big" 3) 0 $big" ||
	tap_bail "sim_sums refused cpu0"
vmlat_set sim_sums "$off 1000 $big 0 0 0 $big" || tap_bail "sim_sums refused cpu$off"
for c in $(vmlat_cpus_possible); do
	[ "$c" = 0 ] || [ "$c" = "$off" ] && continue
	vmlat_set sim_sums "$c 1000 $(X sub "$big" 1) $(X avg "$big" 2) 12345 0 $big" ||
		tap_bail "sim_sums refused cpu$c"
done
check_all planted

echo 1 > "/sys/devices/system/cpu/cpu$off/online"
vmlat_unload || tap_fail "rmmod vmlat"
tap_finish
