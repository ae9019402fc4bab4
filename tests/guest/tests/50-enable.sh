#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-here: safe
#
# enabled=0 stops every timer (active=0, counters and elapsed time frozen
# for a second) and enabled=1 resumes sampling; the accepted spellings of
# the bool (0 1 n y N Y) all work.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "enable and disable"
vmlat_fresh || tap_bail "cannot load vmlat.ko"
sleep 1

tap_run "enabled=0 is accepted" vmlat_set enabled 0
tap_is "$(vmlat_get enabled)" N "enabled reads back N"
tap_is "$(vmlat_summary_key all active)" 0 "no timer is armed after enabled=0"
before=$(vmlat_summary_col samples; vmlat_summary_col missed; vmlat_summary_col elapsed_ns)
sleep 1
after=$(vmlat_summary_col samples; vmlat_summary_col missed; vmlat_summary_col elapsed_ns)
tap_is "$after" "$before" "samples, missed and elapsed_ns stay frozen for 1 s"
tap_diag "frozen at samples: $(vmlat_summary_col samples | tr '\n' ' ')"

tap_run "enabled=1 is accepted" vmlat_set enabled 1
tap_is "$(vmlat_get enabled)" Y "enabled reads back Y"
tap_is "$(vmlat_summary_key all active)" "$(vmlat_cpus_possible | wc -w)" "every timer is armed again"
sleep 1
for c in $(vmlat_cpus_possible); do
	b=$(echo "$before" | awk -v c="$c" '$1 == c { print $2; exit }')
	a=$(vmlat_summary_key "$c" samples)
	tap_run "cpu$c counts again after enabled=1 ($b -> $a)" test "$a" -gt "$b"
done

# the other spellings, each from the opposite state
for pair in n:N y:Y N:N Y:Y 0:N 1:Y; do
	val=${pair%%:*}
	want=${pair#*:}
	tap_run "enabled=$val is accepted" vmlat_set enabled "$val"
	tap_is "$(vmlat_get enabled)" "$want" "enabled=$val reads back $want"
done
# writing the current value again changes nothing
vmlat_set enabled 1
vmlat_set enabled 1
tap_is "$(vmlat_summary_key all active)" "$(vmlat_cpus_possible | wc -w)" "enabled=1 twice leaves every timer armed once"

# loaded disabled: nothing runs until enabled
vmlat_unload
vmlat_load enabled=0
tap_is "$(vmlat_get enabled)" N "insmod enabled=0 reads back N"
sleep 1
tap_is "$(vmlat_summary_key all samples)" 0 "insmod enabled=0 samples nothing"
tap_is "$(vmlat_summary_key all active)" 0 "insmod enabled=0 arms no timer"
vmlat_set enabled 1
sleep 1
tap_run "enabled=1 after insmod enabled=0 starts sampling" \
	test "$(vmlat_summary_key all samples)" -gt 0
vmlat_unload
tap_finish
