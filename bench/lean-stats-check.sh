#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host check of bench/lean-stats.awk against numbers worked out by hand,
# no guest: raw lines whose per-round values are known, and the
# published order statistics of the distribution-free median interval
# (n = 6: x(1)..x(6), 96.9 %; 9: x(2)..x(8), 96.1 %; 12: x(3)..x(10),
# 96.1 %; 20: x(6)..x(15), 95.9 %). Prints TAP and "N passed, N failed".
# Usage: bench/lean-stats-check.sh

set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tests/lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tap_header "bench/lean-stats.awk against hand-computed numbers"

# raw - n rounds at 100 us: off 1000 iterations/s; null loses r %, new-none
# r + 1 %, old-none r + 2 % in round r (1..n), 10000 samples/s, rounds in
# a shuffled order so the awk must sort
raw()
{
	local n=$1 r
	echo "meta kernel=k tcg=single vcpus=2 cpu=1 rounds=$n spin_s=1 old_ref=x clocksource=tsc"
	for r in $(seq 1 "$n" | awk 'BEGIN { srand(7) } { print rand(), $1 }' | sort -n | cut -d' ' -f2); do
		echo "run 100 off $((r - 1)) 1000 250 - -"
		echo "run 100 null $((r - 1)) $((1000 - 10 * r)) 250 - -"
		echo "run 100 new-none $((r - 1)) $((1000 - 10 * (r + 1))) 250 10000 none"
		echo "run 100 old-none $((r - 1)) $((1000 - 10 * (r + 2))) 250 10000 none"
	done
}

for case in "6 1 6 96.9" "9 2 8 96.1" "12 3 10 96.1" "20 6 15 95.9"; do
	set -- $case
	raw "$1" > "$tmp/raw"
	out=$(awk -f "$here/lean-stats.awk" "$tmp/raw")
	med=$(awk -v n="$1" 'BEGIN { printf "%.2f %%", (n % 2 ? (n + 1) / 2 : n / 2 + 0.5) }')
	tap_is "$(echo "$out" | awk -F' [|] ' '$1 == "| null" { print $4 "|" $5 "|" $6 }')" \
		"$med|$2.00 % .. $3.00 %|x($2)..x($3) of $1, $4 %" "n=$1: null's loss median $med, CI x($2)..x($3), $4 %"
	# excess per interrupt: 1 % / 10000 per s = 1000 ns in every round
	tap_is "$(echo "$out" | awk -F' [|] ' '$1 == "| new-none" && $2 == 100 && NF == 7 { print $4 "|" $5 "|" $7 }')" \
		"1000|1000 .. 1000|costs more than null |" "n=$1: new-none's excess 1000 ns per interrupt, decided"
	tap_is "$(echo "$out" | awk -F' [|] ' '$1 == "| none" { print $4 "|" $9 }')" \
		"-1.00 %|new cheaper |" "n=$1: new - old = -1 point, new cheaper"
done

raw 5 > "$tmp/raw"
tap_is "$(awk -f "$here/lean-stats.awk" "$tmp/raw" | awk -F' [|] ' '$1 == "| none" { print $8 "|" $9 }')" \
	"none: n=5 < 6 (min..max shown)|undecided: too few rounds |" "n=5: no interval, undecided"

# timerlat: in round r (1..9) it loses 4 r %, new-none r + 1 %: at 100 us
# the ratio (r + 1) / 4r is 0.5 at r = 1 and below after, median r = 5:
# 0.300; the CI x(2)..x(8) = r 8..2 = 0.281 .. 0.375, under 0.5: met
{
	echo "meta kernel=k tcg=single vcpus=2 cpu=1 rounds=9 spin_s=1 old_ref=x clocksource=tsc"
	for r in 1 2 3 4 5 6 7 8 9; do
		echo "run 100 off $((r - 1)) 1000 250 - -"
		echo "run 100 timerlat $((r - 1)) $((1000 - 40 * r)) 250 - -"
		echo "run 100 new-none $((r - 1)) $((1000 - 10 * (r + 1))) 250 10000 none"
	done
} > "$tmp/raw"
tap_is "$(awk -f "$here/lean-stats.awk" "$tmp/raw" | awk -F' [|] ' '$1 == "| 100" && NF == 7 { print $3 "|" $4 "|" $6 "|" $7 }')" \
	"0.300|0.281 .. 0.375|<= 0.5|met |" "timerlat: new-none / timerlat loss 0.300 at 100 us, CI under the 0.5 target: met"

# stages: new-thread loses 2r %, new-none r %, timerlat 4r %: the thread
# adds r points (median 5, CI x(2)..x(8) = 2 .. 8) and loses half what
# timerlat does in every round
{
	echo "meta kernel=k tcg=single vcpus=2 cpu=1 rounds=9 spin_s=1 old_ref=x clocksource=tsc"
	for r in 1 2 3 4 5 6 7 8 9; do
		echo "run 100 off $((r - 1)) 1000 250 - -"
		echo "run 100 new-none $((r - 1)) $((1000 - 10 * r)) 250 10000 none"
		echo "run 100 new-thread $((r - 1)) $((1000 - 20 * r)) 250 10000 none"
		echo "run 100 timerlat $((r - 1)) $((1000 - 40 * r)) 250 - -"
	done
} > "$tmp/raw"
tap_is "$(awk -f "$here/lean-stats.awk" "$tmp/raw" | awk -F' [|] ' '$1 == "| new-thread" && $6 == "timerlat" { print $4 "|" $5 "|" $8 "|" $9 }')" \
	"5.00 %|2.00 % .. 8.00 %|0.500|0.500 .. 0.500" "stages: new-thread adds 5 points over new-none, half timerlat's loss"

# callback durations: 7 rounds of 100 expiries of 1..100 ns each, as
# tests/lib/trace.sh's trace_cb_pairs reduces a window (fed here through
# the same awk):
# p50 = x(50) = 50, p99 = x(99) = 99; new-none is old-none + 10 %
pct=$(sed -n '/function q(p,/,/END { printf "cb /p' "$here/../tests/lib/trace.sh" | sed "s/'\$//")
{
	echo "meta kernel=k tcg=single vcpus=2 cpu=1 rounds=0 spin_s=1 old_ref=x clocksource=tsc"
	echo "run 100 off 0 1000 250 - -"
	for r in 0 1 2 3 4 5 6; do
		seq 1 100 | awk -v b=old-none -v r=$r "$pct"
		seq 1 100 | awk '{ print int($1 * 11 / 10) }' | awk -v b=new-none -v r=$r "$pct"
	done
} > "$tmp/raw"
tap_is "$(grep -c '^cb old-none [0-9]* 100 50 90 99 100$' "$tmp/raw")" 7 \
	"the guest's reduction of a window: n 100, p50 50, p90 90, p99 99, max 100"
out=$(awk -f "$here/lean-stats.awk" "$tmp/raw")
tap_is "$(echo "$out" | awk -F' [|] ' '$1 == "| old-none" { print $3 "|" $4 "|" $6 }')" \
	"700|50|99" "durations: old-none p50 50, p99 99, 700 expiries"
tap_is "$(echo "$out" | awk -F' [|] ' '$1 == "| new-none / old-none" { print $3 "|" $6 }')" \
	"1.100|new slower |" "durations: p50 ratio 1.1 (55/50), decided over 7 rounds"
tap_finish --total
