#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Memory benchmark: what vmlat allocates per CPU, read from the module's
# own debug info (gdb on a vmlat.ko built against installed Debian
# headers, in a scratch copy of the tree): the per-CPU struct vmlat_cpu
# (alloc_percpu), the debugfs views (kcalloc, 3 per CPU), each wake-up
# stage's per-CPU state (__alloc_percpu at its first enable: struct
# vmlat_stage_cpu up to its statistics, which end with the stage's own
# histograms), and the buffers a read allocates (not per CPU, freed when
# the read returns). Target: at most 16 KiB per CPU with the stages off.
# Prints a Markdown table per kernel. KDIRS picks the headers (default:
# every installed /usr/src/linux-headers-*-amd64); fails when a total is
# over the target.

set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/.." && pwd)
KDIRS=${KDIRS:-$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V)}
command -v gdb >/dev/null || { echo "memory.sh: needs gdb" >&2; exit 1; }
T=$(mktemp -d /tmp/vmlat-mem.XXXXXX)
trap 'rm -rf "$T"' EXIT

ko=$T/module/vmlat.ko

# value EXPR - a C expression over the module's types, as gdb prints it
value()
{
	gdb -batch -ex "print $1" "$ko" 2>/dev/null | sed -n 's/^\$1 = //p'
}

size()
{
	value "sizeof($1)"
}

# offset TYPE MEMBER - MEMBER's offset in TYPE
offset()
{
	value "(unsigned long)&(($1 *)0)->$2"
}

# kib BYTES - in KiB, two decimals
kib()
{
	awk -v b="$1" 'BEGIN { printf "%.2f", b / 1024 }'
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
	# a stage's state: its struct vmlat_stage_cpu up to the statistics,
	# then the statistics up to the histograms, then its histograms
	head=$(($(offset 'struct vmlat_stage_cpu' stats) + $(offset 'struct vmlat_stage_stats' part)))
	thread=$((head + $(value '(int)VMLAT_NR_SPLIT_PARTS') * hist))
	user=$((head + $(value '(int)VMLAT_NR_PARTS') * hist))
	echo "# vmlat.ko built against $(basename "$KDIR")"
	echo "| allocation | where | bytes per CPU |"
	echo "| --- | --- | --- |"
	echo "| struct vmlat_cpu (3 histograms of $hist bytes, counters, hrtimer $timer, steal clock) | alloc_percpu, module lifetime | $cpu |"
	echo "| 3 debugfs views (struct vmlat_view, $view bytes each) | kcalloc, module lifetime | $views |"
	echo "| **total owned by vmlat** | | **$total ($(kib "$total") KiB; target 16 KiB)** |"
	echo "| the kernel-thread stage, when on ($head bytes and its histograms) | __alloc_percpu, from its first enable to unload | $thread ($(kib "$thread") KiB) |"
	echo "| the user stage, when on | __alloc_percpu, from its first enable to unload | $user ($(kib "$user") KiB) |"
	echo "| with both stages on | | $((total + thread + user)) ($(kib $((total + thread + user))) KiB) |"
	echo
	echo "| transient, per read (not per CPU) | bytes |"
	echo "| --- | --- |"
	echo "| a histogram file's or the summary's read: struct vmlat_read_buf (kvmalloc; struct vmlat_stats is $stats) | $(size 'struct vmlat_read_buf') |"
	echo "| a read of causes: struct vmlat_causes_buf (kvzalloc) | $(size 'struct vmlat_causes_buf') |"
	echo
	[ "$total" -le 16384 ] || status=1
done
exit $status
