#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The snapshot's last resort, on a CPU up for vmlat and on one that is
# not: the test build's sim_torn_reads makes every read of the summary
# skip its tries under the seqcount, as if each copy were torn. cpu0 then
# copies its statistics itself by IPI; cpu1, offline, has them copied by
# the reader, which must do it as control code does: with interrupts off
# and under the control locks, against a reset on another CPU (the
# writers' rule, checked by a WARN in every *_local helper of the
# sampler and of the stages). Each read counts in snapshot_ipis, and what is shown stays
# whole (vmlat_check_summary: count = sum of buckets).

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

reads=20
tap_header "snapshots that lose every try: by IPI, and for a CPU not up"
vmlat_need_test_ko
online=/sys/devices/system/cpu/cpu1/online
[ -w "$online" ] || tap_skip_all "cpu1 cannot be taken offline here"
vmlat_unload || tap_bail "cannot unload vmlat"
# the kernel-thread stage on: the summary snapshots its statistics too,
# by the same rule (vmlat_stage_snapshot())
vmlat_load_test period_us=1000 thread=1 || tap_bail "cannot load vmlat-test.ko"
sleep 1
vmlat_dmesg_mark

tap_run "cpu1 goes offline" sh -c "echo 0 > $online"
s1=$(vmlat_summary_key 1 samples)
tap_run "sim_torn_reads=1" vmlat_set sim_torn_reads 1

# resets from a second shell meanwhile: the other writer of cpu1's statistics
(
	i=0
	while [ $i -lt $reads ]; do
		vmlat_set reset 1
		i=$((i + 1))
	done
) &
resetter=$!
i=0
while [ $i -lt $reads ]; do
	cat "$VMLAT_SUMMARY" > /dev/null
	i=$((i + 1))
done
wait $resetter
vmlat_set reset 1

# one read after the reset, kept: every read counts on every CPU
snap=/tmp/56-summary
cat "$VMLAT_SUMMARY" > "$snap"
live=$VMLAT_SUMMARY
VMLAT_SUMMARY=$snap
i0=$(vmlat_summary_key 0 snapshot_ipis)
i1=$(vmlat_summary_key 1 snapshot_ipis)
z1=$(vmlat_summary_key 1 samples)
VMLAT_SUMMARY=$live
tap_is "$i1" 1 "offline cpu1: the read after the reset was a copy of the last resort"
tap_is "$i0" 1 "cpu0: the read after the reset asked cpu0 by IPI"
tap_is "$z1" 0 "offline cpu1: the reset took effect"
out=$(vmlat_check_summary 0)
tap_result $? "summary whole while every read is a last resort"
[ -n "$out" ] && echo "$out"

tap_run "cpu1 comes back online" sh -c "echo 1 > $online"
sleep 1
a=$(vmlat_summary_key 1 snapshot_ipis)
b=$(vmlat_summary_key 1 snapshot_ipis)
tap_run "online cpu1: each read asks it by IPI ($a, then $b)" test "$b" -gt "$a"
tap_run "online cpu1 samples again ($s1 before the reset)" \
	test "$(vmlat_summary_key 1 samples)" -gt 0
tap_run "sim_torn_reads=0" vmlat_set sim_torn_reads 0

warn=$(vmlat_dmesg_since | grep -E 'WARNING|BUG|lockdep|_assert_local' | head -n 3)
tap_is "$warn" "" "no kernel warning from the reads"
vmlat_unload || tap_fail "rmmod vmlat-test"
tap_finish
