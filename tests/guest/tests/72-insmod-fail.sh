#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A load whose init fails late must leave nothing behind. The test build's
# sim_fail_init_ms makes init wait at its last step that can fail, then
# fail. During the wait a helper tries, as a user could, to open a file
# in /sys/kernel/debug/vmlat/ and hold it across the failure. The files
# must not exist yet (init creates them last, once nothing can fail): a
# file opened there would outlive the module's code, and closing it
# after the failed load runs freed memory (an Oops, which the harness's
# log scan also reports). Then insmod must have failed, with no module,
# no debugfs directory and no splat left, and a normal load must work.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "insmod that fails after the last step that can fail leaves nothing"
vmlat_need_test_ko
vmlat_unload || tap_bail "cannot unload vmlat"

tmp=$(mktemp -d) || tap_bail "mktemp -d"
vmlat_dmesg_mark
insmod "$VMLAT_TEST_KO" sim_fail_init_ms=3000 2> "$tmp/insmod.err" &
insmod_pid=$!

# the window: init is running (parameters exist) but has not failed yet
n=0
while [ ! -d /sys/module/vmlat/parameters ] && [ $n -lt 50 ]; do
	sleep 0.1
	n=$((n + 1))
done
tap_run "init is under way: /sys/module/vmlat/parameters exists" \
	test -d /sys/module/vmlat/parameters
tap_is "$(cat /sys/module/vmlat/parameters/sim_fail_init_ms 2>/dev/null)" 3000 \
	"sim_fail_init_ms reads back 3000 during init"

# the user: hold a data file open across the failure, then read and close
touch "$tmp/hold"
sh -c '
	n=0
	while [ ! -e "$2/summary" ] && [ $n -lt 20 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	exec 2> /dev/null 3< "$2/summary" || exit 0
	touch "$1/opened"
	while [ -e "$1/hold" ]; do sleep 0.1; done
	cat <&3 > /dev/null 2>&1
	exec 3<&-
	touch "$1/closed"' sh "$tmp" "$VMLAT_DEBUGFS" &
user_pid=$!

wait $insmod_pid
rc=$?
tap_run "insmod vmlat-test.ko sim_fail_init_ms=3000 fails (rc=$rc: $(cat "$tmp/insmod.err"))" \
	test $rc -ne 0
rm -f "$tmp/hold"
wait $user_pid
user_rc=$?
tap_run "no debugfs file could be opened during the failing init" \
	test ! -e "$tmp/opened"
if [ -e "$tmp/opened" ]; then
	tap_run "the file opened during init is read and closed after the failure (helper rc=$user_rc)" \
		test -e "$tmp/closed"
fi
tap_run "the module is gone: no /sys/module/vmlat" test ! -e /sys/module/vmlat
tap_run "no /sys/kernel/debug/vmlat is left" test ! -e "$VMLAT_DEBUGFS"
tap_run "lsmod does not list vmlat" sh -c '! lsmod | grep -q "^vmlat "'
log=$(vmlat_dmesg_since)
tap_run "the kernel log says init was made to fail" \
	sh -c 'echo "$1" | grep -q "vmlat: test build: sim_fail_init_ms=3000"' sh "$log"
splat=$(echo "$log" | grep -E 'BUG:|WARNING:|Oops|general protection|Call Trace' | head -n 3)
tap_is "$splat" "" "no splat in the kernel log"

# the next loads work: the failed one left no state behind
tap_run "insmod vmlat.ko works afterwards" vmlat_load
tap_run "its summary is there" test -r "$VMLAT_SUMMARY"
vmlat_unload || tap_fail "rmmod vmlat"
tap_run "insmod vmlat-test.ko without sim_fail_init_ms works afterwards" vmlat_load_test
tap_is "$(cat /sys/module/vmlat/parameters/sim_fail_init_ms 2>/dev/null)" 0 \
	"sim_fail_init_ms defaults to 0"
vmlat_unload || tap_fail "rmmod vmlat"
rm -rf "$tmp"
tap_finish
