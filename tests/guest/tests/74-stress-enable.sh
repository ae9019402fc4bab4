#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Reliability: 50 enable/disable cycles at period_us=100 while three
# background readers loop over every vmlat file (summary, steal_source,
# the merged hist/steal/residual and every per_cpu/cpuN file) and check
# each histogram they read (its counts sum to its samples). Every cycle
# must stop all timers and start them all again; no read may fail or be
# torn; afterwards every file passes the format checkers, and the kernel
# log has no splat (the harness scans it too).

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/stress.sh"

CYCLES=${VMLAT_STRESS_CYCLES:-50}
tap_header "stress: $CYCLES enable/disable cycles with concurrent readers"
vmlat_fresh period_us=100 || tap_bail "cannot load vmlat.ko"
ncpu=$(vmlat_cpus_online | wc -w)
stress_start readers
sleep 1

# cycle - disable, check that every timer stopped, enable (in the
# spellings the grammar allows, in turn), check that every timer is armed
cycle()
{
	vmlat_set enabled 0 || werr=$((werr + 1))
	[ "$(vmlat_summary_key all active)" = 0 ] || not_off=$((not_off + 1))
	case $(((VMLAT_ROUND - 1) % 3)) in
	0) on=1 ;; 1) on=y ;; 2) on=Y ;;
	esac
	vmlat_set enabled $on || werr=$((werr + 1))
	[ "$(vmlat_summary_key all active)" = "$ncpu" ] || not_on=$((not_on + 1))
}

werr=0
not_off=0
not_on=0
vmlat_rounds "$CYCLES" cycle
tap_diag "$CYCLES cycles ($((2 * CYCLES)) writes) in $VMLAT_ROUNDS_S s"
tap_is "$werr" 0 "all $((2 * CYCLES)) enabled writes succeed"
tap_is "$not_off" 0 "every disable stops all timers (active=0)"
tap_is "$not_on" 0 "every enable arms all $ncpu timers"

s0=$(vmlat_summary_key all samples)
sleep 1
s1=$(vmlat_summary_key all samples)
tap_run "sampling goes on after the cycles ($s0 -> $s1)" test "$s1" -gt "$s0"

r=$(stress_readers_stop)
tap_diag "readers: $r"
tap_run "the readers made progress ($(vmlat_field "$r" reads) reads)" \
	test "$(vmlat_field "$r" idle)" = 0 -a "$(vmlat_field "$r" reads)" -gt 0
tap_is "$(vmlat_field "$r" errors)" 0 "no read failed while cycling"
tap_is "$(vmlat_field "$r" torn)" 0 "no histogram read was torn (count = sum of buckets)"
stress_torn_diag

vmlat_set enabled 0
stress_end_checks "after the cycles"
tap_finish
