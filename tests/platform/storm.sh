#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest script: the load of 65-consistency.sh, with a choice of timer.
# VMLAT_GUEST_PROBE=vmlat (vmlat.ko at 50 us, reading its histograms as
# 65-consistency does), null (bench/nullprobe's empty hrtimer at 50 us,
# run.sh --null-probe) or none (no 50 us timer at all), for
# VMLAT_GUEST_STORM_S seconds (default 90) of the same fork-heavy shell
# and awk loop. It checks nothing but that the loop ran: what counts is
# the kernel log, which the harness scans for reports.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

probe=${VMLAT_GUEST_PROBE:-vmlat}
storm_s=${VMLAT_GUEST_STORM_S:-90}
tap_header "read storm for $storm_s s with probe=$probe (tcg=${VMLAT_HARNESS_TCG:-?} cpu=${VMLAT_HARNESS_CPU:-?})"
tap_diag "clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"

# without vmlat, the same awk over a file of a like shape, once per CPU
proc_files()
{
	for cpu in $(seq 0 $(($(nproc) - 1))); do
		echo "/proc/interrupts lateness $cpu"
	done
}

case $probe in
vmlat)	vmlat_fresh period_us=50 || tap_bail "cannot load vmlat.ko"
	vmlat_hist_files > /tmp/hist.files ;;
null)	insmod "$VMLAT_MODDIR/vmlat_null.ko" period_us=50 ||
		tap_bail "cannot load vmlat_null.ko (run.sh --null-probe)"
	proc_files > /tmp/hist.files ;;
none)	proc_files > /tmp/hist.files ;;
*)	tap_bail "VMLAT_GUEST_PROBE is vmlat, null or none, not '$probe'" ;;
esac

end=$(($(cut -d. -f1 /proc/uptime) + storm_s))
rounds=0
while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
	while read -r file type cpu; do
		out=$(awk -v cpu="$cpu" 'NR > 1 { n += $2 } END { print n + 0 }' "$file")
		[ -n "$out" ] || break
	done < /tmp/hist.files
	rounds=$((rounds + 1))
done
tap_run "the read loop ran $rounds rounds in $storm_s s" test "$rounds" -gt 0
case $probe in
vmlat) vmlat_unload || tap_fail "unload vmlat" ;;
null) rmmod vmlat_null || tap_fail "unload vmlat_null" ;;
esac
tap_finish
