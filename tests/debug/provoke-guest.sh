#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest half of the debug tier's self-test (tests/debug/selftest.sh): loads
# vmlat_provoke.ko once for each kind of bug the debug kernel checks for,
# so that each checker reports in this boot, and passes: the run must
# still fail, through the console log scan alone, with one report of each
# kind. Lockdep goes first: the first report of any checker that taints
# the kernel (KASAN) switches lock debugging off for the rest of the boot;
# UBSAN's reports do not taint, so it goes before KASAN.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
tap_header "the debug tier's negative control: commit one bug of each kind"

ko=${VMLAT_MODDIR:-/lib/vmlat}/vmlat_provoke.ko
kinds="lockdep sleep odebug ubsan kasan kmemleak"
# the KCSAN variant has no KASAN or kmemleak; it races instead
[ -e /sys/kernel/debug/kcsan ] && kinds="lockdep sleep odebug ubsan race"

for kind in $kinds; do
	out=$(insmod "$ko" what="$kind" 2>&1)
	tap_is "$?" 0 "insmod vmlat_provoke.ko what=$kind${out:+ ($out)}"
	case $kind in
	kmemleak) sleep 6 ;;	# kmemleak reports objects older than 5 s
	race) sleep 8 ;;	# the racing threads run until rmmod
	esac
	rmmod vmlat_provoke
	tap_is "$?" 0 "rmmod vmlat_provoke after what=$kind"
done
tap_finish
