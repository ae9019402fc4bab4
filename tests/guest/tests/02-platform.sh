#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-tcg: both
#
# The emulator faults of docs/evidence/platform.md stay out of this boot. CMPXCHG16B
# must leave architectural RFLAGS, or the CPU model must not have it (the
# harness's default, -cpu max,cx16=off): QEMU 7.2 corrupts the flags in
# both TCG modes. In the single-threaded boot, where the text-patching
# tests run, code another vCPU modified and serialized must be what runs;
# in the multi-threaded boot, which QEMU 7.2 gets wrong, the result is
# only reported. No vmlat module is involved.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

mode=${VMLAT_HARNESS_TCG:-unknown}
tap_header "emulator faults (tcg=$mode cpu=${VMLAT_HARNESS_CPU:-?})"

out=$(tcg-cx16)
rc=$?
tap_diag "$out"
case $rc in
0|3) tap_pass "CMPXCHG16B leaves architectural RFLAGS, or the CPU model has none" ;;
*) tap_fail "CMPXCHG16B corrupts RFLAGS (status $rc): boot with a CPU model without cx16 (run.sh --cpu max,cx16=off)" ;;
esac

if [ "$(nproc)" -lt 2 ]; then
	tap_skip "cross-modified code is seen after a serialization" "needs 2 CPUs"
elif [ "$mode" = single ]; then
	out=$(tcg-xmc 10)
	rc=$?
	tap_diag "$out"
	tap_is "$rc" 0 "cross-modified code is seen after a serialization (10 s)"
else
	out=$(tcg-xmc 3)
	tap_diag "tcg=$mode, reported only: $out"
fi
tap_finish
