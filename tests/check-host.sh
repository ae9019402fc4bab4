#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check-host`: the tests that need no guest and no module load, in
# under a minute: the host unit tests of the pure kernel code
# (tests/unit), the reader against its fixtures (tests/reader),
# checkpatch, the benchmark statistics (bench/lean-stats-check.sh), the
# paths the tree names (tests/check-paths.py), the commit conventions
# (tests/check-history.sh), the guest harness's self-test without its
# two boots, and
# check-here's opt-in gate. Counted by tests/lib/suite.sh; ends with
# "N passed, N failed[, N skipped]". --boot lets the harness self-test
# boot its two guests (what `make check` runs).
# Usage: tests/check-host.sh [--boot]

set -u

here=$(cd "$(dirname "$0")" && pwd)
SUITE_OUT=$here/guest/out
. "$here/lib/suite.sh"

selftest_args=(--no-boot)
case ${1:-} in
--boot) selftest_args=() ;;
"") ;;
*) sed -n 's/^# \{0,1\}//; /^Usage:/,/^$/p' "$0" >&2; exit 2 ;;
esac

start=$(date +%s)
# what the host tests build and run with; a fresh machine (make
# check-host on its own, without make check's tests/deps.sh) may have
# none of it (xz and zstd unpack the kernel whose STIs test_x86_insn
# checks: Debian 12's vmlinuz is xz, Debian 13's zstd)
"$here/deps.sh" make gcc libc6-dev perl xz-utils zstd busybox-static python3 git >/dev/null
suite_run unit bash "$here/unit/run.sh"
suite_run reader bash "$here/reader/run.sh"
suite_run checkpatch "$here/checkpatch.sh"
suite_run "benchmark statistics" bash "$here/../bench/lean-stats-check.sh"
suite_run "every path named exists" python3 "$here/check-paths.py"
suite_run "commit conventions" "$here/check-history.sh"
suite_run "commit conventions, planted faults" "$here/check-history.sh" --self-test
suite_run "nested-KVM console frames, planted faults" bash "$here/kvm/frames.sh" --self-test
suite_run "guest harness self-test${selftest_args[*]:+ (${selftest_args[*]})}" \
	"$here/guest/selftest.sh" "${selftest_args[@]+"${selftest_args[@]}"}"

# check-here without the opt-in: says what it would do, SKIPs, exit 4
out=$(VMLAT_CHECK_HERE='' "$here/check-here.sh" 2>&1 </dev/null)
rc=$?
[ "$rc" = 4 ] && [[ $(tail -n 1 <<<"$out") == "1..0 # SKIP not opted in"* ]] &&
	grep -q '^# it will run: [0-9]' <<<"$out"
suite_count $? "check-here.sh without VMLAT_CHECK_HERE=1 says what it would run and SKIPs (exit $rc)"

echo "# host tests took $(($(date +%s) - start)) s"
suite_total
