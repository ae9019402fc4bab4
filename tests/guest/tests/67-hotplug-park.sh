#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A CPU parked below vmlat's hotplug state: online for the kernel (it is
# in cpu_online_mask) but vmlat's online callback has not run there, so
# vmlat must not arm a timer on it, which its teardown would never cancel.
# Every knob that walks the CPUs (enabled, cpus, period_us, reset) is
# written while cpu1 is parked; cpu1 must stay quiet, rmmod must leave no
# timer behind (a timer armed there would fire into the unloaded module:
# the harness's log scan catches the crash), a load while cpu1 is parked
# must leave it alone too, and cpu1 samples again once unparked. Parking
# at an arbitrary state needs CONFIG_CPU_HOTPLUG_STATE_CONTROL: the debug
# kernel has it (tests/debug/), Debian's kernels do not (SKIP).

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "cpu1 parked below vmlat's hotplug state"
cpu=/sys/devices/system/cpu/cpu1
states=/sys/devices/system/cpu/hotplug/states
[ -w "$cpu/hotplug/target" ] || tap_skip_all "cpu1 has no hotplug target here"
vmlat_fresh period_us=500 || tap_bail "cannot load vmlat.ko"

# the states, "N: name"; vmlat's own and the online state's numbers
vmlat_state=$(sed -n 's/^ *\([0-9]*\): vmlat:online$/\1/p' "$states")
online_state=$(sed -n 's/^ *\([0-9]*\): online$/\1/p' "$states")
[ -n "$vmlat_state" ] && [ -n "$online_state" ] ||
	tap_bail "no vmlat:online or online state in $states"
tap_diag "vmlat:online is state $vmlat_state, online $online_state"

# park - bring cpu1 down to the highest named state below vmlat's that the
# kernel lets a CPU stop at; the state reached, or nothing
park()
{
	for _s in $(awk -F: -v below="$vmlat_state" '$1 + 0 < below + 0 && $1 + 0 > 0 { print $1 + 0 }' "$states" | sort -rn); do
		if ( echo "$_s" > "$cpu/hotplug/target" ) 2>/dev/null; then
			echo "$_s"
			return 0
		fi
	done
	return 1
}

parked=$(park)
if [ -z "$parked" ]; then
	vmlat_unload
	tap_skip_all "this kernel parks a CPU only at offline or online (no CONFIG_CPU_HOTPLUG_STATE_CONTROL)"
fi
tap_diag "cpu1 parked at state $parked: $(grep "^ *$parked:" "$states")"
tap_is "$(cat "$cpu/hotplug/state")" "$parked" "cpu1 stays at the state it was parked at"
tap_run "cpu1 is still online for the kernel" \
	sh -c "grep -q . $cpu/online && [ \$(cat $cpu/online) = 1 ]"
tap_is "$(vmlat_summary_key 1 active)" 0 "vmlat's offline callback stopped cpu1"

# every knob that walks the CPUs, while cpu1 is parked
vmlat_set enabled 0
vmlat_set enabled 1
vmlat_set cpus 0
vmlat_set cpus "$(cat /sys/devices/system/cpu/possible)"
vmlat_set period_us 250
vmlat_set reset 1
s0=$(vmlat_summary_key 0 samples)
s1=$(vmlat_summary_key 1 samples)
sleep 1
tap_is "$(vmlat_summary_key 1 active) $(vmlat_summary_key 1 samples)" "0 $s1" \
	"parked cpu1: no timer after enabled, cpus, period_us and reset writes"
tap_run "cpu0 samples meanwhile ($s0 -> $(vmlat_summary_key 0 samples))" \
	test "$(vmlat_summary_key 0 samples)" -gt "$s0"
tap_run "rmmod with cpu1 parked" vmlat_unload
# a timer left on cpu1 would fire into freed module memory now
sleep 1

# a load while cpu1 is parked leaves it alone
tap_run "insmod with cpu1 parked" vmlat_load period_us=500
sleep 1
tap_is "$(vmlat_summary_key 1 active) $(vmlat_summary_key 1 samples)" "0 0" \
	"loaded while cpu1 is parked: cpu1 quiet"
tap_run "cpu1 unparked to the online state" sh -c "echo $online_state > $cpu/hotplug/target"
tap_is "$(cat "$cpu/hotplug/state")" "$online_state" "cpu1 is fully online"
sleep 1
tap_is "$(vmlat_summary_key 1 active)" 1 "cpu1 samples once vmlat's callback ran there"
tap_run "cpu1 counts samples ($(vmlat_summary_key 1 samples))" \
	test "$(vmlat_summary_key 1 samples)" -gt 0

# parked and unparked while sampling fast: callbacks racing the timer
vmlat_set period_us 50
i=0
while [ $i -lt 5 ]; do
	echo "$parked" > "$cpu/hotplug/target"
	vmlat_set enabled 0
	vmlat_set enabled 1
	echo "$online_state" > "$cpu/hotplug/target"
	i=$((i + 1))
done
sleep 1
tap_is "$(vmlat_summary_key 1 active)" 1 "after 5 park/unpark cycles with knob writes cpu1 samples"
tap_run "rmmod" vmlat_unload
tap_finish
