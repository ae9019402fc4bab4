#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make run`: build vmlat, then measure timer lateness for about 10 s
# (VMLAT_MEASURE_S) and print the summary and the histogram. On this
# machine when its kernel can load modules (module loading not disabled,
# headers for `uname -r` installed, root); otherwise in a QEMU/TCG guest
# of Debian's kernel through tests/guest/run.sh. Says which it did.

set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
seconds=${VMLAT_MEASURE_S:-10}
kver=$(uname -r)
kdir=/lib/modules/$kver/build

# why_not_here - empty when this kernel can take vmlat.ko, else the reason
why_not_here()
{
	if [ "$(id -u)" -ne 0 ]; then
		echo "not root"
	elif [ ! -r /proc/modules ]; then
		echo "kernel $kver has no module support"
	elif [ "$(cat /proc/sys/kernel/modules_disabled 2>/dev/null || echo 1)" != 0 ]; then
		echo "module loading is disabled on kernel $kver"
	elif [ ! -d "$kdir" ]; then
		echo "no headers for kernel $kver at $kdir"
	elif [ -d /sys/module/vmlat ]; then
		echo "vmlat is already loaded here"
	fi
}

reason=$(why_not_here)
if [ -z "$reason" ]; then
	echo "vmlat: measuring on this machine (kernel $kver) for $seconds s"
	make -C "$top" module KDIR="$kdir"
	make -C "$top" reader || echo "vmlat: no reader; printing the raw files"
	insmod "$top/module/vmlat.ko"
	trap 'rmmod vmlat 2>/dev/null || true' EXIT
	sleep "$seconds"
	echo 0 > /sys/module/vmlat/parameters/enabled
	if [ -x "$top/userspace/vmlat" ] && "$top/userspace/vmlat"; then
		:
	else
		cat /sys/kernel/debug/vmlat/summary
		echo
		cat /sys/kernel/debug/vmlat/hist
	fi
	exit 0
fi

echo "vmlat: cannot load modules here ($reason)"
echo "vmlat: measuring in a QEMU/TCG guest of Debian's kernel instead for $seconds s;"
echo "vmlat: emulated CPUs make lateness far larger than on real hardware"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
VMLAT_MEASURE_S=$seconds "$here/guest/run.sh" --no-test-build --out "$here/guest/out/make-run" \
	--timeout $((seconds + 300)) "$here/guest/measure.sh" >"$log" 2>&1 || status=$?
results=$(sed -n 's/^guest: results log: //p' "$log")
if [ "$status" -ne 0 ] || [ -z "$results" ]; then
	cat "$log"
	echo "vmlat: the guest run failed (status $status)" >&2
	exit 1
fi
# measure.sh's block, as kselftest's runner passed it on: each line
# prefixed "# " once
block=$(tr -d '\r' < "$results" | sed -n 's/^# //; /^==== vmlat/,/^==== end/p')
if [ -z "$block" ]; then
	cat "$log"
	echo "vmlat: the guest ran but printed no histogram (no '==== vmlat' block in $results)" >&2
	exit 1
fi
grep '^guest: kernel' "$log" | sed 's/^guest: /vmlat: guest /'
printf '%s\n' "$block"
