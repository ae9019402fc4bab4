#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest suite over several Debian kernels, one after the other: by
# default linux-image-amd64 (6.1) and the 6.12 amd64, cloud-amd64 and
# rt-amd64 flavours, each resolved through its metapackage at run time.
# Not part of `make check` (a few minutes per kernel); prints each run's
# TAP and ends with one line "N passed, N failed" over all of them.
# Usage: tests/guest/kernels.sh [kernel ...] (as tests/guest/run.sh --kernel)

set -u

here=$(cd "$(dirname "$0")" && pwd)
kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(auto 6.12 6.12-cloud 6.12-rt)

passed=0
failed=0
skipped=0
for k in "${kernels[@]}"; do
	log=$(mktemp)
	echo "# ==== kernel $k"
	"$here/run.sh" --kernel "$k" --out "$here/out/kernel-$k" </dev/null 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	p=$(grep -E '^ok ' "$log" | grep -c -v '# SKIP')
	s=$(grep -E '^ok ' "$log" | grep -c '# SKIP')
	f=$(grep -c -E '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - kernel $k: harness exited with status $rc"
		f=1
	fi
	echo "# ==== kernel $k: $p passed, $f failed, $s skipped"
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	rm -f "$log"
done
tail=""
[ "$skipped" -gt 0 ] && tail=", $skipped skipped"
echo "$passed passed, $failed failed$tail"
[ "$failed" -eq 0 ]
