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
ncpu=$(stress_online_cpus | wc -w)
vmlat_dmesg_mark
stress_readers_start
sleep 1

t0=$(date +%s)
i=0
werr=0
not_off=0
not_on=0
while [ $i -lt "$CYCLES" ]; do
	vmlat_set enabled 0 || werr=$((werr + 1))
	[ "$(vmlat_summary_key all active)" = 0 ] || not_off=$((not_off + 1))
	# alternate the spellings the grammar allows
	case $((i % 3)) in
	0) on=1 ;; 1) on=y ;; 2) on=Y ;;
	esac
	vmlat_set enabled $on || werr=$((werr + 1))
	[ "$(vmlat_summary_key all active)" = "$ncpu" ] || not_on=$((not_on + 1))
	i=$((i + 1))
done
t1=$(date +%s)
tap_diag "$CYCLES cycles ($((2 * CYCLES)) writes) in $((t1 - t0)) s"
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
[ -f "$STRESS_DIR/reader.2.torn" ] && sed 's/^/# torn: /' "$STRESS_DIR/reader.2.torn" | head -n 8

vmlat_set enabled 0
out=$(stress_check_all 1)
tap_result $? "every file is consistent after the cycles ($out)"
tap_is "$(stress_splats)" 0 "no kernel splat"
tap_run "rmmod" vmlat_unload
tap_finish
