#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-here: safe
#
# The cpus knob: a selection samples only those CPUs (the others stay at
# zero after a reset and inactive), reads back in canonical cpulist form,
# works at insmod and at runtime, and a later selection widens sampling
# again.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "cpus selection"
vmlat_need_cpus 2
vmlat_fresh || tap_bail "cannot load vmlat.ko"

# only_sampled - check that exactly the CPUs in $1 sampled; $2 a label
only_sampled()
{
	for c in $(vmlat_cpus_possible); do
		s=$(vmlat_summary_key "$c" samples)
		a=$(vmlat_summary_key "$c" active)
		if echo " $1 " | grep -q " $c "; then
			tap_run "$2: cpu$c is sampled (samples=$s active=$a)" test "$s" -gt 0 -a "$a" = 1
		else
			tap_is "$s $a $(vmlat_summary_key "$c" elapsed_ns)" "0 0 0" \
				"$2: cpu$c is not sampled (samples active elapsed_ns)"
		fi
	done
}

tap_run "cpus=1 is accepted at runtime" vmlat_set cpus 1
tap_is "$(vmlat_get cpus)" 1 "cpus reads back 1"
vmlat_set reset 1
sleep 2
only_sampled 1 "cpus=1"
tap_is "$(vmlat_summary_key all active)" 1 "cpu=all active=1"
h=$(vmlat_check_hist "$VMLAT_DEBUGFS/per_cpu/cpu0/hist" lateness 0)
tap_is "$(vmlat_field "$h" samples)" 0 "per_cpu/cpu0/hist stays empty"

tap_run "cpus=0 is accepted at runtime" vmlat_set cpus 0
vmlat_set reset 1
sleep 2
only_sampled 0 "cpus=0"

tap_run "cpus=0,1 is accepted" vmlat_set cpus 0,1
tap_is "$(vmlat_get cpus)" 0-1 "cpus=0,1 reads back canonically as 0-1"
vmlat_set reset 1
sleep 2
only_sampled "0 1" "cpus=0,1"

tap_run "cpus=0-1:1/2 (stride grammar) is accepted" vmlat_set cpus 0-1:1/2
tap_is "$(vmlat_get cpus)" 0 "cpus=0-1:1/2 reads back 0"

# selection while disabled takes effect on enable
vmlat_set enabled 0
vmlat_set cpus 1
vmlat_set reset 1
tap_is "$(vmlat_summary_key all active)" 0 "cpus=1 while disabled arms nothing"
vmlat_set enabled 1
sleep 2
only_sampled 1 "cpus=1 set while disabled, then enabled"

# at insmod
vmlat_unload
tap_run "insmod cpus=1 succeeds" vmlat_load cpus=1
tap_is "$(vmlat_get cpus)" 1 "insmod cpus=1 reads back 1"
sleep 2
only_sampled 1 "insmod cpus=1"
tap_run "summary line 2 names cpus=1" sh -c "sed -n 2p $VMLAT_SUMMARY | grep -Eq ' cpus=1( |\$)'"

vmlat_unload
tap_finish
