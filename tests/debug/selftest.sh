#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The debug tier's self-test: a boot of the debug kernel in which
# vmlat_provoke.ko commits one bug of each kind the tier checks for
# (tests/debug/provoke-guest.sh) must fail the run, and the console scan
# must name a report of each kind, so that a green debug run means each
# checker was on and watched. Prints TAP and "N passed, N failed".
# Usage: tests/debug/selftest.sh [--variant kasan|kcsan]

set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib/tap.sh"
variant=kasan
[ "${1:-}" = --variant ] && variant=$2
kernel=debug
[ "$variant" = kcsan ] && kernel=debug-kcsan
out=$top/tests/guest/out/debug-selftest-$variant
log=$(mktemp)
trap 'rm -f "$log"' EXIT

tap_header "debug tier self-test ($variant): each checker's report fails the run"
"$top/tests/guest/run.sh" --kernel "$kernel" --no-test-build --out "$out" \
	--extra-module "$here/provoke" "$here/provoke-guest.sh" > "$log" 2>&1
rc=$?
# an insmod and an rmmod of each kind provoke-guest.sh commits: lockdep,
# sleep, odebug, ubsan and kasan, kmemleak or race
loads=12
[ "$variant" = kcsan ] && loads=10
tap_run "the guest committed each bug (insmod and rmmod of every kind passed)" \
	test "$(grep -c '^ok .*provoke-guest.sh: \(insmod\|rmmod\)' "$log")" -ge "$loads"
if [ "$rc" -ne 0 ]; then
	tap_pass "the run fails"
else
	tap_fail "the run fails"
fi

# found - the kind $1 has a failure line from the console scan matching $2
found()
{
	if grep -q -E "^not ok .*guest kernel log: .*($2)" "$log"; then
		tap_pass "the scan reports $1"
	else
		tap_fail "the scan reports $1"
		grep -E '^(not ok|# )' "$log" | tail -n 10 | sed 's/^/# /'
	fi
}
found "lockdep: the ABBA lock order" 'possible circular locking dependency'
found "atomic sleep: might_sleep() with preemption off" 'sleeping function called from invalid context'
found "debug objects: an unannotated hrtimer on the stack" 'ODEBUG: object .* is on stack'
found "UBSAN: an array indexed past its end" 'UBSAN: array-index-out-of-bounds in .*vmlat_provoke\.c'
found "UBSAN: a u32 shifted by 32" 'UBSAN: shift-out-of-bounds in .*vmlat_provoke\.c'
if [ "$variant" = kcsan ]; then
	found "KCSAN: the plain write from two CPUs (a frame of vmlat_provoke)" 'KCSAN: data-race in provoke_race_fn'
else
	found "KASAN: the read past a kmalloc()ed object" 'KASAN: slab-out-of-bounds'
	found "kmemleak: the dropped objects, after the test's scan" 'kmemleak: unreferenced object 0x'
fi
tap_finish
