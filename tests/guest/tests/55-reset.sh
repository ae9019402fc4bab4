#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-here: safe
#
# reset=1 zeroes every histogram, counter and elapsed time, stopped or
# running; reset reads back 0 and leaves the other knobs alone.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "reset"
vmlat_fresh period_us=200 || tap_bail "cannot load vmlat.ko"
sleep 1
vmlat_set enabled 0
tap_run "there is something to reset (samples=$(vmlat_summary_key all samples))" \
	test "$(vmlat_summary_key all samples)" -gt 0

tap_run "reset=1 is accepted while stopped" vmlat_set reset 1
tap_is "$(vmlat_get reset)" 0 "reset reads back 0"
for c in $(vmlat_cpus_possible) all; do
	got=$(for k in samples missed elapsed_ns min_ns avg_ns max_ns max_at_ns; do
		printf '%s=%s ' "$k" "$(vmlat_summary_key "$c" "$k")"
	done)
	tap_is "$got" "samples=0 missed=0 elapsed_ns=0 min_ns=0 avg_ns=0 max_ns=0 max_at_ns=0 " \
		"cpu=$c: summary counters are zero"
done
vmlat_hist_files > /tmp/hist.files
while read -r file type cpu; do
	h=$(vmlat_check_hist "$file" "$type" "$cpu")
	tap_is "$(vmlat_field "$h" samples) $(vmlat_field "$h" elapsed_ns) $(vmlat_field "$h" rows)" \
		"0 0 0" "${file#$VMLAT_DEBUGFS/}: samples, elapsed_ns and rows are zero"
done < /tmp/hist.files
tap_is "$(vmlat_get enabled) $(vmlat_get period_us)" "N 200" "reset leaves enabled and period_us alone"

# while running: counting restarts from zero
vmlat_set enabled 1
sleep 2
before=$(vmlat_summary_key all samples)
tap_run "reset=1 is accepted while running" vmlat_set reset 1
after=$(vmlat_summary_key all samples)
tap_run "samples restart from zero while running ($before -> $after)" test "$after" -lt $((before / 4))
tap_is "$(vmlat_summary_key all active)" "$(vmlat_cpus_possible | wc -w)" "timers stay armed across reset"
sleep 1
tap_run "sampling continues after reset" test "$(vmlat_summary_key all samples)" -gt "$after"

vmlat_unload
tap_finish
