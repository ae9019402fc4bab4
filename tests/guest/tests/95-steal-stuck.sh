#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A steal area whose version stays odd (docs/steal.md, "A stuck steal
# area"): the test build's sim_stuck=1 freezes every simulated area
# halfway through an update. The sampler's read must give up after a few
# tries instead of spinning with interrupts off, keep the last good
# value, and count each expiry that gave up in steal_stale_reads. Before
# the fix the timer callback spun forever: both vCPUs hung.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "a steal area stuck halfway through an update"
vmlat_need_test_ko
[ "$(vmlat_cpus_possible)" = "0 1" ] || tap_skip_all "needs exactly CPUs 0 and 1"
vmlat_unload || tap_bail "cannot unload vmlat"

# key - value of key $2 on cpu $1's line of the summary copy /tmp/summary
key()
{
	VMLAT_SUMMARY=/tmp/summary vmlat_summary_key "$1" "$2"
}

snap()
{
	cat "$VMLAT_SUMMARY" > /tmp/summary
}

# 100 Hz x 200 us of steal on cpu1; every CPU reads a simulated area
vmlat_load_test steal=sim sim_cpus=1 sim_rate_hz=100 sim_block_us=200 ||
	tap_bail "cannot load vmlat-test.ko"
sleep 2
snap
steal1=$(key 1 steal_ns)
tap_run "before: cpu1 sees the simulated steal (steal_ns=$steal1)" test "$steal1" -gt 0
tap_is "$(key 1 steal_stale_reads)" 0 "before: no read gave up on cpu1"
tap_is "$(key 0 steal_stale_reads)" 0 "before: no read gave up on cpu0"

vmlat_set sim_stuck 1
tap_result $? "sim_stuck=1 is accepted"
tap_is "$(vmlat_get sim_stuck)" Y "sim_stuck reads back Y"
sleep 1
snap
n1a=$(key 1 samples) f1a=$(key 1 steal_stale_reads)
s1a=$(key 1 steal_ns)
f0a=$(key 0 steal_stale_reads)
n0a=$(key 0 samples)
sleep 2
snap
n1b=$(key 1 samples) f1b=$(key 1 steal_stale_reads) s1b=$(key 1 steal_ns)
n0b=$(key 0 samples) f0b=$(key 0 steal_stale_reads)
tap_diag "stuck: cpu1 samples $n1a -> $n1b, stale reads $f1a -> $f1b, steal_ns $s1a -> $s1b"
tap_run "stuck: the timers keep firing (cpu1 $n1a -> $n1b, cpu0 $n0a -> $n0b samples)" \
	test "$n1b" -gt "$n1a" -a "$n0b" -gt "$n0a"
tap_is "$s1b" "$s1a" "stuck: cpu1 keeps its last good steal value"
tap_is "$((f1b - f1a))" "$((n1b - n1a))" "stuck: every cpu1 expiry counts one stale read"
tap_is "$((f0b - f0a))" "$((n0b - n0a))" "stuck: every cpu0 expiry counts one stale read"
tap_is "$(key all steal_stale_reads)" "$((f0b + f1b))" "stuck: cpu=all adds the stale reads up"

vmlat_set sim_stuck 2
tap_result $((! $?)) "sim_stuck refuses 2"
vmlat_set sim_stuck yes
tap_result $((! $?)) "sim_stuck refuses 'yes'"
tap_is "$(vmlat_get sim_stuck)" Y "a refused write leaves sim_stuck at Y"

# unstuck while not sampling, so that the area moves on; stuck again for
# the restart, which therefore cannot read a base value: the first good
# read must become the base, not a delta of 2 s of unsampled steal
vmlat_set enabled 0
vmlat_set sim_stuck 0
tap_result $? "sim_stuck=0 is accepted"
sleep 2
vmlat_set sim_stuck 1
vmlat_set enabled 1
vmlat_set reset 1
vmlat_set sim_stuck 0
sleep 2
snap
f1c=$(key 1 steal_stale_reads)
s1c=$(key 1 steal_ns)
tap_run "unstuck: cpu1 sees steal again (steal_ns=$s1c)" test "$s1c" -gt 0
sleep 1
snap
tap_is "$(key 1 steal_stale_reads)" "$f1c" "unstuck: no more stale reads"
# a 200 us block every 10 ms: far below 10 ms per expiry, unless the
# ~40 ms published while sampling was off were charged to one expiry
max=$(awk '/^# samples=/ { for (f = 2; f <= NF; f++) if ($f ~ /^max=/) print substr($f, 5) }' \
	"$VMLAT_DEBUGFS/per_cpu/cpu1/steal")
tap_run "unstuck: no expiry was charged the steal from before the restart (max steal_delta $max < 10 ms)" \
	test "$max" -lt 10000000
vmlat_unload
tap_run "rmmod after a stuck area" test ! -d /sys/module/vmlat

# given at load time: every read gives up from the first expiry
vmlat_load_test steal=sim sim_cpus=1 sim_stuck=1 || tap_bail "cannot load vmlat-test.ko"
sleep 1
vmlat_set enabled 0
snap
tap_is "$(key 1 steal_stale_reads)" "$(key 1 samples)" "sim_stuck=1 at load: every cpu1 read gave up"
tap_is "$(key 1 steal_ns)" 0 "sim_stuck=1 at load: no steal was made up"
vmlat_unload
tap_finish
