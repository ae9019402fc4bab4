#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-here: safe
#
# Snapshot consistency under load: with the timers at the fastest period
# (50 us) every histogram file, read again and again while the callbacks
# update it, still has a count column that sums exactly to its samples and
# rows in order. A torn read shows up as a mismatch here. And none of
# those reads needed an IPI to the measured CPU (snapshot_ipis stays 0).

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

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

# The copies above must not have needed the IPI fallback, which copies
# with interrupts off on the measured CPU and so adds to its lateness
# (docs/design.md, "Readers"). Then a reader pinned to each CPU in turn,
# so that the timer also interrupts the copy on its own CPU.
for c in $(vmlat_cpus_possible); do
	n=0
	end=$(($(cut -d. -f1 /proc/uptime) + 3))
	while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
		taskset -c "$c" cat "$VMLAT_SUMMARY" "$VMLAT_DEBUGFS/hist" \
			"$VMLAT_DEBUGFS/per_cpu/cpu$c/hist" > /dev/null
		n=$((n + 1))
	done
	tap_diag "reads pinned to cpu$c: $n rounds of 3 files"
done
for c in $(vmlat_cpus_possible) all; do
	tap_is "$(vmlat_summary_key "$c" snapshot_ipis)" 0 \
		"cpu=$c: snapshot_ipis=0 after every read above at 50 us"
done

vmlat_unload
tap_finish
