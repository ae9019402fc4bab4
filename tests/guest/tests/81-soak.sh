#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Reliability: a soak. vmlat samples every CPU at VMLAT_SOAK_PERIOD_US
# (default 100) for VMLAT_SOAK_S seconds (default 60) while a hog spins on
# every CPU. Every 10 s: all timers still armed, samples still growing,
# the merged histograms consistent. At the end: samples + missed periods
# match the sampled time (elapsed_ns / period) within 2 % per CPU, every
# file passes the format checkers (count = sum of buckets), no splat.
# Longer or faster soaks: bench/run.sh soak (make bench BENCH=soak
# VMLAT_SOAK_S=.. VMLAT_SOAK_PERIOD_US=..), which sets the variables.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/stress.sh"

SOAK_S=${VMLAT_SOAK_S:-60}
PERIOD=${VMLAT_SOAK_PERIOD_US:-100}
tap_header "soak: $SOAK_S s at period_us=$PERIOD with a hog on every CPU"
vmlat_fresh period_us="$PERIOD" || tap_bail "cannot load vmlat.ko"
ncpu=$(vmlat_cpus_online | wc -w)
stress_start hogs

start=$(cut -d' ' -f1 /proc/uptime)
checks=0
bad=0
last=0
elapsed=0
while [ "$elapsed" -lt "$SOAK_S" ]; do
	step=$((SOAK_S - elapsed))
	[ $step -gt 10 ] && step=10
	sleep $step
	elapsed=$(awk -v s="$start" '{ printf "%d", $1 - s }' /proc/uptime)
	checks=$((checks + 1))
	active=$(vmlat_summary_key all active)
	samples=$(vmlat_summary_key all samples)
	why=""
	[ "$active" = "$ncpu" ] || why="$why active=$active"
	[ "$samples" -gt "$last" ] || why="$why samples stuck at $samples"
	for f in hist steal residual; do
		cp "$VMLAT_DEBUGFS/$f" /tmp/soak.copy
		stress_hist_ok /tmp/soak.copy || why="$why $f torn"
	done
	if [ -n "$why" ]; then
		bad=$((bad + 1))
		tap_diag "at ${elapsed} s:$why"
	fi
	tap_diag "at ${elapsed} s: samples=$samples missed=$(vmlat_summary_key all missed) max_ns=$(vmlat_summary_key all max_ns) self_avg_ns=$(vmlat_summary_key all self_avg_ns)"
	last=$samples
done
tap_is "$bad" 0 "$checks checks during the soak: all timers armed, samples growing, histograms consistent"
stress_stop

out=$(vmlat_rate_check "$VMLAT_SUMMARY" 2 3)
tap_result $? "samples + missed = elapsed / period within 2 % on every CPU"
echo "$out" | sed 's/^/# /'
sed -n '3,$p' "$VMLAT_SUMMARY" | cut -d' ' -f1-12 | sed 's/^/# /'
stress_end_checks "after the soak"
tap_finish
