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

passed=0
failed=0
skipped=0

# run_suite - $1 a name, the rest the command; its TAP is counted
run_suite()
{
	local name=$1 log rc p f s
	shift
	log=$(mktemp "$out/suite.XXXXXX")
	echo "# ==== $name: $*"
	"$@" </dev/null 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	p=$(grep -E '^ok ' "$log" | grep -c -v '# SKIP')
	s=$(grep -E '^ok ' "$log" | grep -c '# SKIP')
	f=$(grep -c -E '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 4 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name exited with status $rc"
		f=1
	fi
	echo "# ==== $name: $p passed, $f failed, $s skipped (status $rc)"
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	rm -f "$log"
}

start=$(date +%s)
if "$here/deps.sh" </dev/null; then
	echo "ok - tests/deps.sh: the packages the tests need are installed"
	passed=$((passed + 1))
else
	echo "not ok - tests/deps.sh: installing the packages the tests need"
	failed=$((failed + 1))
fi
for suite in unit reader; do
	if [ -f "$here/$suite/run.sh" ]; then
		run_suite "$suite" bash "$here/$suite/run.sh"
	else
		echo "# ==== $suite: tests/$suite/run.sh not there yet"
	fi
done
run_suite checkpatch "$here/checkpatch.sh"
run_suite "guest harness self-test" "$here/guest/selftest.sh"
run_suite "guest (Debian default kernel)" "$here/guest/run.sh" --kernel auto "$@"

echo "# all suites took $(($(date +%s) - start)) s"
tail=""
[ "$skipped" -gt 0 ] && tail=", $skipped skipped"
echo "$passed passed, $failed failed$tail"
[ "$failed" -eq 0 ]
