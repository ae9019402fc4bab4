#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Memory benchmark: what vmlat allocates per CPU, read from the module's
# own debug info (gdb on a vmlat.ko built against installed Debian
# headers, in a scratch copy of the tree): the per-CPU struct vmlat_cpu
# (alloc_percpu), the debugfs views (kcalloc, 3 per CPU), and the
# transient snapshot buffers a read allocates (not per CPU, freed when the
# read returns). Target: at most 16 KiB per CPU. Prints a Markdown table
# per kernel. KDIRS picks the headers (default: every installed
# /usr/src/linux-headers-*-amd64); fails when a total is over the target.

set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/.." && pwd)
KDIRS=${KDIRS:-$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V)}
command -v gdb >/dev/null || { echo "memory.sh: needs gdb" >&2; exit 1; }
T=$(mktemp -d /tmp/vmlat-mem.XXXXXX)
trap 'rm -rf "$T"' EXIT

ko=$T/module/vmlat.ko

size()
{
	gdb -batch -ex "print sizeof($1)" "$ko" 2>/dev/null | sed -n 's/^\$1 = //p'
}

status=0
for KDIR in $KDIRS; do
	rm -rf "${T:?}"/*
	(cd "$TOP" && git ls-files -z -co --exclude-standard -- Kbuild Makefile module abi) |
		(cd "$TOP" && tar --exclude='*.o' --exclude='*.ko' --exclude='*.mod*' --null -T - -cf -) |
		tar -C "$T" -xf -
	make -C "$T" module KDIR="$KDIR" VMLAT_TEST=0 >"$T/build.log" 2>&1 </dev/null ||
		{ tail -n 20 "$T/build.log" >&2; exit 1; }
	cpu=$(size 'struct vmlat_cpu')
	stats=$(size 'struct vmlat_stats')
	hist=$(size 'struct vmlat_hist')
	timer=$(size 'struct hrtimer')
	view=$(size 'struct vmlat_view')
	views=$((3 * view))
	total=$((cpu + views))
	echo "# vmlat.ko built against $(basename "$KDIR")"
	echo "| allocation | where | bytes per CPU |"
	echo "| --- | --- | --- |"
	echo "| struct vmlat_cpu (3 histograms of $hist bytes, counters, hrtimer $timer, steal clock) | alloc_percpu, module lifetime | $cpu |"
	echo "| 3 debugfs views (struct vmlat_view, $view bytes each) | kcalloc, module lifetime | $views |"
	echo "| **total owned by vmlat** | | **$total ($(awk -v t=$total 'BEGIN { printf "%.2f", t / 1024 }') KiB; target 16 KiB)** |"
	echo
	echo "| transient, per read (not per CPU) | bytes |"
	echo "| --- | --- |"
	echo "| a histogram file read: 2 x struct vmlat_stats (kvmalloc) | $((2 * stats)) |"
	echo "| a summary read: 3 x struct vmlat_stats (kvmalloc) | $((3 * stats)) |"
	echo
	[ "$total" -le 16384 ] || status=1
done
exit $status
