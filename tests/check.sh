#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: every vmlat test suite in order, counted together. Runs
# tests/deps.sh, the host unit tests and reader tests when they exist,
# checkpatch over module/ and userspace/, the guest harness's self-test,
# then the QEMU guest suite on
# Debian's default kernel. Each suite prints TAP; this script passes it
# through, counts "ok" / "not ok" over all of them (a suite that exits
# non-zero without a failing line counts as one failure) and ends with
# exactly one line "N passed, N failed[, N skipped]". Works with CI=true,
# no stdin, as root on a fresh Debian 12 machine.
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
for suite in unit reader; do
	if [ -f "$here/$suite/run.sh" ]; then
		suite_run "$suite" bash "$here/$suite/run.sh"
	else
		echo "# ==== $suite: tests/$suite/run.sh not there yet"
	fi
done
suite_run checkpatch "$here/checkpatch.sh"
suite_run "guest harness self-test" "$here/guest/selftest.sh"
suite_run "guest (Debian default kernel)" "$here/guest/run.sh" --kernel auto "$@"

echo "# all suites took $(($(date +%s) - start)) s"
suite_total
