#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Reliability: every knob fuzzed with bounded random bytes (1..320 bytes:
# raw bytes, the knob's alphabet, well-formed values with one mutation)
# by tests/guest/tools/vmlat-fuzz.c, which decides each write's outcome
# with its own reference parser of the grammar in docs/abi.md: invalid
# -> EINVAL and nothing changes (knobs, and with sampling stopped the
# counters), valid -> applied and read back canonical. Sampling runs
# while enabled, period_us, cpus and the thresholds are fuzzed, and is
# stopped for reset, so a reset shows. Also: no splat.
# VMLAT_FUZZ_WRITES (default 1000) per knob, VMLAT_FUZZ_SEED (default:
# from the clock, printed so that a failure can be replayed).

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/stress.sh"

WRITES=${VMLAT_FUZZ_WRITES:-1000}
SEED=${VMLAT_FUZZ_SEED:-$(date +%s)}
tap_header "fuzz every knob: $WRITES writes each, seed $SEED"
vmlat_need_tool vmlat-fuzz
vmlat_fresh period_us=500 || tap_bail "cannot load vmlat.ko"
stress_start

# fuzz - run vmlat-fuzz on the knobs given; one TAP line per knob
fuzz()
{
	vmlat-fuzz -n "$WRITES" -s "$SEED" "$@" > /tmp/fuzz.out 2>&1
	rc=$?
	grep -v '^#' /tmp/fuzz.out | head -n 20 | sed 's/^/# /'
	for k in "$@"; do
		line=$(grep "^# knob=$k " /tmp/fuzz.out)
		valid=$(vmlat_field "$line" valid)
		invalid=$(vmlat_field "$line" invalid)
		bad=$(vmlat_field "$line" mismatches)
		if [ -z "$line" ]; then
			tap_fail "$k: the fuzzer finished (status $rc)"
		elif [ "$bad" = 0 ]; then
			tap_pass "$k: $WRITES writes, $valid valid applied, $invalid invalid refused, all as the reference says"
		else
			tap_fail "$k: $bad of $WRITES writes disagree with the reference"
		fi
	done
}

t0=$(date +%s)
fuzz enabled period_us cpus trace_threshold_ns stop_tracing_ns steal
# reset: with sampling stopped, a refused reset must keep the counters
vmlat_set enabled 0
fuzz reset
t1=$(date +%s)
tap_diag "fuzzing took $((t1 - t0)) s"

# the state the fuzzing left still works: restore and sample
ok=1
vmlat_set period_us 500 && vmlat_set cpus "$(cat /sys/devices/system/cpu/possible)" &&
	vmlat_set trace_threshold_ns 0 && vmlat_set stop_tracing_ns 0 &&
	vmlat_set reset 1 && vmlat_set enabled 1 || ok=0
sleep 1
tap_run "after fuzzing, the knobs restore and every CPU samples" \
	test $ok = 1 -a "$(vmlat_summary_key all active)" = "$(vmlat_cpus_online | wc -w)" \
	-a "$(vmlat_summary_key all samples)" -gt 0
stress_stop
# a fuzzed stop_tracing_ns may have stopped tracing: on for the next tests
echo 1 > /sys/kernel/tracing/tracing_on 2>/dev/null
stress_end_checks
tap_finish
