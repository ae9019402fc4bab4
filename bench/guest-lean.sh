#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the lean-probe benchmark (bench/run.sh lean, issue 15).
# It only measures and prints raw lines in one "==== lean raw" block; the
# host turns them into tables with medians and confidence intervals
# (bench/lean-stats.awk), so a saved block can be re-analysed without a
# boot. Run by hand (the modules: --null-probe, --old-ref, a test build):
#   tests/guest/run.sh --kernel 6.12-rt --tcg single --null-probe \
#       --old-ref ab2b65b --out DIR bench/guest-lean.sh
#
# Part 1, spin-loop loss (every TCG mode). A spin loop pinned to the last
# CPU (tests/guest/tools/vmlat-spin.c) counts its iterations per second
# while, on that CPU only, one of these runs:
#   off       nothing
#   null      bench/nullprobe's empty re-arming hrtimer (cpus=CPU)
#   new-none  the tree's vmlat.ko, cpus=CPU steal=none
#   new-sim   the tree's test build, cpus=CPU steal=sim: the simulator's
#             kvm_steal_time area is read at every expiry, nothing is
#             stolen (sim_cpus stays empty)
#   old-none, old-sim   the same from the old ref's build (/lib/vmlat/old)
#   timerlat  the kernel's timerlat tracer (osnoise/cpus=CPU), 1000 and
#             100 us only (its minimum), single-threaded TCG only
# at period 1000, 100 and 50 us. Every configuration is loaded at insmod
# with its parameters (the steal source is chosen when a CPU comes
# online) and unloaded after its run. Each round runs the three periods
# in a rotated order, and each period block runs "off" and its
# configurations in a rotated order, so every loss is paired with an
# "off" from the same block. Per run: iterations/s, the CPU's LOC
# (local timer interrupts) per second, vmlat's samples per second and
# steal source.
#
# Part 2, callback cost by ftrace (single-threaded TCG only). Enabling
# trace events patches kernel text, which multi-threaded TCG gets wrong
# (docs/evidence/platform.md), so under multi this part is skipped and says so.
# timer:hrtimer_expire_entry and _exit are recorded on the measured CPU
# only (tracing_cpumask), trace_clock x86-tsc (the text trace prints that
# clock as a raw count, where ns clocks print only microseconds), in
# BENCH_TRACE_ROUNDS rounds (7) of a window of BENCH_TRACE_S seconds per
# build (null, new-none, new-sim, old-none, old-sim; order rotated each
# round) at BENCH_TRACE_PERIOD_US (100), with the spin loop as a hog on
# that CPU. Entries of the build's own timer (its function prints
# "[module]") are paired with the exit of the same hrtimer; the TSC is
# converted to ns by the entries' own "now" (CLOCK_MONOTONIC ns) over
# the window. Printed per window as "cb BUILD ROUND N P50 P90 P99 MAX"
# (ns).
#
# Knobs: BENCH_ROUNDS (9), BENCH_SPIN_S (2), BENCH_LEAN_PERIODS
# ("1000 100 50"), BENCH_TRACE_ROUNDS (7), BENCH_TRACE_S (1),
# BENCH_TRACE_PERIOD_US (100).

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/trace.sh"

ROUNDS=${BENCH_ROUNDS:-9}
SPIN_S=${BENCH_SPIN_S:-2}
PERIODS=${BENCH_LEAN_PERIODS:-1000 100 50}
TRACE_ROUNDS=${BENCH_TRACE_ROUNDS:-7}
TRACE_S=${BENCH_TRACE_S:-1}
TRACE_PERIOD_US=${BENCH_TRACE_PERIOD_US:-100}
T=/sys/kernel/tracing
OLD=$VMLAT_MODDIR/old
NULL_KO=$VMLAT_MODDIR/vmlat_null.ko
TCG=${VMLAT_HARNESS_TCG:-unknown}
RAW=/tmp/lean.raw
cpu=$(vmlat_expand_cpulist "$(cat /sys/devices/system/cpu/online)" | awk '{ print $NF }')

tap_header "lean probe on cpu$cpu: $ROUNDS rounds of $SPIN_S s, periods $PERIODS, tcg=$TCG"
command -v vmlat-spin >/dev/null || tap_bail "vmlat-spin is not packed"
vmlat_unload || tap_bail "cannot unload a vmlat loaded before"

# the builds that are packed; a missing one is a SKIP, not a failure
builds=""
for b in null new-none new-sim old-none old-sim; do
	case $b in
	null) ko=$NULL_KO; why="no vmlat_null.ko (tests/guest/run.sh --null-probe)" ;;
	new-none) ko=$VMLAT_KO; why="no vmlat.ko" ;;
	new-sim) ko=$VMLAT_TEST_KO; why="no test build (run.sh without --no-test-build)" ;;
	old-none) ko=$OLD/vmlat.ko; why="no old build (tests/guest/run.sh --old-ref REF)" ;;
	old-sim) ko=$OLD/vmlat-test.ko; why="no old test build (--old-ref REF without --no-test-build)" ;;
	esac
	if [ -f "$ko" ]; then
		builds="$builds $b"
	else
		tap_skip "$b" "$why"
	fi
done
# the wake-up stages of the new build (issue 16): its kernel thread, and
# its user stage with a reader like `vmlat wait` (vmlat-waiter, FIFO 95);
# cyclictest beside them, a user thread's wake-up without vmlat
case $builds in
*new-none*)
	builds="$builds new-thread"
	if command -v vmlat-waiter >/dev/null; then
		builds="$builds new-user"
	else
		tap_skip "new-user" "vmlat-waiter is not packed"
	fi ;;
esac
cyclic=0
if command -v cyclictest >/dev/null; then
	cyclic=1
else
	tap_skip "cyclictest" "not packed (tests/deps.sh installs rt-tests)"
fi
timerlat=0
if [ "$TCG" != single ]; then
	tap_skip "timerlat" "tcg=$TCG: switching a tracer patches kernel text, which multi-threaded TCG gets wrong (docs/evidence/platform.md)"
elif ! grep -qw timerlat "$T/available_tracers" 2>/dev/null; then
	tap_skip "timerlat" "the tracer is not built into $(uname -r)"
else
	timerlat=1
fi

# load_cmd - the command that starts configuration $1 at period $2
load_cmd()
{
	case $1 in
	off) echo ":" ;;
	null) echo "insmod $NULL_KO period_us=$2 cpus=$cpu" ;;
	new-none) echo "insmod $VMLAT_KO period_us=$2 cpus=$cpu steal=none" ;;
	new-sim) echo "insmod $VMLAT_TEST_KO period_us=$2 cpus=$cpu steal=sim" ;;
	old-none) echo "insmod $OLD/vmlat.ko period_us=$2 cpus=$cpu steal=none" ;;
	old-sim) echo "insmod $OLD/vmlat-test.ko period_us=$2 cpus=$cpu steal=sim" ;;
	new-thread) echo "insmod $VMLAT_KO period_us=$2 cpus=$cpu steal=none thread=1 thread_prio=95" ;;
	new-user) echo "insmod $VMLAT_KO period_us=$2 cpus=$cpu steal=none user=1 && waiter_on" ;;
	timerlat) echo "timerlat_on $2" ;;
	cyclictest) echo "cyclictest_on $2" ;;
	esac
}

# waiter_on - a user-stage reader on the measured CPU, FIFO 95, until
# unload kills it
waiter_on()
{
	vmlat-waiter -c "$cpu" -p 95 -n 100000000 > /dev/null 2>&1 &
	bg=$!
}

# cyclictest_on - one FIFO 95 thread on the measured CPU at period $1,
# until unload kills it
cyclictest_on()
{
	cyclictest -q -m -p 95 -t1 -a "$cpu" -i "$1" -D 600 > /dev/null 2>&1 &
	bg=$!
}

timerlat_on()
{
	echo nop > $T/current_tracer
	echo "$cpu" > $T/osnoise/cpus
	echo "$1" > $T/osnoise/timerlat_period_us
	echo 1 > $T/tracing_on
	echo timerlat > $T/current_tracer
}

# load - start configuration $1 at period $2 in this shell (not in a
# command substitution's subshell: waiter_on and cyclictest_on set $bg for
# unload, and a subshell's $bg is lost, leaving the reader holding the
# wait file and cyclictest running into the next measurements); its
# output, on failure, in $out
load()
{
	out=""
	eval "$(load_cmd "$1" "$2")" > /tmp/lean.load 2>&1 && return 0
	out=$(cat /tmp/lean.load)
	return 1
}

# unload - stop configuration $1; for vmlat prints "samples/s source"
unload()
{
	case $1 in
	null) rmmod vmlat_null ;;
	new-*|old-*)
		[ -n "${bg:-}" ] && kill "$bg" 2>/dev/null && wait "$bg" 2>/dev/null
		bg=""
		awk -v c="cpu=$cpu" '$1 == c {
			for (f = 2; f <= NF; f++) { split($f, kv, "="); v[kv[1]] = kv[2] }
			printf "%.1f %s\n", (v["elapsed_ns"] > 0 ? v["samples"] * 1e9 / v["elapsed_ns"] : 0), v["steal_source"] }' "$VMLAT_SUMMARY"
		rmmod vmlat ;;
	timerlat) echo nop > $T/current_tracer ;;
	cyclictest)
		kill "$bg" 2>/dev/null
		wait "$bg" 2>/dev/null
		bg="" ;;
	esac
}

# loc - this CPU's local timer interrupts so far
loc()
{
	awk -v f=$((cpu + 2)) '$1 == "LOC:" { print $f }' /proc/interrupts
}

# rotate - the words of $2.., rotated left by $1
rotate()
{
	_r=$1
	shift
	echo "$@" | awk -v r="$_r" '{ for (i = 0; i < NF; i++) printf "%s ", $((i + r) % NF + 1) }'
}

# block_configs - "off", the builds and, where they run, timerlat and
# cyclictest at period $1 (not at 50 us: below timerlat's minimum, and
# cyclictest at 50 us owns the CPU under TCG)
block_configs()
{
	echo "off$builds"
	if [ "$timerlat" = 1 ] && { [ "$1" = 1000 ] || [ "$1" = 100 ]; }; then
		echo timerlat
	fi
	if [ "$cyclic" = 1 ] && { [ "$1" = 1000 ] || [ "$1" = 100 ]; }; then
		echo cyclictest
	fi
}

# the null probe arms its timer on the measured CPU alone
case $builds in
*null*)
	if load null 1000; then
		tap_is "$(cat /sys/module/vmlat_null/parameters/cpus)" "$cpu" "null probe armed on cpu$cpu alone (cpus=$cpu)"
		rmmod vmlat_null
	else
		tap_fail "insmod vmlat_null.ko cpus=$cpu: $out"
	fi ;;
esac

echo "meta kernel=$(uname -r) tcg=$TCG vcpus=$(nproc) cpu=$cpu rounds=$ROUNDS spin_s=$SPIN_S old_ref=$(cat "$OLD/REF" 2>/dev/null || echo -) clocksource=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)" > $RAW
for p in $PERIODS; do
	for c in $(block_configs "$p"); do
		echo "cmd $c $p: $(load_cmd "$c" "$p"); vmlat-spin -c $cpu -t $SPIN_S" >> $RAW
	done
done

# Part 1: the rounds
round=0
while [ $round -lt "$ROUNDS" ]; do
	for p in $(rotate $round $PERIODS); do
		for c in $(rotate $round $(block_configs "$p")); do
			if ! load "$c" "$p"; then
				tap_diag "round $round $c $p: $out"
				continue
			fi
			sleep 0.3
			loc0=$(loc)
			up0=$(cut -d' ' -f1 /proc/uptime)
			ips=$(vmlat-spin -c "$cpu" -t "$SPIN_S" | sed -n 's/.* ips=//p')
			up1=$(cut -d' ' -f1 /proc/uptime)
			loc1=$(loc)
			# in this shell too: wait reaps only this shell's children
			unload "$c" > /tmp/lean.unload
			vm=$(cat /tmp/lean.unload)
			echo "run $p $c $round ${ips:-0} $(awk -v a="$loc0" -v b="$loc1" -v s="$up0" -v e="$up1" \
				'BEGIN { printf "%.1f", (e > s ? (b - a) / (e - s) : 0) }') ${vm:-- -}" >> $RAW
		done
	done
	round=$((round + 1))
done
for p in $PERIODS; do
	for c in $(block_configs "$p"); do
		tap_run "$c at $p us measured $ROUNDS times" test \
			"$(awk -v p="$p" -v c="$c" '$1 == "run" && $2 == p && $3 == c && $5 > 0' $RAW | wc -l)" = "$ROUNDS"
		case $c in
		*-none|*-sim)
			tap_run "$c at $p us: steal source ${c#*-} in every run" test \
				"$(awk -v p="$p" -v c="$c" -v s="${c#*-}" '$1 == "run" && $2 == p && $3 == c && $8 != s' $RAW | wc -l)" = 0 ;;
		esac
	done
done

# Part 2: callback cost by ftrace, single-threaded TCG only
if [ "$TCG" != single ]; then
	tap_skip "callback cost by ftrace" "tcg=$TCG: enabling trace events patches kernel text, which multi-threaded TCG gets wrong (docs/evidence/platform.md)"
elif ! grep -qw x86-tsc $T/trace_clock 2>/dev/null; then
	tap_skip "callback cost by ftrace" "no x86-tsc trace clock"
else
	echo nop > $T/current_tracer
	echo 0 > $T/tracing_on
	cpumask_was=$(cat $T/tracing_cpumask)
	echo x86-tsc > $T/trace_clock
	printf '%x\n' $((1 << cpu)) > $T/tracing_cpumask
	echo 8192 > $T/per_cpu/cpu$cpu/buffer_size_kb
	echo 1 > $T/events/timer/hrtimer_expire_entry/enable
	echo 1 > $T/events/timer/hrtimer_expire_exit/enable
	vmlat-spin -f -c "$cpu" &
	hog=$!
	for b in $builds; do
		echo "cmd trace-$b $TRACE_PERIOD_US: $(load_cmd "$b" "$TRACE_PERIOD_US"); trace ${TRACE_S} s" >> $RAW
	done
	round=0
	while [ $round -lt "$TRACE_ROUNDS" ]; do
		for b in $(rotate $round $builds); do
			case $b in
			null) mod=vmlat_null ;;
			*) mod=vmlat ;;
			esac
			if ! load "$b" "$TRACE_PERIOD_US"; then
				tap_diag "trace round $round $b: $out"
				continue
			fi
			sleep 0.3
			echo > $T/trace
			echo 1 > $T/tracing_on
			sleep "$TRACE_S"
			echo 0 > $T/tracing_on
			# read while the module is loaded: its function's name
			# is resolved at read time
			trace_cb_pairs "[$mod]" "$b" "$round" < $T/per_cpu/cpu$cpu/trace >> $RAW
			unload "$b" > /dev/null
		done
		round=$((round + 1))
	done
	for b in $builds; do
		tap_run "trace $b: paired expiries in $TRACE_ROUNDS rounds" test \
			"$(awk -v b="$b" '$1 == "cbinfo" && $2 == b && $5 != "paired=0"' $RAW | wc -l)" = "$TRACE_ROUNDS"
	done
	kill "$hog"
	wait "$hog" 2>/dev/null
	echo 0 > $T/events/timer/hrtimer_expire_entry/enable
	echo 0 > $T/events/timer/hrtimer_expire_exit/enable
	echo > $T/trace
	echo local > $T/trace_clock
	echo "$cpumask_was" > $T/tracing_cpumask
	echo 1 > $T/tracing_on
fi

echo "==== lean raw: $(uname -r), tcg=$TCG, spin loop on cpu$cpu"
cat $RAW
echo "==== end"
tap_finish
