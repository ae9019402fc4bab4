#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A CPU that lacks a forced steal source: while vmlat loads, it refuses
# the load; while vmlat is live or exiting, it costs that CPU its steal
# data but never refuses the CPU (a hotplug callback that fails a CPU
# coming online during rmmod would leave the user a CPU that cannot come
# online). Test build: steal=sim forced, sim_absent_cpus=1 gives cpu1 no
# steal area, sim_exit_delay_ms holds rmmod open while cpu1 comes online.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "a CPU without the forced steal source, at load, live and during rmmod"
online=/sys/devices/system/cpu/cpu1/online
[ -w "$online" ] || tap_skip_all "cpu1 cannot be taken offline here"
[ "${VMLAT_HARNESS_TEST_BUILD:-0}" = 1 ] && [ -f "$VMLAT_TEST_KO" ] ||
	tap_skip_all "needs the test build (vmlat-test.ko)"
VMLAT_KO=$VMLAT_TEST_KO
vmlat_unload || tap_bail "cannot unload vmlat"

# loading: cpu1 online without a source refuses the load
vmlat_dmesg_mark
vmlat_load steal=sim sim_absent_cpus=1 2>/dev/null
tap_run "insmod steal=sim with cpu1 lacking it is refused" test $? -ne 0
tap_run "not loaded after the refusal" sh -c '! [ -d /sys/module/vmlat ]'
tap_run "the log says which CPU lacks the source" \
	sh -c "dmesg | tail -n 20 | grep -q 'steal=sim is not available on cpu1'"

# live: cpu1 comes online, without steal
echo 0 > "$online"
tap_run "insmod steal=sim with cpu1 offline loads" vmlat_load steal=sim sim_absent_cpus=1
tap_run "cpu1 comes online while live" sh -c "echo 1 > $online"
sleep 1
tap_is "$(vmlat_summary_key 1 active)" 1 "live: cpu1 samples, without steal"
tap_run "live: cpu1's steal_source says why it has none" \
	grep -q '^cpu=1 source=none reason=test build: no simulated steal area' "$VMLAT_DEBUGFS/steal_source"

# exiting: cpu1 comes online while rmmod waits in exit
echo 0 > "$online"
vmlat_set sim_exit_delay_ms 3000
rmmod vmlat &
rmmod_pid=$!
sleep 1
tap_run "rmmod is still in exit" test -d /sys/module/vmlat
( echo 1 > "$online" ) 2>/dev/null
tap_is "$?" 0 "cpu1 comes online while vmlat exits"
tap_is "$(cat "$online")" 1 "cpu1 is online"
wait "$rmmod_pid"
tap_is "$?" 0 "rmmod finishes"
tap_run "vmlat is gone" sh -c '! [ -d /sys/module/vmlat ]'
tap_run "the log warned instead of refusing" \
	sh -c "dmesg | tail -n 20 | grep -q 'cpu1: steal=sim not available'"
tap_run "cpu1 goes offline and online again afterwards" \
	sh -c "echo 0 > $online && echo 1 > $online"
tap_finish
