#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-tcg: single
#
# The wake-up stages beside independent references, on cpu1 at 1000 us,
# in alternating rounds (one tool at a time, ROUNDS rounds of WINDOW s
# each, the order swapped every round), at the same SCHED_FIFO priority
# 95:
#
# 1. vmlat's kernel-thread stage against the timerlat tracer's thread
#    latency (osnoise/cpus=1; its "context thread timer_latency" events:
#    its kthread's wake-up after its own hrtimer, the same quantity).
#    The median over rounds of each tool's per-round median must agree
#    within TOL, the tolerance the IRQ cross-check (92-crosscheck.sh)
#    justified from repeated runs (timerlat's kernel threads run at
#    SCHED_FIFO 95, its default, DEFAULT_TIMERLAT_PRIO; vmlat's at its
#    thread_prio, set to 95 here); on 6.12-rt: ratios 1.095, 1.087.
#    On a kernel without timerlat (all but Debian's -rt) this part is a
#    SKIP naming the reason; on -rt a missing tracer fails.
# 2. vmlat's user stage (vmlat-waiter, SCHED_FIFO 95, reading cpu1's wait
#    file) against cyclictest (one SCHED_FIFO 95 thread on cpu1,
#    clock_nanosleep): both are a user thread's wake-up, vmlat's taken in
#    the read path before the return to user space, cyclictest's after it
#    and its own clock read. But vmlat's callback does the IRQ stage's
#    work before it wakes the reader, and cyclictest's hrtimer wakes its
#    thread at once: under TCG that work is about 7 us at p50 (ftrace,
#    docs/evidence/benchmarks.md "Stages"), a tenth of these medians, so the
#    order does not hold here. vmlat's median must not be above
#    cyclictest's by more than CT_SLACK, the tolerance 92 justified
#    (TOL); both are printed as "# xcheck" lines to collect over runs.
#    Ratios seen: 0.942, 0.923 on 6.12.117-rt, 1.044 on 6.1, 1.007 on
#    6.12, 0.970 on 6.12-cloud (2026-12-03); on 6.12.118-rt 1.137, then
#    in ten full runs 0.980-1.229 and once 1.341 (per-round pairs
#    0.82-1.44), which failed the earlier x1.25.
#
# A tool that produced no samples fails as "tool failed", with its error.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/trace.sh"

CPU=1
PERIOD_US=1000
ROUNDS=${VMLAT_STAGE_XCHECK_ROUNDS:-4}
WINDOW=${VMLAT_STAGE_XCHECK_S:-4}
TOL=1.6
CT_SLACK=$TOL

tap_header "the stages beside timerlat's thread and cyclictest on cpu$CPU at $PERIOD_US us"
vmlat_need_cpus 2
vmlat_need_tool vmlat-waiter
cd /tmp || tap_bail "no /tmp"

# median - of the numbers on stdin (nearest rank)
median()
{
	sort -n | awk '{ v[NR] = $1 } END { i = int(NR * 0.5); if (i < NR * 0.5) i++; print NR ? v[i] : 0 }'
}

# hist_p50 - p50 of histogram file $1 (the upper bound of its bucket)
hist_p50()
{
	vmlat_field "$(awk -f "$VMLAT_LIB/vmlat-hist.awk" "$1")" p50
}

# vmlat_thread_round - one window of the thread stage; prints its p50
vmlat_thread_round()
{
	vmlat_fresh cpus=$CPU period_us=$PERIOD_US thread=1 thread_prio=95 || return 1
	sleep 0.5
	vmlat_set reset 1
	sleep "$WINDOW"
	vmlat_set enabled 0
	hist_p50 "$VMLAT_DEBUGFS/per_cpu/cpu$CPU/thread"
	vmlat_unload
}

# timerlat_round - one window of timerlat; prints its thread p50
timerlat_round()
{
	timerlat_start $CPU $PERIOD_US || return 1
	sleep 0.5
	echo > "$TRACEFS/trace"
	sleep "$WINDOW"
	echo 0 > "$TRACEFS/tracing_on"
	timerlat_latencies | awk '$1 == "thread" { print $2 }' > /tmp/tl.thread
	timerlat_stop
	[ -s /tmp/tl.thread ] || return 1
	median < /tmp/tl.thread
}

# user_round - one window of the user stage; prints the lines' p50
user_round()
{
	vmlat_fresh cpus=$CPU period_us=$PERIOD_US user=1 || return 1
	vmlat-waiter -c $CPU -p 95 -n $((WINDOW * 1000000 / PERIOD_US)) > /tmp/user.lines 2> /tmp/user.err
	vmlat_unload
	grep -q '^seq=' /tmp/user.lines || return 1
	awk '{ split($2, kv, "="); print kv[2] }' /tmp/user.lines | median
}

# cyclictest_round - one window of cyclictest; prints its p50
cyclictest_round()
{
	cyclictest -m -p 95 -t1 -a $CPU -i $PERIOD_US -l $((WINDOW * 1000000 / PERIOD_US)) -v -N \
		> /tmp/ct.out 2> /tmp/ct.err || return 1
	awk -F: 'NF == 3 && $1 + 0 == 0 && $3 ~ /^ *[0-9]+$/ { print $3 + 0 }' /tmp/ct.out > /tmp/ct.lat
	[ -s /tmp/ct.lat ] || return 1
	median < /tmp/ct.lat
}

# compare - $1 $2 tool names, $3 $4 round functions: ROUNDS alternating
# rounds; leaves the medians over rounds in M1 and M2 (empty on failure)
compare()
{
	: > /tmp/m1
	: > /tmp/m2
	r=0
	while [ $r -lt "$ROUNDS" ]; do
		if [ $((r % 2)) = 0 ]; then
			a=$($3) && echo "$a" >> /tmp/m1
			b=$($4) && echo "$b" >> /tmp/m2
		else
			b=$($4) && echo "$b" >> /tmp/m2
			a=$($3) && echo "$a" >> /tmp/m1
		fi
		r=$((r + 1))
	done
	tap_diag "$1 per-round p50: $(tr '\n' ' ' < /tmp/m1)"
	tap_diag "$2 per-round p50: $(tr '\n' ' ' < /tmp/m2)"
	M1=""
	M2=""
	[ "$(wc -l < /tmp/m1)" = "$ROUNDS" ] && M1=$(median < /tmp/m1)
	[ "$(wc -l < /tmp/m2)" = "$ROUNDS" ] && M2=$(median < /tmp/m2)
}

# judge - after compare: $1 $2 what fails when vmlat's or the
# reference's median is missing, $3 the ratio's name, $4 the check's
# text, $5 its awk condition on a (vmlat's median), b (the reference's)
# and t (the tolerance $6)
judge()
{
	if [ -z "$M1" ]; then
		tap_fail "$1"
	elif [ -z "$M2" ]; then
		tap_fail "$2"
	else
		ratio=$(awk -v a="$M1" -v b="$M2" 'BEGIN { printf "%.3f", a / b }')
		echo "# xcheck kernel=$(uname -r) ratio $3=$ratio ($M1 / $M2 ns)"
		tap_run "$4 (vmlat $M1 ns, reference $M2 ns): ratio $ratio" \
			awk -v a="$M1" -v b="$M2" -v t="$6" "BEGIN { exit !($5) }"
	fi
}

if grep -qw timerlat "$TRACEFS/available_tracers" 2>/dev/null; then
	compare "vmlat thread" "timerlat thread" vmlat_thread_round timerlat_round
	judge "vmlat's thread stage failed: fewer than $ROUNDS rounds gave a median" \
		"timerlat failed: fewer than $ROUNDS rounds gave thread events" \
		vmlat_thread_p50/timerlat_thread_p50 \
		"vmlat's thread-stage median is within x$TOL of timerlat's thread median" \
		"a <= t * b && a * t >= b" "$TOL"
else
	case $(uname -r) in
	*-rt-*) tap_fail "the rt kernel $(uname -r) has the timerlat tracer" ;;
	*) tap_skip "vmlat's thread stage beside timerlat" "kernel $(uname -r) lacks the timerlat tracer (Debian builds it into the -rt flavour only)" ;;
	esac
fi

if command -v cyclictest >/dev/null; then
	compare "vmlat user" "cyclictest" user_round cyclictest_round
	judge "vmlat's user stage failed: $(tail -n 1 /tmp/user.lines /tmp/user.err 2>/dev/null | tr '\n' ' ')" \
		"cyclictest failed: $(tail -n 1 /tmp/ct.err)" \
		vmlat_user_p50/cyclictest_p50 \
		"vmlat's user-stage median is not above cyclictest's by more than x$CT_SLACK" \
		"a <= t * b" "$CT_SLACK"
else
	tap_fail "cyclictest is in the guest (tests/deps.sh installs rt-tests, the harness packs it)"
fi
tap_finish
