#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-tcg: both
#
# The emulator runs the vCPUs the way this boot says it does. Two threads
# pinned to cpu0 and cpu1 add to one counter with a plain read-modify-
# write (tests/guest/tools/vmlat-race.c): under multi-threaded TCG (one
# host thread per vCPU) the two really run at once and updates are lost,
# so races between a knob write on one CPU and a callback on another
# really interleave in this boot; under single-threaded TCG the vCPUs take
# turns between translation blocks and none is lost. Runs in both of the
# harness's boots (the header line above). A multi-threaded boot comes up
# on cpu0 alone (maxcpus=1) and /init brings the others online: every
# possible CPU must be online by the first test.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

mode=${VMLAT_HARNESS_TCG:-unknown}
tap_header "TCG mode of this boot: $mode"
[ "$(cat /sys/devices/system/cpu/possible)" != 0 ] || tap_skip_all "needs 2 CPUs"
tap_is "$(cat /sys/devices/system/cpu/online)" "$(cat /sys/devices/system/cpu/possible)" \
	"every possible CPU is online before the tests ($(grep -o 'maxcpus=[0-9]*' /proc/cmdline || echo 'all at boot'))"

out=$(vmlat-race 20000000)
tap_diag "vmlat-race: $out"
lost=$(echo "$out" | sed -n 's/.* lost=\([0-9]*\).*/\1/p')
case $mode in
multi)	tap_run "two vCPUs run at once: unlocked updates from cpu0 and cpu1 collide (lost=$lost)" \
		test "${lost:-0}" -gt 0 ;;
single)	tap_is "$lost" 0 "the vCPUs take turns: no unlocked update from cpu0 or cpu1 is lost" ;;
*)	tap_fail "the harness names the TCG mode (VMLAT_HARNESS_TCG=$mode)" ;;
esac
tap_finish
