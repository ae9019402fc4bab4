#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Reliability: 20 insmod/rmmod cycles at period_us=100 with two debugfs
# files held open (one part-read) and a reader looping over the
# histograms, under multi-threaded TCG (the vCPUs really run at once).
# 78-stress-modload-trace.sh runs the same cycles with the vmlat_sample
# tracepoint enabled and recording in each (VMLAT_MODLOAD_TRACE=1), in
# the harness's single-threaded phase: enabling an event patches kernel
# text, which QEMU's multi-threaded TCG does not make visible to the other
# vCPU (docs/evidence/platform.md). rmmod
# may be refused as busy while a file is open (allowed by the design):
# then the files are closed and rmmod retried, and it must succeed. When
# rmmod succeeds with a file held open, reading that file must fail. The
# event directory must go with the module and come back with it; no
# splat. Uses the default build only: the test build's simulator must not
# meet tracepoint text patching (see 87-trace-sim.sh).

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/stress.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/trace.sh"

CYCLES=${VMLAT_STRESS_CYCLES:-20}
TRACE=${VMLAT_MODLOAD_TRACE:-0}
if [ "$TRACE" = 1 ]; then
	tap_header "stress: $CYCLES insmod/rmmod cycles with open files and the tracepoint on (tcg=${VMLAT_HARNESS_TCG:-?})"
else
	tap_header "stress: $CYCLES insmod/rmmod cycles with open files (tcg=${VMLAT_HARNESS_TCG:-?})"
fi
[ -d "$TRACEFS/events" ] || tap_skip_all "tracefs is not available"
vmlat_unload || tap_bail "cannot unload vmlat"
stress_start
echo 0 > "$TRACEFS/tracing_on"
echo 512 > "$TRACEFS/buffer_size_kb"
echo > "$TRACEFS/trace"
echo 1 > "$TRACEFS/tracing_on"
last=$(vmlat_cpus_online | awk '{ print $NF }')

# entries - events in the ring buffer now, over all CPUs
entries()
{
	cat "$TRACEFS"/per_cpu/cpu*/stats | awk '$1 == "entries:" { n += $2 } END { print n + 0 }'
}

# cycle - insmod (and enable the event), open two files, start a reader,
# rmmod while they are there; when refused as busy, close them and rmmod
# again. Each thing that goes wrong is counted.
cycle()
{
	if ! insmod "$VMLAT_KO" period_us=100 2>/dev/null; then
		load_err=$((load_err + 1))
		return
	fi
	if [ "$TRACE" = 0 ] || { [ -d "$VMLAT_EVENT" ] && echo 1 > "$VMLAT_EVENT/enable"; }; then
		:
	else
		no_event=$((no_event + 1))
	fi
	exec 3< "$VMLAT_SUMMARY"
	exec 4< "$VMLAT_DEBUGFS/per_cpu/cpu$last/hist"
	dd bs=64 count=1 <&4 >/dev/null 2>&1
	# stopped through a file, so that no cat of it outlives the wait
	rm -f /tmp/modload.stop
	(while [ ! -e /tmp/modload.stop ]; do
		cat "$VMLAT_DEBUGFS/hist" "$VMLAT_DEBUGFS/residual" >/dev/null 2>&1
	done) &
	reader=$!
	sleep 0.3
	[ "$TRACE" = 0 ] || [ "$(entries)" -gt 0 ] || no_trace=$((no_trace + 1))
	# the first rmmod races the reader and meets the open files
	if rmmod vmlat 2>/dev/null; then
		first_ok=$((first_ok + 1))
		# the module went with the files open: reading them must fail
		cat <&3 >/dev/null 2>&1 && read_after=$((read_after + 1))
		cat <&4 >/dev/null 2>&1 && read_after=$((read_after + 1))
	else
		busy=$((busy + 1))
	fi
	exec 3<&- 4<&-
	touch /tmp/modload.stop
	wait "$reader" 2>/dev/null
	# busy: with every file closed, rmmod must now succeed
	if vmlat_loaded; then
		rmmod vmlat 2>/dev/null
		vmlat_loaded && stuck=$((stuck + 1))
		tries=0
		while vmlat_loaded && [ $tries -lt 20 ]; do
			sleep 0.1
			rmmod vmlat 2>/dev/null
			tries=$((tries + 1))
		done
	fi
	[ -d "$TRACEFS/events/vmlat" ] && event_left=$((event_left + 1))
	echo > "$TRACEFS/trace"
}

load_err=0
no_event=0
no_trace=0
busy=0
first_ok=0
stuck=0
read_after=0
event_left=0
vmlat_rounds "$CYCLES" cycle
tap_diag "$CYCLES cycles in $VMLAT_ROUNDS_S s: rmmod went first time $first_ok, refused as busy first $busy"
tap_is "$load_err" 0 "every insmod succeeds"
if [ "$TRACE" = 1 ]; then
	tap_is "$no_event" 0 "vmlat:vmlat_sample can be enabled after every insmod"
	tap_is "$no_trace" 0 "the event records into the ring buffer in every cycle"
fi
tap_is "$stuck" 0 "a busy rmmod succeeds at once when the files are closed and the reader gone"
tap_is "$read_after" 0 "a file held open across a successful rmmod cannot be read"
tap_is "$event_left" 0 "the event directory goes with the module"
tap_run "the module is gone at the end" test ! -e /sys/module/vmlat
tap_run "insmod works afterwards" vmlat_load
tap_run "and the event is back, disabled" test "$(cat "$VMLAT_EVENT/enable" 2>/dev/null)" = 0
vmlat_unload
tap_is "$(stress_splats)" 0 "no kernel splat"
echo 1 > "$TRACEFS/tracing_on"
tap_finish
