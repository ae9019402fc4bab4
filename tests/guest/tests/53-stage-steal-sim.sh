#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-tcg: single
#
# The wake-up stages against the test build's simulated host: cpu1 is
# robbed in blocks of 2 ms, 19 a second (each holds a due expiry of the
# 1 ms period; 19, not 20, so that the blocks sweep every phase of the
# period instead of keeping one for the whole run), cpu0 is not. Both stages on, a FIFO reader in each CPU's
# wait file, the vmlat_sample and vmlat_wakeup events on. Checks, per
# wake-up in the trace: lateness = irq + stolen + sched exactly,
# irq_stolen <= irq, and each wake-up's irq, irq_stolen and cause are its
# expiry's lateness, stolen part and cause (the vmlat_sample of the same
# CPU and seq); per line of the wait file the same split and a cause, the
# summary's irq_stolen sums and causes' user lines against the lines, and
# causes against the summary (check-causes.awk). On
# cpu1 at least half the blocks made a wake-up >= 1 ms late that is
# mostly steal (irq_stolen + stolen >= half its lateness), and so are 3
# in 4 of those beyond cpu0's count of them (TCG's own outliers); on cpu0
# none has steal.
#
# Events are enabled once, before the blocks start: under TCG a text
# patch racing a CPU the simulator holds with interrupts off has wedged
# guests (87-trace-sim.sh). A warm-up run of both stages comes first.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/trace.sh"

WAKEUP_EVENT=$TRACEFS/events/vmlat/vmlat_wakeup
BLOCK_US=2000
RATE_HZ=19
READS=3000

tap_header "wake-up stages with simulated steal: the split and irq_stolen, in files and trace"
[ -d "$TRACEFS/events" ] || tap_skip_all "tracefs is not available"
vmlat_need_test_ko
vmlat_need_cpus 2
vmlat_need_tool vmlat-waiter
vmlat_unload || tap_bail "cannot unload vmlat"

# the simulator at 1 us a second until the events are on
vmlat_load_test steal=sim sim_cpus=1 sim_rate_hz=1 sim_block_us=1 \
	period_us=1000 thread=1 user=1 || tap_bail "cannot load vmlat-test.ko"
vmlat_set enabled 0
trace_clean
case $(cat "$WAKEUP_EVENT/format") in
*"field:u64 irq_stolen_ns;"*) tap_pass "vmlat_wakeup's format lists field 'u64 irq_stolen_ns'" ;;
*) tap_fail "vmlat_wakeup's format lists field 'u64 irq_stolen_ns'" ;;
esac
echo 1 > "$TRACEFS/events/vmlat/enable"
vmlat_set sim_block_us $BLOCK_US
# A block's period of 1/20 s is 50 periods exactly: every block would
# start at the same phase of the 1 ms grid. One just after an expiry,
# before its woken thread runs, makes the next expiry a thread miss and
# the block the thread's stolen part of the earlier one, not irq_stolen:
# a CI run had 64 misses and thread_irq_stolen_sum_ns 0. At 19 Hz a
# block starts 0.63 ms later in the period than the one before.
vmlat_set sim_rate_hz $RATE_HZ
# the simulator's next event, at the old rate (1 Hz), brings the new one
sleep 1.2
vmlat_set enabled 1
# a warm-up: TCG translates the stages' paths on first use, which made
# the first ~25 wake-ups on each CPU 1 ms late, with no steal
vmlat-waiter -c 1 -n 500 -p 95 > /dev/null 2>&1 &
w1=$!
vmlat-waiter -c 0 -n 500 -p 95 > /dev/null 2>&1
wait "$w1"
vmlat_set enabled 0
sleep 0.2
echo > "$TRACEFS/trace"
# a reset zeroes every figure of the stages, the irq_stolen sums too
keys="thread_samples thread_misses thread_sum_ns thread_irq_stolen_sum_ns user_samples user_sum_ns user_irq_stolen_sum_ns"
warm=""
for k in $keys; do
	warm="$warm $(vmlat_summary_key 1 "$k")"
done
tap_run "the warm-up gave cpu1's stages samples and irq_stolen:$warm" \
	test "$(vmlat_summary_key 1 thread_irq_stolen_sum_ns)" -gt 0 -a \
	"$(vmlat_summary_key 1 user_irq_stolen_sum_ns)" -gt 0
vmlat_set reset 1
after=""
for k in $keys; do
	after="$after $(vmlat_summary_key 1 "$k")"
done
tap_is "$after" " 0 0 0 0 0 0 0" "a reset zeroes cpu1's stage figures ($keys)"
vmlat_set enabled 1
vmlat-waiter -c 1 -n $READS -p 95 > /tmp/w1 2>&1 &
w1=$!
vmlat-waiter -c 0 -n $READS -p 95 > /tmp/w0 2>&1
wait "$w1"
vmlat_set enabled 0
echo 0 > "$TRACEFS/events/vmlat/enable"

tap_is "$(trace_lost)" 0 "the ring buffer lost no event"
trace_samples > /tmp/samples
trace_events vmlat_wakeup > /tmp/wakeups
for s in thread user; do
	n=$(grep -c "stage=$s " /tmp/wakeups)
	tap_run "$s wake-up events were recorded ($n)" test "$n" -gt 1000
done

# per wake-up event: the split, and its expiry's figures (same cpu, seq)
bad=$(awk '
	# kv - the key=value fields of line $0 into v
	function kv(   f, p) {
		delete v
		for (f = 1; f <= NF; f++) {
			split($f, p, "=")
			v[p[1]] = p[2]
		}
	}
	FNR == NR {
		kv()
		lat[v["cpu"] " " v["seq"]] = v["lateness"]
		stl[v["cpu"] " " v["seq"]] = v["lateness"] - v["residual"]
		cause[v["cpu"] " " v["seq"]] = v["cause"]
		next
	}
	{
		kv()
		if (v["lateness"] != v["irq"] + v["stolen"] + v["sched"])
			split_bad++
		if (v["irq_stolen"] + 0 > v["irq"] + 0)
			sub_bad++
		k = v["cpu"] " " v["seq"]
		if (!(k in lat)) {
			unjoined++
			next
		}
		irq = lat[k] + 0 < v["lateness"] + 0 ? lat[k] : v["lateness"]
		ist = stl[k] + 0 < irq + 0 ? stl[k] : irq
		if (v["irq"] != irq || v["irq_stolen"] != ist)
			join_bad++
		if (v["cause"] == "" || v["cause"] != cause[k])
			cause_bad++
	}
	END { printf "%d %d %d %d %d\n", split_bad, sub_bad, unjoined, join_bad, cause_bad }' /tmp/samples /tmp/wakeups)
tap_is "$bad" "0 0 0 0 0" \
	"each wake-up event: lateness = irq + stolen + sched, irq_stolen <= irq, its expiry's event found, irq and irq_stolen = that expiry's lateness and stolen part, cause = that expiry's cause"
tap_is "$(awk '$1 == "cpu=0" && ($6 != "stolen=0" || $8 != "irq_stolen=0")' /tmp/wakeups | wc -l)" 0 \
	"cpu0, not robbed: no wake-up event has steal"
for s in thread user; do
	# cpu1's late wake-ups and those mostly steal; cpu0's as late, the
	# control (TCG's own outliers, no steal)
	r=$(awk -v s="stage=$s" '$2 == s {
		for (f = 1; f <= NF; f++) { split($f, p, "="); v[p[1]] = p[2] }
		if (v["lateness"] < 1000000)
			next
		if ($1 == "cpu=0")
			late0++
		if ($1 != "cpu=1")
			next
		late++
		if (2 * (v["irq_stolen"] + v["stolen"]) >= v["lateness"] + 0)
			stolen++
	} END { printf "%d %d %d", late, stolen, late0 }' /tmp/wakeups)
	read -r late stolen late0 <<EOR
$r
EOR
	tap_diag "cpu1 $s: $late wake-ups >= 1 ms late, $stolen of them at least half steal; cpu0 (no steal): $late0"
	awk -v s="stage=$s" '$1 == "cpu=1" && $2 == s {
		for (f = 1; f <= NF; f++) { split($f, p, "="); v[p[1]] = p[2] }
		if (v["lateness"] >= 1000000 && 2 * (v["irq_stolen"] + v["stolen"]) < v["lateness"] + 0 && n++ < 8)
			print
	}' /tmp/wakeups | while read -r line; do tap_diag "not steal: $line"; done
	# 19 blocks a second, each makes one expiry >= 1 ms late: ~57
	tap_run "cpu1 $s: the blocks made >= 30 wake-ups >= 1 ms late ($late)" test "$late" -ge 30
	# Without irq_stolen, a block that holds the expiry shows as irq
	# alone: 0 of 70 were mostly steal when the check ignored it
	tap_run "cpu1 $s: >= 30 of them (half the blocks) are at least half steal, irq_stolen + stolen ($stolen)" \
		test "$stolen" -ge 30
	# TCG's own outliers pass 1 ms too, on both CPUs: 3 in 4 of the late
	# wake-ups cpu1 has beyond cpu0's count must be steal. cpu0 is no
	# clean control under single-threaded TCG: its count went from 4 to
	# 58 between quiet runs (cpu1's blocks share the one host thread), so
	# only the share is judged against it, not how many more cpu1 has
	beyond=$((late - late0))
	tap_run "cpu1 $s: >= 75 % of the late wake-ups beyond cpu0's are at least half steal, irq_stolen + stolen ($stolen, 75 % of $late - $late0)" \
		test $((4 * stolen)) -ge $((3 * beyond))
done

# the wait files' lines, and the summary's sums against them
for c in 0 1; do
	tap_is "$(grep -c '^seq=' /tmp/w$c)" $READS "cpu$c: $READS reads, $READS lines"
	bad=$(awk '{
		delete v
		for (f = 1; f <= NF; f++) { split($f, p, "="); v[p[1]] = p[2] }
		if (v["lateness_ns"] != v["irq_ns"] + v["stolen_ns"] + v["sched_ns"]) b++
		if (v["irq_stolen_ns"] + 0 > v["irq_ns"] + 0) b++
		if (v["cause"] !~ /^(unreported|guest|undetermined)$/) b++
		ist += v["irq_stolen_ns"]
		by[v["cause"]] += v["irq_ns"] - v["irq_stolen_ns"]
	} END { printf "%d %d %d %d %d", b, ist, by["unreported"], by["guest"], by["undetermined"] }' /tmp/w$c)
	read -r nbad ist unrep guest undet <<EOR
$bad
EOR
	tap_is "$nbad" 0 "cpu$c: every line splits exactly, irq_stolen_ns <= irq_ns, names its cause"
	tap_is "$(vmlat_summary_key $c user_irq_stolen_sum_ns)" "$ist" \
		"cpu$c: user_irq_stolen_sum_ns = the lines' irq_stolen_ns summed"
	tap_is "$(vmlat_causes_key $c user unreported_ns) $(vmlat_causes_key $c user guest_ns) $(vmlat_causes_key $c user undetermined_ns)" \
		"$unrep $guest $undet" \
		"cpu$c: causes' user line = the lines' irq_ns - irq_stolen_ns summed by their cause"
done
tap_is "$(vmlat_summary_key 0 user_irq_stolen_sum_ns) $(vmlat_summary_key 0 thread_irq_stolen_sum_ns)" "0 0" \
	"cpu0, not robbed: no irq_stolen in either stage"
# every expiry handed to the thread carries its stolen part: the thread's
# sum falls short of the IRQ stage's only by the misses and the last
# hand-off dropped at the stop, at most a block each. With the blocks'
# phase swept, few land between an expiry and its thread (5-8 misses in
# 3 runs, 94 % of stolen_ns handed on): at least half must be
stolen=$(vmlat_summary_key 1 stolen_ns)
tist=$(vmlat_summary_key 1 thread_irq_stolen_sum_ns)
tmiss=$(vmlat_summary_key 1 thread_misses)
tap_diag "cpu1: stolen_ns $stolen, thread_irq_stolen_sum_ns $tist, thread_misses $tmiss"
tap_run "cpu1: stolen_ns / 2 <= thread_irq_stolen_sum_ns <= stolen_ns, short by at most a block per miss + 1 ($tist of $stolen, $tmiss misses)" \
	awk -v a="$tist" -v b="$stolen" -v m="$tmiss" -v blk=$((BLOCK_US * 1000)) \
	'BEGIN { exit !(a <= b && b - a <= (m + 1) * blk && 2 * a >= b) }'
vmlat_check_summary
# sampling is stopped: causes agrees with the summary key by key
out=$(vmlat_check_causes 1)
tap_result $? "causes: every line adds up exactly and agrees with the summary, the stolen parts included"
[ -n "$out" ] && tap_diag "$out"
vmlat_unload
tap_finish
