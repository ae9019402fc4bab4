#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The guest itself: the pseudo file systems the other tests rely on are
# mounted, the CPUs the harness asked for are there, and the module files
# were packed into the initramfs.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "guest environment on $(uname -r)"
tap_diag "possible CPUs: $(cat /sys/devices/system/cpu/possible), online: $(cat /sys/devices/system/cpu/online)"
tap_diag "clocksource: $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"

tap_run "debugfs is mounted" grep -q ' /sys/kernel/debug debugfs ' /proc/mounts
tap_is "$(grep -c ^processor /proc/cpuinfo)" "${VMLAT_HARNESS_SMP:-2}" "the CPUs the harness asked for are online"
tap_run "hrtimers run in high resolution mode" grep -q 'hres_active *: 1' /proc/timer_list
tap_run "vmlat.ko is in the initramfs" test -f "$VMLAT_KO"
if [ "${VMLAT_HARNESS_TEST_BUILD:-1}" = 1 ]; then
	tap_run "vmlat-test.ko is in the initramfs" test -f "$VMLAT_TEST_KO"
else
	tap_skip "vmlat-test.ko is in the initramfs" "harness ran with --no-test-build"
fi
tap_finish
