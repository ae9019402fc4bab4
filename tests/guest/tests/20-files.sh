#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-here: safe
#
# The files of docs/abi.md exist with their modes: every data file under
# /sys/kernel/debug/vmlat 0400 (per_cpu/cpuN for every possible CPU), every
# knob 0644 except the load-time steal knob 0444, and nothing writable in
# debugfs.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "files and modes"
vmlat_fresh || tap_bail "cannot load vmlat.ko"

# check_mode - $1 path, $2 wanted octal mode
check_mode()
{
	if [ ! -e "$1" ]; then
		tap_fail "$1 exists"
		return
	fi
	tap_is "$(stat -c %a "$1")" "$2" "$1 has mode $2"
}

for f in summary steal_source causes hist steal residual; do
	check_mode "$VMLAT_DEBUGFS/$f" 400
done
for c in $(vmlat_cpus_possible); do
	for f in hist steal residual; do
		check_mode "$VMLAT_DEBUGFS/per_cpu/cpu$c/$f" 400
	done
done
for k in enabled period_us cpus reset trace_threshold_ns stop_tracing_ns; do
	check_mode "$VMLAT_PARAMS/$k" 644
done
check_mode "$VMLAT_PARAMS/steal" 444

unexpected=$(find "$VMLAT_DEBUGFS" -type f -perm -0200 2>/dev/null)
tap_is "$unexpected" "" "no writable file under $VMLAT_DEBUGFS"
dirs=$(ls "$VMLAT_DEBUGFS/per_cpu" | tr '\n' ' ')
want=$(for c in $(vmlat_cpus_possible); do printf 'cpu%s ' "$c"; done)
tap_is "$dirs" "$want" "per_cpu/ holds one directory per possible CPU"

( echo 1 > "$VMLAT_DEBUGFS/summary" ) 2>/dev/null
tap_result $((! $?)) "writing a data file fails"
( echo auto > "$VMLAT_PARAMS/steal" ) 2>/dev/null
tap_result $((! $?)) "writing the load-time steal knob fails"

vmlat_unload
tap_finish
