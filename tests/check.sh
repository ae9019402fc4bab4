#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: every vmlat test suite in order, counted together. Runs
# tests/deps.sh, the host tests of `make check-host` (tests/check-host.sh:
# unit, reader, checkpatch, the guest harness's self-test, here with its
# two boots), then the QEMU guest suite on Debian's default kernel. Each
# suite prints TAP; this script passes it through and counts it with the
# drivers' one counter, tests/lib/suite.sh ("ok" / "not ok" lines; a
# suite that exits non-zero without a failing line counts as one
# failure), and ends with exactly one line "N passed, N failed[, N
# skipped]". Works with CI=true, no stdin, as root on a fresh Debian 12
# machine.
# Usage: tests/check.sh [guest-harness-args ...]

set -u

here=$(cd "$(dirname "$0")" && pwd)
out=$here/guest/out
mkdir -p "$out"

SUITE_OUT=$out
. "$here/lib/suite.sh"

start=$(date +%s)
"$here/deps.sh" </dev/null
suite_count $? "tests/deps.sh: the packages the tests need are installed"
# the host tests (make check-host), the harness self-test with its boots
suite_run "host tests" "$here/check-host.sh" --boot
suite_run "guest (Debian default kernel)" "$here/guest/run.sh" --kernel auto "$@"
# the README's main command, end to end: it must print the histogram
suite_run "make run" "$here/make-run-check.sh"

echo "# all suites took $(($(date +%s) - start)) s"
suite_total
