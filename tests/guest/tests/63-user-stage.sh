#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The user stage (knob user, per_cpu/cpuN/wait): a thread bound to CPU N
# blocks in read() of N's wait file until N's next expiry. Checks the
# lines (keys in order, lateness = irq + stolen + sched exactly, seq
# rising, the return part from the second read on), the summary keys
# against what was read, and every documented error: ENODEV (stage off,
# at entry and while waiting), EINVAL (not bound to the CPU, a short
# buffer), EBUSY (a second reader), ECANCELED (period change while
# waiting), ENXIO (the CPU goes offline while waiting; sampling off),
# and that rmmod is refused while a wait file is open.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "user stage"
vmlat_need_tool vmlat-waiter
vmlat_fresh period_us=1000 || tap_bail "cannot load vmlat.ko"

# err_of - the error name a waiter run printed ($1: its output file)
err_of()
{
	sed -n 's/^error=\([A-Z]*\).*/\1/p' "$1"
}

# waiter_bg - start a waiter on cpu $1 that reads until stopped; its
# output in /tmp/waiter.$1, its pid in $wpid; waits until it blocks
waiter_bg()
{
	vmlat-waiter -c "$1" -n 1000000 -p 90 > "/tmp/waiter.$1" 2>&1 &
	wpid=$!
	sleep 0.5
}

tap_is "$(vmlat_get user)" N "user is off by default"
vmlat-waiter -c 0 > /tmp/w.out
tap_is "$(err_of /tmp/w.out)" ENODEV "user=0: a read fails with ENODEV"

vmlat_set user 1
tap_is "$(vmlat_get user)" Y "user=1 is taken"
vmlat_set reset 1
vmlat-waiter -c 0 -n 300 -p 95 > /tmp/w.out
tap_is "$(grep -c '^seq=' /tmp/w.out)" 300 "300 reads, 300 lines"
tap_is "$(awk '{ for (i = 1; i <= NF; i++) { sub(/=.*/, "", $i) } print }' /tmp/w.out | sort -u)" \
	"seq lateness_ns irq_ns irq_stolen_ns stolen_ns sched_ns return_ns cause" "every line has the keys, in order"
bad=$(awk '{
	for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
	if (v["lateness_ns"] != v["irq_ns"] + v["stolen_ns"] + v["sched_ns"]) split_bad++
	if (v["irq_stolen_ns"] + 0 > v["irq_ns"] + 0) split_bad++
	if (NR > 1 && v["seq"] <= seq) seq_bad++
	if (NR == 1 && v["return_ns"] != 0) ret_bad++
	if (NR > 1 && v["return_ns"] <= 0) ret_bad++
	seq = v["seq"]
} END { printf "%d %d %d\n", split_bad, seq_bad, ret_bad }' /tmp/w.out)
tap_is "$bad" "0 0 0" "each line: lateness = irq + stolen + sched, irq_stolen <= irq, seq rises, return_ns from the second read on"
tap_is "$(vmlat_summary_key 0 user_samples)" 300 "summary: user_samples = the lines read"
tap_is "$(vmlat_summary_key 0 user_return_samples)" 299 "summary: user_return_samples = the reads after the first"
tap_is "$(vmlat_summary_key 0 user_sum_ns)" "$(awk '{ split($2, kv, "="); s += kv[2] } END { printf "%d", s }' /tmp/w.out)" \
	"summary: user_sum_ns = the lines' lateness summed"
tap_diag "$(grep '^cpu=0 ' "$VMLAT_SUMMARY" | tr ' ' '\n' | grep '^user_' | tr '\n' ' ')"

vmlat-waiter -c 0 -u > /tmp/w.out
tap_is "$(err_of /tmp/w.out)" EINVAL "a reader not bound to the CPU gets EINVAL"
vmlat-waiter -c 0 -b 16 > /tmp/w.out
tap_is "$(err_of /tmp/w.out)" EINVAL "a read of 16 bytes gets EINVAL"
vmlat-waiter -c 0 -b 255 > /tmp/w.out
tap_is "$(err_of /tmp/w.out)" EINVAL "a read of 255 bytes gets EINVAL (a line takes up to 256)"
vmlat-waiter -c 0 -b 256 -n 3 > /tmp/w.out
tap_is "$(grep -c '^seq=' /tmp/w.out)" 3 "reads of 256 bytes work"

cpu=$(vmlat_cpus_possible | awk '{ print $NF }')
waiter_bg "$cpu"
vmlat-waiter -c "$cpu" > /tmp/w.out
tap_is "$(err_of /tmp/w.out)" EBUSY "a second reader on cpu$cpu gets EBUSY"
if rmmod vmlat 2>/dev/null; then
	tap_fail "rmmod is refused while a wait file is open"
	vmlat_load period_us=1000 user=1
else
	tap_pass "rmmod is refused while a wait file is open"
fi
vmlat_set period_us 500
wait "$wpid"
tap_is "$(err_of "/tmp/waiter.$cpu")" ECANCELED "a period change wakes the reader with ECANCELED"

waiter_bg "$cpu"
vmlat_set user 0
wait "$wpid"
tap_is "$(err_of "/tmp/waiter.$cpu")" ENODEV "user=0 wakes the reader with ENODEV"
vmlat_set user 1

if [ "$cpu" != 0 ] && [ -w "/sys/devices/system/cpu/cpu$cpu/online" ]; then
	waiter_bg "$cpu"
	echo 0 > "/sys/devices/system/cpu/cpu$cpu/online"
	wait "$wpid"
	tap_is "$(err_of "/tmp/waiter.$cpu")" ENXIO "cpu$cpu going offline wakes its reader with ENXIO"
	echo 1 > "/sys/devices/system/cpu/cpu$cpu/online"
	vmlat-waiter -c "$cpu" -n 5 > /tmp/w.out
	tap_is "$(grep -c '^seq=' /tmp/w.out)" 5 "cpu$cpu back online: reads work again"
else
	tap_skip "hotplug" "no CPU but cpu0 can go offline here"
fi

waiter_bg 0
vmlat_set enabled 0
wait "$wpid"
tap_is "$(err_of /tmp/waiter.0)" ENXIO "enabled=0 wakes the reader with ENXIO"
vmlat-waiter -c 0 > /tmp/w.out
tap_is "$(err_of /tmp/w.out)" ENXIO "enabled=0: a read fails with ENXIO"
vmlat_set enabled 1

waiter_bg 0
kill -TERM "$wpid"
wait "$wpid"
tap_run "a signal ends a blocked read" test $? -ne 0
tap_run "rmmod once the files are closed" vmlat_unload
tap_finish
