#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Snapshot consistency under load: with the timers at the fastest period
# (50 us) every histogram file, read again and again while the callbacks
# update it, still has a count column that sums exactly to its samples and
# rows in order. A torn read shows up as a mismatch here.

. /lib/vmlat-tests/tap.sh
. /lib/vmlat-tests/vmlat.sh

tap_header "consistent snapshots while sampling"
vmlat_fresh period_us=50 || tap_bail "cannot load vmlat.ko"
sleep 1

vmlat_hist_files > /tmp/hist.files
while read -r file type cpu; do
	bad=0
	reads=0
	while [ $reads -lt 20 ]; do
		reads=$((reads + 1))
		if ! out=$(vmlat_check_hist "$file" "$type" "$cpu" 50); then
			bad=$((bad + 1))
			[ $bad -eq 1 ] && echo "$out"
		fi
	done
	tap_is "$bad" 0 "${file#$VMLAT_DEBUGFS/}: $reads reads while sampling at 50 us, none torn"
done < /tmp/hist.files

bad=0
reads=0
while [ $reads -lt 20 ]; do
	reads=$((reads + 1))
	vmlat_check_summary 0 > /tmp/summary.check || bad=$((bad + 1))
done
tap_is "$bad" 0 "summary: $reads reads while sampling at 50 us, all well formed"
[ "$bad" -gt 0 ] && cat /tmp/summary.check

vmlat_unload
tap_finish
