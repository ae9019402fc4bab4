#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-tcg: both
#
# The emulator runs the vCPUs the way this boot says it does: under
# multi-threaded TCG (one host thread per vCPU) two spin loops pinned to
# cpu0 and cpu1 together get through nearly twice the iterations of one
# loop alone, so races between CPUs really interleave; under
# single-threaded TCG they share one host thread and together get about
# what one gets alone. Runs in both of the harness's boots (the header
# line above) and needs a host core free per vCPU for the first.

. /lib/vmlat-tests/tap.sh
. /lib/vmlat-tests/vmlat.sh

mode=${VMLAT_HARNESS_TCG:-unknown}
tap_header "TCG mode of this boot: $mode"
[ "$(nproc)" -ge 2 ] || tap_skip_all "needs 2 CPUs"

ips()
{
	sed -n 's/.* ips=\([0-9]*\).*/\1/p'
}

alone=$(vmlat-spin -c 0 -t 2 | ips)
vmlat-spin -c 1 -t 2 > /tmp/spin1.out &
pid=$!
both0=$(vmlat-spin -c 0 -t 2 | ips)
wait $pid
both1=$(ips < /tmp/spin1.out)
ratio=$(awk -v a="$alone" -v b="$both0" -v c="$both1" 'BEGIN { printf "%.2f", (b + c) / a }')
tap_diag "iterations/s: cpu0 alone $alone; together cpu0 $both0, cpu1 $both1; ratio $ratio"
case $mode in
multi)	tap_run "two vCPUs run at once: two loops together get $ratio x one alone (>= 1.4)" \
		awk -v r="$ratio" 'BEGIN { exit !(r >= 1.4) }' ;;
single)	tap_run "the vCPUs take turns: two loops together get $ratio x one alone (<= 1.25)" \
		awk -v r="$ratio" 'BEGIN { exit !(r <= 1.25) }' ;;
*)	tap_fail "the harness names the TCG mode (VMLAT_HARNESS_TCG=$mode)" ;;
esac
tap_finish
