#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmark of the vmlat reader over synthetic 64-CPU fixtures (made by
# tests/reader/mkfixture.py; cpu64full has all 529 buckets of every
# histogram non-empty, the parsing worst case): wall time of one "vmlat hist" and one
# "vmlat summary" in each output format, min/median/max over RUNS runs
# (default 50). Target: under 50 ms each. It prints numbers; it does not
# pass or fail.

set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
RUNS=${RUNS:-50}
T=$(mktemp -d /tmp/vmlat-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT

make -C "$TOP/userspace" -s || exit 1
VMLAT=$TOP/userspace/vmlat

bench() {
	local i t0 t1
	: >"$T/times"
	"$VMLAT" "$@" $SYS >/dev/null || { echo "vmlat $* failed" >&2; return 1; }
	for ((i = 0; i < RUNS; i++)); do
		t0=$(date +%s%N)
		"$VMLAT" "$@" $SYS >/dev/null
		t1=$(date +%s%N)
		echo $(((t1 - t0) / 1000)) >>"$T/times"
	done
	sort -n "$T/times" | awk -v name="$*" '
		{ v[NR] = $1 }
		END { printf "%-28s %10.2f %10.2f %10.2f\n", name,
		      v[1] / 1000, v[int((NR + 1) / 2)] / 1000, v[NR] / 1000 }'
}

for FX in cpu64 cpu64full; do
/usr/bin/python3 "$TOP/tests/reader/mkfixture.py" "$T" $FX || exit 1
SYS="--root $T/$FX/debugfs/vmlat --params $T/$FX/module/vmlat/parameters"
echo "# $FX: 64 CPUs, $(find "$T/$FX/debugfs" -type f | wc -l) files, $(du -sb "$T/$FX/debugfs" | cut -f1) bytes; $RUNS runs each"
printf '%-28s %10s %10s %10s\n' command min_ms median_ms max_ms
bench hist
bench hist --json
bench hist --csv
bench hist --prom
bench hist --prom --per-cpu
bench summary
bench summary --json
bench summary --csv
bench summary --prom
done
echo "# target: under 50 ms per command"
