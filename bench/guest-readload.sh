#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the read-load benchmark (bench/run.sh readload): what a
# reader that never stops (`cat summary` in a loop) adds to the lateness
# of the CPU it measures. vmlat samples the last CPU alone at period_us
# 100 and 50; for each period, three configurations alternate ROUNDS
# times, SPIN_S seconds each: no reader ("idle"), a cat loop pinned to
# another CPU ("other") and one pinned to the measured CPU ("same"). Each
# run is a fresh reset; the table gives the medians over rounds of that
# CPU's lateness p50, p99, max and mean, its self cost, the summaries read
# per second, and the IPI copies the reads needed (snapshot_ipis, which
# must stay 0). Under TCG the figures are noisy: compare configurations
# of one boot, never boots. Prints TAP (one ok per configuration) and a
# table between "==== readload" and "==== end".

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

ROUNDS=${BENCH_ROUNDS:-5}
SPIN_S=${BENCH_SPIN_S:-2}
cpus=$(vmlat_expand_cpulist "$(cat /sys/devices/system/cpu/online)")
cpu=$(echo "$cpus" | awk '{ print $NF }')
other=$(echo "$cpus" | awk '{ print $1 }')
tap_header "read load on cpu$cpu: $ROUNDS rounds of $SPIN_S s per configuration"
[ "$cpu" != "$other" ] || tap_bail "needs two online CPUs"
vmlat_fresh enabled=0 cpus="$cpu" || tap_bail "cannot load vmlat.ko"

# run_one PERIOD CONFIG - one run; appends "p50 p99 max avg self rate ipis"
run_one()
{
	vmlat_set period_us "$1"
	vmlat_set reset 1
	vmlat_set enabled 1
	: > /tmp/reads
	case $2 in
	other) taskset -c "$other" sh -c "while :; do cat $VMLAT_SUMMARY > /dev/null; echo >> /tmp/reads; done" & pid=$! ;;
	same) taskset -c "$cpu" sh -c "while :; do cat $VMLAT_SUMMARY > /dev/null; echo >> /tmp/reads; done" & pid=$! ;;
	*) pid= ;;
	esac
	sleep "$SPIN_S"
	[ -n "$pid" ] && kill "$pid" && wait "$pid" 2>/dev/null
	reads=$(wc -l < /tmp/reads)
	vmlat_set enabled 0
	q=$(awk -f "$VMLAT_LIB/vmlat-hist.awk" "$VMLAT_DEBUGFS/per_cpu/cpu$cpu/hist")
	p50=$(echo "$q" | tr ' ' '\n' | sed -n 's/^p50=//p')
	p99=$(echo "$q" | tr ' ' '\n' | sed -n 's/^p99=//p')
	echo "$p50 $p99 $(vmlat_summary_key "$cpu" max_ns) $(vmlat_summary_key "$cpu" avg_ns)" \
		"$(vmlat_summary_key "$cpu" self_avg_ns) $((reads / SPIN_S))" \
		"$(vmlat_summary_key "$cpu" snapshot_ipis)" >> "/tmp/rl-$1-$2"
}

# median N - the median of the numbers on stdin
median()
{
	sort -n | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : 0 }'
}

configs="idle other same"
measured=""
for period in 100 50; do
	for c in $configs; do rm -f "/tmp/rl-$period-$c"; done
	r=0
	while [ $r -lt "$ROUNDS" ]; do
		# rotate the order, so no configuration always runs first
		set -- $configs
		i=0
		while [ $i -lt $((r % 3)) ]; do
			set -- "$@" "$1"
			shift
			i=$((i + 1))
		done
		for c in "$@"; do run_one "$period" "$c"; done
		r=$((r + 1))
	done
done

echo "==== readload (cpu$cpu measured, reader on cpu$other or cpu$cpu; medians of $ROUNDS x $SPIN_S s)"
echo "| period_us | reader | p50_ns | p99_ns | max_ns | avg_ns | self_avg_ns | reads/s | snapshot_ipis (max) |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
ipis_bad=0
for period in 100 50; do
	for c in $configs; do
		f=/tmp/rl-$period-$c
		row="| $period | $c"
		col=1
		while [ $col -le 6 ]; do
			row="$row | $(cut -d' ' -f$col "$f" | median)"
			col=$((col + 1))
		done
		# a module before snapshot_ipis prints none: "-"
		ipis=$(cut -d' ' -f7 "$f" | sort -n | tail -n 1)
		case ${ipis:--} in
		-|0) ;;
		*) ipis_bad=$((ipis_bad + 1)) ;;
		esac
		echo "$row | ${ipis:--} |"
		measured="$measured $period:$c:$(wc -l < "$f")"
	done
done
echo "==== end"
for m in $measured; do
	tap_is "${m##*:}" "$ROUNDS" "period ${m%%:*} us, reader $(echo "$m" | cut -d: -f2): $ROUNDS runs measured"
done
tap_is "$ipis_bad" 0 "no read needed an IPI copy, in any configuration"
vmlat_unload
tap_finish
