#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-here: safe
#
# Unloading in awkward moments: while every timer runs at the fastest
# period, right after loading, and while a debugfs file is held open
# (either rmmod is refused as busy and succeeds once the file is closed,
# or it succeeds and the open file fails on read; never a crash, which the
# harness's log scan would catch).

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "rmmod in awkward moments"
vmlat_unload || tap_bail "cannot unload vmlat"

for round in 1 2 3 4 5; do
	vmlat_load period_us=50 || tap_bail "cannot load vmlat.ko"
	sleep 1
	tap_is "$(vmlat_summary_key all active)" "$(vmlat_cpus_possible | wc -w)" \
		"round $round: every timer armed at 50 us"
	tap_run "round $round: rmmod while sampling at 50 us" rmmod vmlat
done

i=0
fails=0
while [ $i -lt 10 ]; do
	insmod "$VMLAT_KO" period_us=50 && rmmod vmlat || fails=$((fails + 1))
	i=$((i + 1))
done
tap_is "$fails" 0 "10 back-to-back insmod/rmmod cycles at 50 us"

# held_open - hold $1 open on fd 3 (after reading $2 bytes of it) across rmmod
held_open()
{
	file=$1
	what=${file#$VMLAT_DEBUGFS/}
	vmlat_load period_us=100 || tap_bail "cannot load vmlat.ko"
	sleep 1
	exec 3< "$file"
	[ "$2" -gt 0 ] && dd bs="$2" count=1 <&3 >/dev/null 2>&1
	if rmmod vmlat 2>/dev/null; then
		tap_pass "$what held open ($2 bytes read): rmmod succeeds"
		tap_run "$what held open: the module is gone" test ! -e /sys/module/vmlat
		if cat <&3 > /tmp/after-rmmod 2>/dev/null; then
			tap_fail "$what held open: reading it after rmmod fails"
			tap_diag "read $(wc -c < /tmp/after-rmmod) bytes after rmmod"
		else
			tap_pass "$what held open: reading it after rmmod fails"
		fi
		exec 3<&-
	else
		tap_pass "$what held open ($2 bytes read): rmmod is refused as busy"
		tap_run "$what held open: the module stays loaded and readable" \
			sh -c "test -d /sys/module/vmlat && cat $VMLAT_SUMMARY >/dev/null"
		exec 3<&-
		tap_run "$what closed: rmmod now succeeds" rmmod vmlat
	fi
}
held_open "$VMLAT_DEBUGFS/summary" 0
held_open "$VMLAT_DEBUGFS/summary" 10
held_open "$VMLAT_DEBUGFS/hist" 50
held_open "$VMLAT_DEBUGFS/per_cpu/cpu1/hist" 0
held_open "$VMLAT_DEBUGFS/steal_source" 0

# a reader in a loop while the module goes away
vmlat_load period_us=50
(while true; do cat "$VMLAT_DEBUGFS/hist" "$VMLAT_DEBUGFS/summary" > /dev/null 2>&1; done) &
reader=$!
sleep 1
# rmmod may be refused as busy while a file is open: retry, like a user
tries=0
while vmlat_loaded && [ $tries -lt 50 ]; do
	rmmod vmlat 2>/dev/null
	tries=$((tries + 1))
done
tap_diag "rmmod attempts while reading: $tries"
kill "$reader"
wait "$reader" 2>/dev/null
vmlat_loaded && rmmod vmlat 2>/dev/null
tap_run "rmmod while another process reads in a loop: the module goes" test ! -e /sys/module/vmlat
tap_run "insmod works afterwards" vmlat_load
vmlat_unload
tap_finish
