#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-tcg: single
#
# The vmlat:vmlat_sample tracepoint through tracefs: its format, one event
# per expiry with trace_threshold_ns=0, and with a threshold exactly the
# expiries at or above it, the largest being the histogram's max.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/trace.sh"

tap_header "tracepoint vmlat:vmlat_sample"
[ -d "$TRACEFS/events" ] || tap_skip_all "tracefs is not available"
vmlat_fresh || tap_bail "cannot load vmlat.ko"
[ -d "$VMLAT_EVENT" ] || tap_bail "no $VMLAT_EVENT"

fmt=$(cat "$VMLAT_EVENT/format")
for f in "u64 seq" "u64 expected_ns" "u64 lateness_ns" "u64 steal_delta_ns" \
	 "u64 residual_ns" "u64 missed" "unsigned int source"; do
	case $fmt in
	*"field:$f;"*) tap_pass "format lists field '$f'" ;;
	*) tap_fail "format lists field '$f'" ;;
	esac
done
case $fmt in
*'lateness=%llu ns'*) tap_pass "format string carries units (lateness=%llu ns)" ;;
*) tap_fail "format string carries units (lateness=%llu ns)" ;;
esac

# window - sample for $1 s with the event on, everything else still
window()
{
	vmlat_set enabled 0
	vmlat_set reset 1
	trace_clean
	trace_event_on
	vmlat_set enabled 1
	sleep "$1"
	vmlat_set enabled 0
	trace_event_off
	trace_samples > /tmp/events
}

# threshold 0: one event per expiry, per CPU
vmlat_set trace_threshold_ns 0
window 2
tap_is "$(trace_lost)" 0 "the ring buffer lost no event"
for c in $(vmlat_cpus_possible); do
	n=$(grep -c "^cpu=$c " /tmp/events)
	s=$(vmlat_summary_key "$c" samples)
	tap_run "threshold 0: cpu$c has one event per expiry ($n events, $s samples)" \
		test "$n" = "$s" -a "$s" -gt 0
done

# a threshold on a bucket boundary (2^17 ns): the histogram tells exactly
# how many expiries reach it
thr=131072
tap_run "trace_threshold_ns=$thr is accepted" vmlat_set trace_threshold_ns $thr
window 3
h=$(awk -v ge=$thr -f "$VMLAT_LIB/vmlat-hist.awk" "$VMLAT_DEBUGFS/hist")
n=$(wc -l < /tmp/events)
tap_diag "events: $n; histogram: $h"
tap_is "$n" "$(vmlat_field "$h" ge)" "threshold $thr: events = expiries >= $thr in the histogram"
below=$(awk -v t=$thr '{ split($4, kv, "="); if (kv[2] < t) n++ } END { print n + 0 }' /tmp/events)
tap_is "$below" 0 "threshold $thr: no event below it"
tmax=$(awk '{ split($4, kv, "="); if (kv[2] > m) m = kv[2] } END { print m + 0 }' /tmp/events)
hmax=$(vmlat_field "$h" max)
if [ "$hmax" -ge $thr ]; then
	tap_is "$tmax" "$hmax" "the trace's largest lateness equals the histogram's max"
else
	tap_is "$n" 0 "no expiry reached the threshold, and no event was traced"
fi
tap_is "$(vmlat_get trace_threshold_ns)" $thr "trace_threshold_ns reads back"
vmlat_set trace_threshold_ns 0
vmlat_unload
tap_finish
