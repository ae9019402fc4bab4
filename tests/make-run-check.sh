#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make run` end to end, as the README gives it: it must exit 0 and print
# the histogram block (its header, a row per bucket, the count and
# percentile lines, max), whichever way it measured. TAP on stdout.

set -u

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/tap.sh"

out=$(mktemp)
trap 'rm -f "$out"' EXIT
tap_header "make run (tests/run.sh), end to end"
VMLAT_MEASURE_S=${VMLAT_MEASURE_S:-5} "$here/run.sh" > "$out" 2>&1 </dev/null
rc=$?
tap_is "$rc" 0 "make run exits 0"
for pat in '^==== vmlat: ' '^Index ' '^count: ' '^p99: ' '^max: ' '^==== end'; do
	if grep -q "$pat" "$out"; then
		tap_pass "make run prints a line matching '$pat'"
	else
		tap_fail "make run prints a line matching '$pat'"
		sed 's/^/# /' "$out" | tail -n 20
	fi
done
tap_finish
