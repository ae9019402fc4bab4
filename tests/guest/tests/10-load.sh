#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-here: safe
#
# Load and unload: insmod creates the parameters and the debugfs tree,
# sampling starts by default, rmmod removes both, and the cycle repeats
# (a second load must not trip over leftovers of the first).

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "load and unload"
[ -f "$VMLAT_KO" ] || tap_bail "no $VMLAT_KO in the initramfs"
vmlat_unload

for round in 1 2 3; do
	vmlat_dmesg_mark
	tap_run "round $round: insmod vmlat.ko succeeds" vmlat_load
	tap_run "round $round: /sys/module/vmlat/parameters exists" test -d "$VMLAT_PARAMS"
	tap_run "round $round: $VMLAT_DEBUGFS exists" test -d "$VMLAT_DEBUGFS"
	tap_run "round $round: lsmod lists vmlat" sh -c 'lsmod | grep -q "^vmlat "'
	sleep 1
	samples=$(vmlat_summary_key all samples)
	tap_run "round $round: sampling runs by default (samples=$samples after 1 s)" \
		test "${samples:-0}" -gt 0
	tap_is "$(vmlat_summary_key all active)" "$(vmlat_cpus_possible | wc -w)" \
		"round $round: every CPU's timer is armed by default"
	tap_run "round $round: rmmod vmlat succeeds" rmmod vmlat
	tap_run "round $round: /sys/module/vmlat is gone" test ! -e /sys/module/vmlat
	tap_run "round $round: $VMLAT_DEBUGFS is gone" test ! -e "$VMLAT_DEBUGFS"
	# an unsigned module taints the kernel: expected, not an error
	errors=$(vmlat_dmesg_since | grep -i 'vmlat' | grep -v 'module verification failed' |
		grep -i -E 'fail|error|invalid' || true)
	tap_is "$errors" "" "round $round: no vmlat error in the kernel log"
done

# the defaults read back as docs/abi.md states them
vmlat_load
tap_is "$(vmlat_get enabled)" Y "enabled defaults to Y"
tap_is "$(vmlat_get period_us)" 1000 "period_us defaults to 1000"
tap_is "$(vmlat_get cpus)" "$(cat /sys/devices/system/cpu/possible)" "cpus defaults to all possible CPUs"
tap_is "$(vmlat_get reset)" 0 "reset reads 0"
tap_is "$(vmlat_get steal)" auto "steal defaults to auto"
tap_is "$(vmlat_get trace_threshold_ns)" 0 "trace_threshold_ns defaults to 0"
tap_is "$(vmlat_get stop_tracing_ns)" 0 "stop_tracing_ns defaults to 0"
vmlat_unload
tap_finish
