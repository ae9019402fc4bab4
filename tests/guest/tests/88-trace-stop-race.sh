#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-tcg: single
#
# stop_tracing_ns promises that the expiry which calls tracing_off() is
# the last vmlat event in its CPU's buffer (docs/tracing.md). The trace
# knobs are published one word at a time; the test build's
# sim_trace_delay_ms holds a write open between stop_tracing_ns and the
# trace floor, so timer callbacks see the new stop with the old floor.
# Each round: threshold 1 s (nothing traced), then stop_tracing_ns=1
# (every expiry qualifies) while both CPUs sample at 100 us with the event
# on. Every CPU whose trace_stops grew must have an event of lateness >= 1
# last in its buffer. A callback that stops on a torn read leaves none.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/trace.sh"

rounds=8
tap_header "every tracing_off has its event last, while the trace knobs change"
[ -d "$TRACEFS/events" ] || tap_skip_all "tracefs is not available"
vmlat_need_test_ko
vmlat_unload || tap_bail "cannot unload vmlat"

vmlat_load_test period_us=100 trace_threshold_ns=1000000000 ||
	tap_bail "cannot load vmlat-test.ko"
tap_run "sim_trace_delay_ms=20 is accepted" vmlat_set sim_trace_delay_ms 20
tap_is "$(vmlat_get sim_trace_delay_ms)" 20 "sim_trace_delay_ms reads back"
trace_clean
# patched once, for the whole file (see 87-trace-sim.sh on text patching)
trace_event_on

# stops_of CPU - that CPU's trace_stops so far
stops_of()
{
	vmlat_summary_key "$1" trace_stops
}

# race_round - nothing traced, then stop_tracing_ns=1 while the delay
# holds the floor back; each CPU whose trace_stops grew must have an
# event of lateness >= 1 last in its buffer
race_round()
{
	vmlat_set stop_tracing_ns 0
	vmlat_set trace_threshold_ns 1000000000
	before=""
	for c in $(vmlat_cpus_possible); do
		before="$before $(stops_of "$c")"
	done
	echo > "$TRACEFS/trace"
	echo 1 > "$TRACEFS/tracing_on"
	vmlat_set stop_tracing_ns 1
	waited=0
	while [ "$(cat $TRACEFS/tracing_on)" = 1 ] && [ $waited -lt 30 ]; do
		sleep 0.1
		waited=$((waited + 1))
	done
	if [ "$(cat $TRACEFS/tracing_on)" = 1 ]; then
		tap_diag "round $VMLAT_ROUND: tracing still on after 3 s"
		return
	fi
	trace_samples > /tmp/events
	set -- $before
	for c in $(vmlat_cpus_possible); do
		b=$1
		shift
		[ "$(stops_of "$c")" -gt "$b" ] || continue
		stopped=$((stopped + 1))
		last=$(awk -v c="cpu=$c" '$1 == c' /tmp/events | tail -n 1)
		lat=$(echo "$last" | awk '{ split($4, kv, "="); print kv[2] + 0 }')
		if [ -z "$last" ] || [ "$lat" -lt 1 ]; then
			torn=$((torn + 1))
			tap_diag "round $VMLAT_ROUND: cpu$c stopped tracing; its last event: '${last:-none}'"
		fi
	done
}

ncpu=$(vmlat_cpus_possible | wc -w)
torn=0
stopped=0
vmlat_rounds "$rounds" race_round
trace_event_off
vmlat_set sim_trace_delay_ms 0
vmlat_set stop_tracing_ns 0
# the last round stopped tracing: leave it on for the tests after this one
echo 1 > "$TRACEFS/tracing_on"

tap_run "tracing was stopped in every round ($stopped CPU stops in $rounds rounds, $ncpu CPUs)" \
	test "$stopped" -ge $rounds
tap_is "$torn" 0 "every CPU that called tracing_off() has its outlier as its last event"
vmlat_unload || tap_fail "rmmod vmlat-test"
tap_finish
