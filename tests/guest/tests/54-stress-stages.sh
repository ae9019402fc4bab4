#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Reliability of the wake-up stages: for 20 s, under a CPU hog on every
# CPU and a reader looping over the files, the thread and user stages,
# the period, sampling and (where it can) cpu1 flap at random, while a
# user-stage reader per CPU keeps reading its wait file (restarting after
# each documented error). Then, settled: every CPU's thread has one
# sample or miss per expiry, the parts add up exactly, the user stage
# samples again, every file is consistent, no thread is left after
# rmmod, and no splat.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/stress.sh"

tap_header "stress: the wake-up stages flapping under a CPU hog"
vmlat_need_tool vmlat-waiter
vmlat_fresh period_us=250 thread=1 user=1 || tap_bail "cannot load vmlat.ko"
online=$(vmlat_cpus_online)
stress_start hogs readers

# hdr - key $3 of line 3 of histogram file $2 of cpu $1
hdr()
{
	sed -n 3p "$VMLAT_DEBUGFS/per_cpu/cpu$1/$2" | tr ' ' '\n' | sed -n "s/^$3=//p"
}

# settled - every online CPU has its 500 user wake-ups and 1000 thread
# samples, the counts checked once the stages settle
settled()
{
	for _c in $online; do
		_u=$(hdr "$_c" user samples)
		_t=$(hdr "$_c" thread samples)
		[ "${_u:-0}" -gt 500 ] && [ "${_t:-0}" -gt 1000 ] || return 1
	done
}

# a reader per CPU that starts again after each error, counting them
waiters=""
for c in $online; do
	(
		n=0
		while [ ! -e /tmp/stages.stop ]; do
			vmlat-waiter -c "$c" -n 1000000 -p 90 > /tmp/stages.w$c 2>&1
			n=$((n + 1))
			sleep 0.05
		done
		echo "$n" > /tmp/stages.restarts$c
	) &
	waiters="$waiters $!"
done

hot=""
[ -w /sys/devices/system/cpu/cpu1/online ] && hot=1
flips=0
t_end=$(($(date +%s) + 20))
i=0
while [ "$(date +%s)" -lt "$t_end" ]; do
	r=$(awk -v s="$i" 'BEGIN { srand(s); printf "%d %d", rand() * 6, rand() * 3 }')
	op=${r% *}
	v=${r#* }
	case $op in
	0) vmlat_set thread $((v % 2)) ;;
	1) vmlat_set user $((v % 2)) ;;
	2) vmlat_set period_us "$(echo "100 250 1000" | cut -d' ' -f$((v + 1)))" ;;
	3) vmlat_set enabled $((v % 2)) ;;
	4) vmlat_set thread_prio $((50 + v * 20)) ;;
	5) [ -n "$hot" ] && echo $((v % 2)) > /sys/devices/system/cpu/cpu1/online 2>/dev/null ;;
	esac
	flips=$((flips + 1))
	i=$((i + 1))
	sleep 0.1
done
tap_diag "$flips random flips in 20 s"
[ -n "$hot" ] && echo 1 > /sys/devices/system/cpu/cpu1/online
vmlat_set period_us 1000
vmlat_set enabled 1
vmlat_set thread 1
vmlat_set user 1
vmlat_set reset 1
sleep 2
# a reader restarted after the last flip may come late (a fork and an
# exec under the hogs, several times slower on a debug kernel), and a
# vCPU the host shares out misses periods: up to 30 s more for each CPU
# to reach the counts checked below, never less than the 2 s above (with
# the matrix's three kernels beside it, cpu0 had 942 thread samples
# after 10 s)
vmlat_wait_until 30 settled
vmlat_set enabled 0
sleep 0.2
for c in $online; do
	irq=$(vmlat_summary_key "$c" samples)
	n=$(hdr "$c" thread samples)
	m=$(hdr "$c" thread missed)
	d=$((irq - n - m))
	tap_diag "cpu$c settled: irq samples=$irq thread samples=$n misses=$m user samples=$(hdr "$c" user samples)"
	tap_run "cpu$c settled: thread samples + misses = expiries (off by $d)" test "$d" -ge 0 -a "$d" -le 1 -a "$n" -gt 1000
	for st in thread user; do
		tap_is "$(($(hdr "$c" ${st}_irq sum) + $(hdr "$c" ${st}_stolen sum) + $(hdr "$c" ${st}_sched sum)))" \
			"$(hdr "$c" $st sum)" "cpu$c settled: the $st parts add up to its lateness sum"
	done
	u=$(hdr "$c" user samples)
	tap_run "cpu$c settled: its reader samples again ($u wake-ups)" test "$u" -gt 500
	if [ "$u" -le 500 ]; then
		# where the reader is: its last output and its task's state
		tap_diag "cpu$c reader's last lines: $(tail -n 2 /tmp/stages.w$c | tr '\n' ' ')"
		for p in $(grep -lx vmlat-waiter /proc/[0-9]*/comm 2>/dev/null | cut -d/ -f3); do
			tap_diag "vmlat-waiter pid $p: $(tr '\0' ' ' < /proc/$p/cmdline) state=$(awk '{ print $3 }' /proc/$p/stat) wchan=$(cat /proc/$p/wchan 2>/dev/null) cpus=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/$p/status)"
		done
		tap_diag "cpu$c user: $(sed -n 3p "$VMLAT_DEBUGFS/per_cpu/cpu$c/user")"
	fi
done
vmlat_set enabled 1

touch /tmp/stages.stop
vmlat_set user 0
# shellcheck disable=SC2086
wait $waiters
restarts=$(cat /tmp/stages.restarts* 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
tap_diag "the readers restarted $restarts times; their last errors: $(cat /tmp/stages.w* | grep -h '^error=' | cut -d' ' -f1 | sort | uniq -c | tr '\n' ' ')"
bad=$(cat /tmp/stages.w* | grep -h '^error=' | grep -cv '^error=\(ENODEV\|ENXIO\|ECANCELED\|EBUSY\)')
tap_is "$bad" 0 "every error a reader saw is a documented one"
stress_stop
stress_end_checks
tap_is "$(cat /proc/[0-9]*/comm 2>/dev/null | grep -c '^vmlat/')" 0 "no vmlat thread is left"
rm -f /tmp/stages.*
tap_finish
