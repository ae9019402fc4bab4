#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# CPU hotplug while sampling: cpu1 going offline stops its timer (active
# goes 0, its counters freeze), coming back online resumes sampling there
# (active goes 1, counters move), three times over; a CPU that comes
# online unselected or while disabled stays quiet. Splats from the
# hotplug callbacks are caught by the harness's log scan.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "cpu hotplug"
online=/sys/devices/system/cpu/cpu1/online
[ -w "$online" ] || tap_skip_all "cpu1 cannot be taken offline here"
vmlat_fresh period_us=500 || tap_bail "cannot load vmlat.ko"
sleep 1

for round in 1 2 3; do
	tap_run "round $round: cpu1 goes offline" sh -c "echo 0 > $online"
	tap_is "$(vmlat_summary_key 1 active)" 0 "round $round: cpu1 active=0 while offline"
	s0=$(vmlat_summary_key 0 samples)
	s1=$(vmlat_summary_key 1 samples)
	sleep 1
	tap_is "$(vmlat_summary_key 1 samples)" "$s1" "round $round: cpu1 samples frozen while offline"
	tap_run "round $round: cpu0 keeps sampling" test "$(vmlat_summary_key 0 samples)" -gt "$s0"
	tap_run "round $round: cpu1 comes back online" sh -c "echo 1 > $online"
	sleep 1
	tap_is "$(vmlat_summary_key 1 active)" 1 "round $round: cpu1 active=1 after online"
	tap_run "round $round: cpu1 samples again ($s1 -> $(vmlat_summary_key 1 samples))" \
		test "$(vmlat_summary_key 1 samples)" -gt "$s1"
done
out=$(vmlat_check_summary 0)
tap_result $? "summary is well formed after hotplug"
[ -n "$out" ] && echo "$out"

# rapid cycles while sampling fast: the hotplug callbacks racing the timer
vmlat_set period_us 50
i=0
while [ $i -lt 10 ]; do
	echo 0 > "$online"
	echo 1 > "$online"
	i=$((i + 1))
done
sleep 1
tap_is "$(vmlat_summary_key 1 active)" 1 "after 10 quick offline/online cycles cpu1 samples"
vmlat_set period_us 500

# unselected: cpu1 comes online and stays quiet
vmlat_set cpus 0
echo 0 > "$online"
echo 1 > "$online"
vmlat_set reset 1
sleep 1
tap_is "$(vmlat_summary_key 1 active) $(vmlat_summary_key 1 samples)" "0 0" \
	"unselected cpu1 stays quiet after coming online"

# disabled: nothing starts when cpu1 comes online
vmlat_set cpus "$(cat /sys/devices/system/cpu/possible)"
vmlat_set enabled 0
echo 0 > "$online"
echo 1 > "$online"
tap_is "$(vmlat_summary_key all active)" 0 "no timer starts on online while disabled"
vmlat_set enabled 1
tap_is "$(vmlat_summary_key all active)" "$(vmlat_cpus_possible | wc -w)" "every CPU samples after enabling"

# offline while disabled, then enable: only the online CPU starts
vmlat_set enabled 0
echo 0 > "$online"
vmlat_set enabled 1
tap_is "$(vmlat_summary_key 0 active) $(vmlat_summary_key 1 active)" "1 0" \
	"enabling with cpu1 offline arms only cpu0"
echo 1 > "$online"
sleep 1
tap_is "$(vmlat_summary_key 1 active)" 1 "cpu1 starts when it comes online"

# rmmod with a CPU offline, and insmod with a CPU offline
echo 0 > "$online"
tap_run "rmmod with cpu1 offline" vmlat_unload
tap_run "insmod with cpu1 offline" vmlat_load
tap_is "$(vmlat_summary_key 1 active)" 0 "offline cpu1 is not armed at insmod"
echo 1 > "$online"
sleep 1
tap_is "$(vmlat_summary_key 1 active)" 1 "cpu1 starts when it comes online after insmod"
vmlat_unload
tap_finish
