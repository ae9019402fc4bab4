#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-tcg: single
#
# Guest side of the probe-overhead benchmark (bench/run.sh overhead runs
# it with tests/guest/run.sh ... bench/guest-overhead.sh). A spin loop
# pinned to the last CPU (tests/guest/tools/vmlat-spin.c) measures its own
# iterations per second with nothing extra on that CPU ("off"), with
# vmlat sampling only that CPU at period_us 1000, 100 and 50, and where
# the kernel has them, with the timerlat tracer (osnoise/cpus = that CPU)
# at 1000 and 100 us and with cyclictest (one FIFO 95 thread pinned
# there) at 1000 and 100 us. Configurations alternate, ROUNDS times in a
# rotated order, SPIN_S seconds each; the medians are compared with
# "off" from the same boot. Also prints vmlat's self_avg_ns and the
# per-interrupt cost the loss implies: loss / (interrupts per second).
# Prints TAP (one ok per configuration measured) and a table.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

ROUNDS=${BENCH_ROUNDS:-5}
SPIN_S=${BENCH_SPIN_S:-2}
T=/sys/kernel/tracing
cpu=$(vmlat_expand_cpulist "$(cat /sys/devices/system/cpu/online)" | awk '{ print $NF }')
tap_header "probe overhead on cpu$cpu: $ROUNDS rounds of $SPIN_S s per configuration"
command -v vmlat-spin >/dev/null || tap_bail "vmlat-spin is not packed"
vmlat_fresh enabled=0 cpus="$cpu" || tap_bail "cannot load vmlat.ko"

configs="off vmlat:1000 vmlat:100 vmlat:50"
if grep -qw timerlat "$T/available_tracers" 2>/dev/null; then
	configs="$configs timerlat:1000 timerlat:100"
else
	tap_skip "timerlat" "the tracer is not built into $(uname -r)"
fi
if command -v cyclictest >/dev/null; then
	configs="$configs cyclictest:1000 cyclictest:100"
fi

# setup - start configuration $1 (tool:period)
setup()
{
	tool=${1%%:*}
	period=${1#*:}
	case $tool in
	vmlat)
		vmlat_set period_us "$period"
		vmlat_set reset 1
		vmlat_set enabled 1 ;;
	timerlat)
		echo nop > $T/current_tracer
		echo "$cpu" > $T/osnoise/cpus
		echo "$period" > $T/osnoise/timerlat_period_us
		echo > $T/trace
		echo 1 > $T/tracing_on
		echo timerlat > $T/current_tracer ;;
	cyclictest)
		cyclictest -q -m -a "$cpu" -t 1 -p 95 -i "$period" -D $((SPIN_S + 2)) > /dev/null 2>&1 &
		ct=$! ;;
	esac
	sleep 0.3
}

# teardown - stop it; prints "interrupts/s self_avg_ns" (- when unknown)
teardown()
{
	case $tool in
	vmlat)
		vmlat_set enabled 0
		awk -v c="cpu=$cpu" '$1 == c {
			for (f = 2; f <= NF; f++) { split($f, kv, "="); v[kv[1]] = kv[2] }
			printf "%.0f %s\n", v["samples"] * 1e9 / v["elapsed_ns"], v["self_avg_ns"] }' "$VMLAT_SUMMARY" ;;
	timerlat)
		echo nop > $T/current_tracer
		echo "$((1000000 / period)) -" ;;
	cyclictest)
		kill "$ct" 2>/dev/null
		wait "$ct" 2>/dev/null
		echo "$((1000000 / period)) -" ;;
	*)	echo "- -" ;;
	esac
}

: > /tmp/bench.raw
round=0
while [ $round -lt "$ROUNDS" ]; do
	# rotate the order each round, so no configuration always runs first
	order=$(echo $configs | awk -v r="$round" '{ for (i = 0; i < NF; i++) printf "%s ", $((i + r) % NF + 1) }')
	for c in $order; do
		setup "$c"
		ips=$(vmlat-spin -c "$cpu" -t "$SPIN_S" | sed -n 's/.* ips=//p')
		echo "$c $round ${ips:-0} $(teardown)" >> /tmp/bench.raw
	done
	round=$((round + 1))
done
echo "# raw: config round ips interrupts_per_s self_avg_ns"
sed 's/^/# /' /tmp/bench.raw
for c in $configs; do
	tap_run "$c measured $ROUNDS times" test "$(awk -v c="$c" '$1 == c && $3 > 0' /tmp/bench.raw | wc -l)" = "$ROUNDS"
done

echo "==== overhead table: $(uname -r), $(nproc) vCPUs (QEMU/TCG), spin loop on cpu$cpu, medians of $ROUNDS x $SPIN_S s"
sort -k1,1 -k3,3n /tmp/bench.raw | awk -v ROUNDS="$ROUNDS" '
	{ ips[$1, ++n[$1]] = $3; irq[$1] += $4 / ROUNDS; if ($5 != "-") { self[$1] += $5; ns[$1]++ } }
	END {
		m = n["off"]
		off = m % 2 ? ips["off", (m + 1) / 2] : (ips["off", m / 2] + ips["off", m / 2 + 1]) / 2
		printf "| configuration | spin Mips/s (median) | min..max | loss vs off | interrupts/s (mean) | implied cost per interrupt | callback self_avg_ns |\n"
		printf "| --- | --- | --- | --- | --- | --- | --- |\n"
		split("off vmlat:1000 vmlat:100 vmlat:50 timerlat:1000 timerlat:100 cyclictest:1000 cyclictest:100", order, " ")
		for (o = 1; o <= 8; o++) {
			c = order[o]
			if (!(c in n)) continue
			m = n[c]
			med = m % 2 ? ips[c, (m + 1) / 2] : (ips[c, m / 2] + ips[c, m / 2 + 1]) / 2
			loss = 1 - med / off
			if (c == "off") {
				printf "| off | %.1f | %.1f..%.1f | - | - | - | - |\n", med / 1e6, ips[c, 1] / 1e6, ips[c, m] / 1e6
				continue
			}
			cost = irq[c] > 0 ? loss / irq[c] * 1e9 : 0
			printf "| %s us | %.1f | %.1f..%.1f | %.2f %% | %d | %.0f ns | %s |\n", c, med / 1e6, ips[c, 1] / 1e6, ips[c, m] / 1e6, loss * 100, irq[c], cost, ns[c] ? sprintf("%.0f", self[c] / ns[c]) : "-"
		}
	}'
echo "==== end"
vmlat_unload
tap_finish
