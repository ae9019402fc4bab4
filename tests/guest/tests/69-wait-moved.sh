#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A reader that another task moves off the wait file's CPU inside read(),
# after its binding check and before its wait, gets EINVAL, as a reader
# not bound there does: the wait's interrupts-off block must run on the
# file's CPU (it writes that CPU's statistics under a plain seqcount).
# Test build: sim_wait_delay_ms holds each read in that window.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "a reader moved off its CPU inside read()"
vmlat_need_tool vmlat-waiters
[ "${VMLAT_HARNESS_TEST_BUILD:-0}" = 1 ] && [ -f "$VMLAT_TEST_KO" ] ||
	tap_skip_all "needs the test build (vmlat-test.ko)"
set -- $(vmlat_cpus_online)
[ $# -ge 2 ] || tap_skip_all "needs two online CPUs"
from=$2
to=$1
VMLAT_KO=$VMLAT_TEST_KO
vmlat_fresh period_us=1000 user=1 || tap_bail "cannot load vmlat-test.ko"

vmlat_set sim_wait_delay_ms 1000
vmlat_waiters /tmp/moved.out -m moved -c "$from" -t "$to"
tap_is "$(vmlat_out_val moved /tmp/moved.out)" EINVAL \
	"moved from cpu$from to cpu$to inside read(): EINVAL"
vmlat_set sim_wait_delay_ms 0

vmlat-waiter -c "$from" -n 5 > /tmp/w.out
tap_is "$(grep -c '^seq=' /tmp/w.out)" 5 "afterwards a bound reader of cpu$from reads as before"
tap_run "rmmod" vmlat_unload
tap_finish
