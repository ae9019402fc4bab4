#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-tcg: single
#
# The tracepoint per expiry, with the test build's simulated host: every
# event obeys the attribution rule, seq has no gaps, and stop_tracing_ns
# freezes the ring buffer with the outlier as its last vmlat event (500 us
# blocks on cpu1, sampled alone, stop at >= 400 us).

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/trace.sh"

tap_header "tracepoint with simulated steal, stop_tracing_ns"
[ -d "$TRACEFS/events" ] || tap_skip_all "tracefs is not available"
vmlat_need_test_ko
vmlat_unload || tap_bail "cannot unload vmlat"

vmlat_load_test steal=sim sim_cpus=1 sim_rate_hz=40 sim_block_us=500 ||
	tap_bail "cannot load vmlat-test.ko"
vmlat_set enabled 0
vmlat_set reset 1
trace_clean
trace_event_on
vmlat_set enabled 1
sleep 3
vmlat_set enabled 0
trace_samples > /tmp/events
tap_is "$(trace_lost)" 0 "the ring buffer lost no event"
n=$(wc -l < /tmp/events)
tap_run "events were recorded ($n)" test "$n" -gt 1000

bad=$(awk '{
	for (f = 1; f <= NF; f++) { split($f, kv, "="); v[kv[1]] = kv[2] }
	stolen = v["lateness"] < v["steal_delta"] ? v["lateness"] : v["steal_delta"]
	if (v["lateness"] - v["residual"] != stolen) bad++
} END { print bad + 0 }' /tmp/events)
tap_is "$bad" 0 "every event: lateness_ns - residual_ns = min(lateness_ns, steal_delta_ns)"
gaps=$(awk '{
	split($1, c, "="); split($2, s, "=")
	if ((c[2] in last) && s[2] != last[c[2]] + 1) gaps++
	last[c[2]] = s[2]
} END { print gaps + 0 }' /tmp/events)
tap_is "$gaps" 0 "seq has no gaps on any CPU"
tap_is "$(awk '!/ source=sim( |$)/' /tmp/events | wc -l)" 0 "every event says source=sim"
stealy=$(awk '$1 == "cpu=1" && $5 != "steal_delta=0"' /tmp/events | wc -l)
tap_is "$stealy" "$(vmlat_summary_key 1 steal_expiries)" \
	"cpu1: events with steal = the summary's steal_expiries ($stealy)"
tap_is "$(awk '$1 == "cpu=0" && $5 != "steal_delta=0"' /tmp/events | wc -l)" 0 \
	"cpu0: no event with steal"

# stop_tracing_ns on the same load, with the event left on: every enable
# of a tracepoint patches kernel text (text_poke_bp), and under TCG one
# such patch racing a CPU held with interrupts off by the simulator has
# been seen to wedge the guest, so this file patches once.
stop=400000
vmlat_set cpus 1
vmlat_set reset 1
echo > "$TRACEFS/trace"
vmlat_set enabled 1
# a second of ordinary events first: they are what must survive the stop
sleep 1
# armed last: an outlier before the buffer is ready would stop it empty
tap_run "stop_tracing_ns=$stop is accepted" vmlat_set stop_tracing_ns $stop
tap_is "$(vmlat_get stop_tracing_ns)" $stop "stop_tracing_ns reads back"
waited=0
while [ "$(cat $TRACEFS/tracing_on)" = 1 ] && [ $waited -lt 50 ]; do
	sleep 0.1
	waited=$((waited + 1))
done
tap_is "$(cat $TRACEFS/tracing_on)" 0 "an expiry >= $stop ns turned tracing off (after ~$((waited / 10)) s)"
sleep 0.5
trace_event_off
trace_samples > /tmp/events
last=$(tail -n 1 /tmp/events)
tap_diag "last event: $last"
lat=$(echo "$last" | awk '{ split($4, kv, "="); print kv[2] + 0 }')
tap_run "the last vmlat event in the frozen buffer is the outlier (lateness $lat >= $stop)" \
	test "$lat" -ge $stop
tap_run "the events that led up to it are kept ($(wc -l < /tmp/events) events)" \
	test "$(wc -l < /tmp/events)" -gt 1
tap_is "$(vmlat_summary_key 1 trace_stops)" 1 "summary: trace_stops=1 on cpu1"
tap_is "$(vmlat_summary_key all trace_stops)" 1 "summary: trace_stops=1 on cpu=all"
vmlat_set reset 1
tap_is "$(vmlat_summary_key all trace_stops)" 0 "reset zeroes trace_stops"
tap_run "stop_tracing_ns=0 turns it off" vmlat_set stop_tracing_ns 0
echo 1 > $TRACEFS/tracing_on
vmlat_unload
tap_finish
