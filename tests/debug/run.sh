#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check-debug`: the debug-kernel tier. Builds (or finds cached) the
# debug guest kernel, a slim x86_64 defconfig from the source of the newest
# Debian kernel (linux-source-X.Y, built in its suite's chroot) with
# lockdep (PROVE_LOCKING, PROVE_RCU), DEBUG_ATOMIC_SLEEP, DEBUG_PREEMPT,
# DEBUG_OBJECTS (timers, work, free), UBSAN (bounds, shifts), KASAN and
# kmemleak (tests/debug/build-kernel.sh); shows that a boot in which each
# checker reports fails the run (tests/debug/selftest.sh); then runs the guest
# suite on it with the scanner failing on any report, under the harness's
# default multi-threaded TCG. Then the same for the KCSAN variant (races
# with a vmlat frame fail, the core kernel's are listed), on the subset.
#
#   (default)   KASAN kernel: the whole guest suite; KCSAN kernel: the subset
#   --ci        KASAN kernel only, the subset: what .ci/run runs
#   --no-kcsan  leave the KCSAN variant out
#
# The subset is what a debug kernel is for: load and unload, CPU hotplug
# (parking below vmlat's state included), the wake-up stages (their
# threads, wait files, flapping under hotplug), knob flapping, module load
# cycles with the tracepoint on, tracepoint toggling, rmmod under
# readers, the steal simulator. Ends with "N passed, N failed[, N
# skipped]". Builds are cached in VMLAT_DEBUG_KERNEL_DIR (default
# ~/.cache/vmlat/debug-kernel); docs/evidence/debug.md has the build times (the
# KASAN variant: 6 minutes on 2 idle cores).
# Usage: tests/debug/run.sh [--ci] [--no-kcsan]

set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
SUITE_OUT=$top/tests/guest/out
. "$top/tests/lib/suite.sh"

subset=(10-load.sh 62-thread-stage.sh 63-user-stage.sh 66-hotplug.sh
	67-hotplug-park.sh 68-hotplug-exiting.sh 73-rmmod.sh
	74-stress-enable.sh 75-stress-knobs.sh 76-stress-hotplug.sh
	54-stress-stages.sh 77-stress-modload.sh 78-stress-modload-trace.sh
	85-steal-sim.sh 86-trace.sh 88-trace-stop-race.sh)
ci=0
kcsan=1
while [ $# -gt 0 ]; do
	case $1 in
	--ci) ci=1; kcsan=0; shift ;;
	--no-kcsan) kcsan=0; shift ;;
	*) sed -n 's/^# \{0,1\}//; /^Usage:/,/^$/p' "$0" >&2; exit 2 ;;
	esac
done

start=$(date +%s)
# tier - $1 variant, $2 "all" or "subset"
tier()
{
	local variant=$1 which=$2 kernel=debug t0
	local -a tests=()

	[ "$variant" = kcsan ] && kernel=debug-kcsan
	[ "$which" = subset ] && tests=("${subset[@]}")
	t0=$(date +%s)
	"$here/build-kernel.sh" --variant "$variant"
	suite_count $? "build the debug kernel ($variant) from the newest Debian source ($(($(date +%s) - t0)) s)"
	suite_run "debug tier self-test ($variant)" "$here/selftest.sh" --variant "$variant"
	# a debug kernel runs the suite several times slower than a stock one
	suite_run "guest suite on the debug kernel ($variant, $which)" \
		"$top/tests/guest/run.sh" --kernel "$kernel" --timeout 5400 \
		--test-timeout 1200 \
		--out "$top/tests/guest/out/debug-$variant" "${tests[@]+"${tests[@]}"}"
}

if [ "$ci" = 1 ]; then
	tier kasan subset
else
	tier kasan all
fi
[ "$kcsan" = 1 ] && tier kcsan subset
echo "# the debug tier took $(($(date +%s) - start)) s"
suite_total
