#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The cpulist grammar against the kernel's own: grouped ranges "a-b:u/g"
# (u CPUs of every group of g, counted from a, not from 0) and plain ones
# are written to a cpuset's cpus (or, without cpusets, an IRQ's
# smp_affinity_list) and to vmlat's cpus knob, and given to the reader's
# --cpus; all three must select what the kernel made of the list. Only
# lists vmlat accepts are compared (its grammar is stricter: docs/abi.md).

. /lib/vmlat-tests/tap.sh
. /lib/vmlat-tests/vmlat.sh

tap_header "cpulist grammar: vmlat's knob and reader --cpus against the kernel's"
vmlat_fresh || tap_bail "cannot load vmlat.ko"
vmlat_need_tool vmlat

cpus=$(vmlat_cpus_possible)
n=$(echo "$cpus" | wc -w)
last=$((n - 1))
[ "$(cat /sys/devices/system/cpu/online)" = "$(cat /sys/devices/system/cpu/possible)" ] ||
	tap_skip_all "needs every possible CPU online"

# a place where the kernel parses a cpulist and prints what it selected
CG=""
IRQ=""
cg_root=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
if [ -z "$cg_root" ]; then
	mkdir -p /tmp/vmlat-cg && mount -t cgroup2 none /tmp/vmlat-cg 2>/dev/null &&
		cg_root=/tmp/vmlat-cg
fi
if [ -n "$cg_root" ] && grep -qw cpuset "$cg_root/cgroup.controllers" 2>/dev/null; then
	echo +cpuset > "$cg_root/cgroup.subtree_control" 2>/dev/null
	mkdir -p "$cg_root/vmlat-grammar" 2>/dev/null
	[ -w "$cg_root/vmlat-grammar/cpuset.cpus" ] && CG=$cg_root/vmlat-grammar
fi
if [ -z "$CG" ]; then
	for f in /proc/irq/*/smp_affinity_list; do
		echo "$(cat "$f")" > "$f" 2>/dev/null && IRQ=$f && break
	done
fi
[ -n "$CG$IRQ" ] || tap_skip_all "no cpuset (cgroup2) and no IRQ whose affinity can be set"
tap_diag "the kernel's reading: ${CG:+$CG/cpuset.cpus}$IRQ; $n CPUs"

# kernel_reads - write $1 where the kernel parses it; print its reading
kernel_reads()
{
	if [ -n "$CG" ]; then
		echo "$1" > "$CG/cpuset.cpus" 2>/dev/null || return 1
		cat "$CG/cpuset.cpus"
	else
		old=$(cat "$IRQ")
		echo "$1" > "$IRQ" 2>/dev/null || return 1
		cat "$IRQ"
		echo "$old" > "$IRQ"
	fi
}

# reader_cpus - the CPU rows "vmlat summary --cpus $1" shows, as a list
reader_cpus()
{
	vmlat summary --no-header --cpus "$1" 2>/dev/null |
		awk '$1 ~ /^[0-9]+$/ { printf "%s%s", sep, $1; sep = " " } END { print "" }'
}

knob_bad=""
reader_bad=""
tried=0
check_list()
{
	list=$1
	want=$(kernel_reads "$list") || { tap_diag "the kernel refused $list"; return; }
	tried=$((tried + 1))
	if vmlat_set cpus "$list"; then
		got=$(vmlat_get cpus)
		[ "$got" = "$want" ] || knob_bad="$knob_bad $list(knob:$got,kernel:$want)"
	else
		knob_bad="$knob_bad $list(knob refused)"
	fi
	got=$(reader_cpus "$list")
	exp=$(vmlat_expand_cpulist "$want")
	[ "$got" = "$exp" ] || reader_bad="$reader_bad $list(reader:$got,kernel:$exp)"
}

# every grouped range over the possible CPUs, then plain forms
a=0
while [ $a -le $last ]; do
	b=$a
	while [ $b -le $last ]; do
		for ug in 1/1 1/2 2/2 1/3 2/3 3/3; do
			check_list "$a-$b:$ug"
		done
		check_list "$a-$b"
		b=$((b + 1))
	done
	check_list "$a"
	a=$((a + 1))
done
[ "$n" -ge 4 ] && check_list "1-3:1/2" && check_list "0,2-3:1/2"
[ "$n" -ge 2 ] && check_list "1,0"

tap_run "the kernel parsed $tried lists vmlat accepts" test "$tried" -gt 0
tap_is "${knob_bad:-none}" none "the cpus knob reads back what the kernel selects, for all $tried lists"
tap_is "${reader_bad:-none}" none "the reader's --cpus selects what the kernel selects, for all $tried lists"
if [ "$n" -ge 4 ]; then
	tap_is "$(reader_cpus 1-3:1/2)" "1 3" "--cpus 1-3:1/2 is CPUs 1 and 3"
else
	tap_skip "--cpus 1-3:1/2 is CPUs 1 and 3" "needs 4 CPUs (--smp 4)"
fi

[ -n "$CG" ] && rmdir "$CG" 2>/dev/null
vmlat_set cpus "$(cat /sys/devices/system/cpu/possible)"
vmlat_unload
tap_finish
