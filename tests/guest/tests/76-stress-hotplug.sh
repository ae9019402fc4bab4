#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Reliability: CPU hotplug off/on 20 times on every non-boot CPU that can
# go offline, while sampling at period_us=100 and a reader loops over the
# files. Each offline must stop that CPU's timer (active=0), each online
# re-arm it (active=1); at the end every CPU samples, the periods
# accounted for (samples + missed) match the sampled time (offline time
# is neither sampled nor counted as missed), every file is consistent and
# the kernel log has no splat.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/stress.sh"

ROUNDS=${VMLAT_STRESS_ROUNDS:-20}
tap_header "stress: CPU hotplug x$ROUNDS while sampling at 100 us"
plug=""
for c in $(vmlat_cpus_online); do
	[ "$c" = 0 ] && continue
	[ -w /sys/devices/system/cpu/cpu$c/online ] && plug="$plug $c"
done
[ -n "$plug" ] || tap_skip_all "no CPU can be taken offline here"
vmlat_fresh period_us=100 || tap_bail "cannot load vmlat.ko"
stress_start readers
sleep 1

# plug_round - take each CPU of $plug offline and check that its timer
# stopped, then online again and check that its timer is armed
plug_round()
{
	for c in $plug; do
		echo 0 > /sys/devices/system/cpu/cpu$c/online || errs=$((errs + 1))
		[ "$(vmlat_summary_key "$c" active)" = 0 ] || stale_on=$((stale_on + 1))
		echo 1 > /sys/devices/system/cpu/cpu$c/online || errs=$((errs + 1))
		ops=$((ops + 2))
		# the online callback runs before the write returns
		[ "$(vmlat_summary_key "$c" active)" = 1 ] || stale_off=$((stale_off + 1))
	done
}

ops=0
errs=0
stale_on=0
stale_off=0
vmlat_rounds "$ROUNDS" plug_round
tap_diag "$ops hotplug operations on CPU(s)$plug in $VMLAT_ROUNDS_S s"
tap_is "$errs" 0 "all $ops offline/online writes succeed"
tap_is "$stale_on" 0 "every offline CPU has active=0"
tap_is "$stale_off" 0 "every CPU back online has active=1"

stress_readers_check "readers during hotplug"

# the whole run, hotplug rounds included: offline time is neither
# sampled nor missed (slack: up to one partial period per stop)
sleep 1
vmlat_set enabled 0
out=$(vmlat_rate_check "$VMLAT_SUMMARY" 5 $((ops + 3)))
tap_result $? "over the hotplug rounds: samples + missed = elapsed / period within 5 %"
echo "$out" | sed 's/^/# /'
out=$(stress_check_all 1)
tap_result $? "every file is consistent ($out)"

# after the storm: every CPU samples at the right rate
vmlat_set reset 1
vmlat_set enabled 1
sleep 2
vmlat_set enabled 0
for c in $(vmlat_cpus_online); do
	tap_run "cpu$c samples after the hotplug rounds ($(vmlat_summary_key "$c" samples) samples)" \
		test "$(vmlat_summary_key "$c" samples)" -gt 0
done
out=$(vmlat_rate_check "$VMLAT_SUMMARY" 5 3)
tap_result $? "after a reset: samples + missed = elapsed / period within 5 %"
echo "$out" | sed 's/^/# /'
tap_is "$(stress_splats)" 0 "no kernel splat"
tap_run "rmmod" vmlat_unload
tap_finish
