#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest script (tests/guest/run.sh ... tests/platform/cx16.sh): runs the
# reproducer tcg-cx16 on every CPU and passes when CMPXCHG16B left
# architectural RFLAGS everywhere, or when the CPU model has no
# CMPXCHG16B, so the broken path cannot be taken (the harness's model).
# No vmlat module is loaded.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"
[ -r /etc/vmlat-harness.conf ] && . /etc/vmlat-harness.conf

tap_header "CMPXCHG16B and RFLAGS under this emulator (no vmlat loaded)"
tap_diag "tcg=${VMLAT_HARNESS_TCG:-?} cpu=${VMLAT_HARNESS_CPU:-?} kernel=$(uname -r)"
grep -qw cx16 /proc/cpuinfo && cx16=yes || cx16=no
tap_diag "cx16 in /proc/cpuinfo: $cx16"
for cpu in $(seq 0 $(($(nproc) - 1))); do
	out=$(taskset -c "$cpu" tcg-cx16)
	rc=$?
	tap_diag "cpu$cpu: $out"
	case $rc in
	0) tap_pass "cpu$cpu: RFLAGS after CMPXCHG16B are architectural" ;;
	3) tap_pass "cpu$cpu: the CPU model has no CMPXCHG16B (cx16=$cx16), the broken path cannot be taken" ;;
	*) tap_fail "cpu$cpu: RFLAGS after CMPXCHG16B corrupted (status $rc)" ;;
	esac
done
tap_finish
