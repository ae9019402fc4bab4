#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A CPU that goes offline loses its steal source but keeps the steal it
# recorded, and every file says the same about it (docs/abi.md): its
# summary line keeps the steal keys, equal to its steal histogram;
# cpu=all adds them in, equal to the merged steal histogram; steal_source
# says the CPU is offline and which source its history came from. After
# a reset it has neither source nor history, and no steal keys. The
# simulator robs the CPU that goes offline (cpu0 cannot, on x86).

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "steal history of an offline CPU, in every file"
vmlat_need_test_ko
off=
for c in $(vmlat_cpus_possible); do
	[ "$c" != 0 ] && [ -w "/sys/devices/system/cpu/cpu$c/online" ] && off=$c
done
[ -n "$off" ] || tap_skip_all "needs a CPU besides cpu0 that can go offline"
online=/sys/devices/system/cpu/cpu$off/online
vmlat_unload || tap_bail "cannot unload vmlat"

# hist_sum FILE - the sum= key of a histogram file's third line
hist_sum()
{
	sed -n '3s/.* sum=\([0-9]*\).*/\1/p' "$VMLAT_DEBUGFS/$1"
}

# reason CPU - that CPU's steal_source reason
reason()
{
	sed -n "s/^cpu=$1 source=[a-z]* reason=//p" "$VMLAT_DEBUGFS/steal_source"
}

# agree WHAT - the steal keys of every line against the histograms
agree()
{
	all=0
	for c in $(vmlat_cpus_possible); do
		h=$(hist_sum "per_cpu/cpu$c/steal")
		if s=$(vmlat_summary_key "$c" steal_ns); then
			tap_is "$s" "$h" "$1: cpu$c steal_ns = its steal histogram's sum"
			all=$((all + s))
		else
			tap_is "$h" 0 "$1: cpu$c has no steal keys, and an empty steal histogram"
		fi
	done
	tap_is "$(vmlat_summary_key all steal_ns)" "$(hist_sum steal)" \
		"$1: cpu=all steal_ns = the merged steal histogram's sum"
	tap_is "$(vmlat_summary_key all steal_ns)" "$all" \
		"$1: cpu=all steal_ns = the sum of the CPU lines ($all)"
}

vmlat_load_test steal=sim sim_cpus=$off sim_rate_hz=50 \
	sim_block_us=1000 || tap_bail "cannot load vmlat-test.ko"
sleep 3
tap_run "cpu$off goes offline" sh -c "echo 0 > $online"
tap_is "$(vmlat_summary_key "$off" steal_source)" none "offline cpu$off: steal_source=none"
st=$(vmlat_summary_key "$off" steal_ns)
tap_run "offline cpu$off keeps its steal keys (steal_ns=${st:-none})" test "${st:-0}" -gt 0
tap_is "$(reason "$off")" "CPU offline; its steal from sim stays in the files" \
	"steal_source: cpu$off is offline, its history from sim"
agree "cpu$off offline"

vmlat_set enabled 0
vmlat_set reset 1
tap_run "after a reset offline cpu$off has no steal keys" \
	sh -c "! grep -q '^cpu=$off .*steal_ns=' $VMLAT_SUMMARY"
vmlat_set enabled 1
sleep 1
agree "reset, cpu$off offline"

tap_run "cpu$off comes back online" sh -c "echo 1 > $online"
sleep 2
tap_is "$(vmlat_summary_key "$off" steal_source)" sim "cpu$off has the simulated source again"
tap_is "$(reason "$off")" "test build: simulated host" "steal_source: its reason is the simulator's again"
tap_run "cpu$off records steal again" test "$(vmlat_summary_key "$off" steal_ns)" -gt 0
vmlat_set enabled 0
agree "cpu$off back online"
vmlat_unload || tap_fail "rmmod vmlat-test"
tap_finish
