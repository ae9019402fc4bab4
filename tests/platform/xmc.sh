#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest script (tests/guest/run.sh ... tests/platform/xmc.sh): runs the
# cross-modifying-code reproducer tcg-xmc for VMLAT_GUEST_XMC_S seconds
# (default 30) with its writer and executor on different CPUs; passes
# when no call ran code older than what the writer had synced. No vmlat
# module is loaded.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"
[ -r /etc/vmlat-harness.conf ] && . /etc/vmlat-harness.conf

secs=${VMLAT_GUEST_XMC_S:-30}
tap_header "cross-modifying code under this emulator (no vmlat loaded)"
tap_diag "tcg=${VMLAT_HARNESS_TCG:-?} cpu=${VMLAT_HARNESS_CPU:-?} kernel=$(uname -r)"
[ "$(nproc)" -ge 2 ] || tap_skip_all "needs 2 CPUs"
out=$(tcg-xmc "$secs")
rc=$?
tap_diag "$out"
case $rc in
0) tap_pass "code modified on cpu1 and synced is what cpu0 runs ($secs s)" ;;
3) tap_skip "cross-modifying code" "the kernel has no membarrier SYNC_CORE" ;;
*) tap_fail "code modified on cpu1 and synced is what cpu0 runs ($secs s): stale code (status $rc)" ;;
esac
tap_finish
