#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The kernel-thread stage (knobs thread, thread_prio): one SCHED_FIFO
# thread per CPU, woken by each expiry. Checks the threads (names,
# policy, priority, following the knob), the rate (thread samples +
# thread misses = the CPU's expiries while the stage is on, and those
# follow elapsed / period), the exact split (the parts' sums add up to
# the thread lateness sum, every part has one sample per wake-up),
# refusals, off (threads gone, figures kept), hotplug (the thread parks
# with its CPU and samples again when it is back), rmmod with the stage
# on, and the stage as a load parameter.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "kernel-thread stage"
vmlat_fresh period_us=1000 || tap_bail "cannot load vmlat.ko"

# thread_pid - pid of the kernel thread "vmlat/$1", or nothing; one grep
# over every comm, not a process per task (a debug kernel has hundreds,
# and each fork under KASAN and TCG is slow)
thread_pid()
{
	grep -lx "vmlat/$1" /proc/[0-9]*/comm 2>/dev/null | head -n 1 | cut -d/ -f3
}

# sched_of - "policy rt_priority state" of pid $1 (stat fields 41, 40, 3)
sched_of()
{
	awk '{ print $41, $40, $3 }' "/proc/$1/stat"
}

# hdr - key $3 of line 3 of histogram file $2 of cpu $1 (N or all)
hdr()
{
	_f=$VMLAT_DEBUGFS/per_cpu/cpu$1/$2
	[ "$1" = all ] && _f=$VMLAT_DEBUGFS/$2
	sed -n 3p "$_f" | tr ' ' '\n' | sed -n "s/^$3=//p"
}

# samples_over N CPU... - every CPU named has more than N thread samples
samples_over()
{
	_n=$1
	shift
	for _c in "$@"; do
		_s=$(hdr "$_c" thread samples)
		[ "${_s:-0}" -gt "$_n" ] || return 1
	done
}

cpus=$(vmlat_cpus_possible)
tap_is "$(vmlat_get thread)" N "thread is off by default"
tap_is "$(vmlat_get thread_prio)" 95 "thread_prio defaults to 95 (timerlat's)"
tap_is "$(thread_pid 0)" "" "no thread while the stage is off"
if vmlat_summary_key 0 thread_samples >/dev/null; then
	tap_fail "no thread_* summary keys before the stage's first enable"
else
	tap_pass "no thread_* summary keys before the stage's first enable"
fi

vmlat_set thread 1
tap_run "thread=1 is taken" test "$(vmlat_get thread)" = Y
for c in $cpus; do
	pid=$(thread_pid "$c")
	tap_run "cpu$c has its thread vmlat/$c" test -n "$pid"
	[ -n "$pid" ] && tap_is "$(sched_of "$pid" | cut -d' ' -f1-2)" "1 95" "vmlat/$c is SCHED_FIFO 95"
done

vmlat_set reset 1
sleep 3
# a vCPU the host shares out misses periods: up to 15 s for each CPU's
# 1000 samples checked below
vmlat_wait_until 15 samples_over 1000 $cpus
vmlat_set enabled 0
for c in $cpus; do
	line=$(grep "^cpu=$c " "$VMLAT_SUMMARY")
	irq=$(echo "$line" | tr ' ' '\n' | sed -n 's/^samples=//p')
	n=$(hdr "$c" thread samples)
	m=$(hdr "$c" thread missed)
	tap_diag "cpu$c: irq samples=$irq thread samples=$n misses=$m"
	tap_run "cpu$c: thread samples > 1000 at 1000 us" test "${n:-0}" -gt 1000
	# every expiry while the stage is on is a sample or a miss; one may
	# be in flight when sampling stops
	d=$((irq - n - m))
	tap_run "cpu$c: thread samples + misses = expiries (off by $d, at most 1)" test "$d" -ge 0 -a "$d" -le 1
	s=$(hdr "$c" thread sum)
	si=$(hdr "$c" thread_irq sum)
	ss=$(hdr "$c" thread_stolen sum)
	sd=$(hdr "$c" thread_sched sum)
	tap_is "$((si + ss + sd))" "$s" "cpu$c: irq + stolen + sched sums = the thread lateness sum"
	for p in thread_irq thread_stolen thread_sched; do
		tap_is "$(hdr "$c" $p samples)" "$n" "cpu$c: $p has one sample per wake-up"
	done
	tap_run "cpu$c: scheduling delay is counted (sum > 0)" test "${sd:-0}" -gt 0
done
tap_is "$(hdr all thread samples)" "$(for c in $cpus; do hdr "$c" thread samples; done | awk '{ s += $1 } END { print s }')" \
	"the all-CPU file adds up the CPUs"
for c in 0 all; do
	tap_is "$(vmlat_summary_key $c thread_samples)" "$(hdr $c thread samples)" "summary cpu=$c: thread_samples = the thread file's samples"
	tap_is "$(vmlat_summary_key $c thread_misses)" "$(hdr $c thread missed)" "summary cpu=$c: thread_misses = the thread file's missed"
	tap_is "$(vmlat_summary_key $c thread_sched_sum_ns)" "$(hdr $c thread_sched sum)" "summary cpu=$c: thread_sched_sum_ns = the thread_sched file's sum"
	tap_is "$(vmlat_summary_key $c thread_max_ns)" "$(hdr $c thread max)" "summary cpu=$c: thread_max_ns = the thread file's max"
done
tap_diag "$(grep '^cpu=all' "$VMLAT_SUMMARY" | tr ' ' '\n' | grep '^thread_' | tr '\n' ' ')"

vmlat_set enabled 1
for v in 0 100 -1 x ""; do
	if vmlat_set thread_prio "$v"; then
		tap_fail "thread_prio=$v is refused"
	else
		tap_pass "thread_prio=$v is refused"
	fi
done
tap_is "$(vmlat_get thread_prio)" 95 "a refused thread_prio changes nothing"
vmlat_set thread_prio 50
pid=$(thread_pid 0)
tap_is "$(sched_of "$pid" | cut -d' ' -f1-2)" "1 50" "thread_prio=50 moves the running thread to FIFO 50"
if vmlat_set thread maybe; then tap_fail "thread=maybe is refused"; else tap_pass "thread=maybe is refused"; fi

if [ -w /sys/devices/system/cpu/cpu1/online ]; then
	echo 0 > /sys/devices/system/cpu/cpu1/online
	pid=$(thread_pid 1)
	tap_is "$(sched_of "$pid" | cut -d' ' -f3)" P "cpu1 offline: its thread is parked"
	before=$(hdr 1 thread samples)
	echo 1 > /sys/devices/system/cpu/cpu1/online
	# 500 more samples at 1000 us: about a second, up to 10 s under load
	vmlat_wait_until 10 samples_over $((before + 500)) 1
	after=$(hdr 1 thread samples)
	tap_diag "cpu1 thread samples: $before offline, $after after online"
	tap_run "cpu1 back: its thread samples again" test "$after" -gt $((before + 500))
else
	tap_skip "hotplug" "cpu1 cannot go offline here"
fi

vmlat_set thread 0
tap_is "$(vmlat_get thread)" N "thread=0 is taken"
tap_is "$(thread_pid 0)" "" "thread=0: the threads are gone"
n=$(hdr 0 thread samples)
sleep 1
tap_is "$(hdr 0 thread samples)" "$n" "thread=0: the figures stay, and stop"

vmlat_set thread 1
tap_run "rmmod with the stage on" vmlat_unload
tap_is "$(thread_pid 0)" "" "rmmod: no thread is left"

vmlat_load thread=1 thread_prio=80 || tap_bail "insmod thread=1 thread_prio=80 failed"
pid=$(thread_pid 0)
tap_run "insmod thread=1: the threads run" test -n "$pid"
[ -n "$pid" ] && tap_is "$(sched_of "$pid" | cut -d' ' -f1-2)" "1 80" "insmod thread_prio=80: FIFO 80"
# samples come: 500 of them within 10 s, however the host shares the CPU
vmlat_wait_until 10 samples_over 500 0
tap_run "insmod thread=1: samples come" test "$(hdr 0 thread samples)" -gt 500
vmlat_unload
tap_finish
