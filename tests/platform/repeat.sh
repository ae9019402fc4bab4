#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the same guest run N times and tally how each boot ended, for the
# platform investigations of docs/evidence/platform.md. Every boot is a full
# tests/guest/run.sh (its splat scan, timeout and TAP); a boot is "clean"
# when the harness passed it, else the first kernel report, a timeout or
# the failed tests are named. Boots run JOBS at a time (default 2 for
# single-threaded TCG, 1 for multi-threaded: one host core per vCPU).
#
# Usage: tests/platform/repeat.sh -n N [-j JOBS] -o DIR -- RUN.SH-ARGS...
# Prints one line a boot and a last line "CONFIG: C clean of N"; exits 0
# when every boot was clean.

set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
n=10
jobs=""
outdir=""

while [ $# -gt 0 ]; do
	case $1 in
	-n) n=$2; shift 2 ;;
	-j) jobs=$2; shift 2 ;;
	-o) outdir=$2; shift 2 ;;
	--) shift; break ;;
	*) echo "usage: $0 -n N [-j JOBS] -o DIR -- RUN.SH-ARGS..." >&2; exit 2 ;;
	esac
done
if [ -z "$outdir" ] || [ $# -eq 0 ]; then
	echo "usage: $0 -n N [-j JOBS] -o DIR -- RUN.SH-ARGS..." >&2
	exit 2
fi
if [ -z "$jobs" ]; then
	jobs=2
	case " $* ${VMLAT_TCG_THREAD:-multi} " in
	*" --tcg single "*) ;;
	*" --tcg multi "*|*" multi "*) jobs=1 ;;
	esac
fi
mkdir -p "$outdir"

# one_boot - boot $1 (1..n): run.sh into $outdir/boot-$1, verdict in .../verdict
one_boot()
{
	local i=$1 d=$outdir/boot-$1 v

	"$top/tests/guest/run.sh" --out "$d" "${@:2}" > "$d.log" 2>&1
	if [ $? -eq 0 ]; then
		v="clean"
	elif v=$(grep -m 1 '^not ok .*guest kernel log:' "$d/report.tap" 2>/dev/null); then
		v="report: ${v#*guest kernel log: }"
	elif grep -q 'guest (tcg=[a-z]*) timed out' "$d/report.tap" 2>/dev/null; then
		v="timeout (wedge: the guest never powered off)"
	else
		v="failed: $(grep -m 2 '^not ok' "$d/report.tap" 2>/dev/null | tr '\n' ' ')"
	fi
	echo "$v" > "$d.verdict"
}

i=1
while [ $i -le "$n" ]; do
	one_boot "$i" "$@" &
	if [ $((i % jobs)) -eq 0 ]; then
		wait
	fi
	i=$((i + 1))
done
wait

clean=0
for i in $(seq 1 "$n"); do
	v=$(cat "$outdir/boot-$i.verdict" 2>/dev/null || echo "no verdict")
	[ "$v" = clean ] && clean=$((clean + 1))
	echo "boot $i: $v"
done
echo "$*: $clean clean of $n"
[ "$clean" -eq "$n" ]
