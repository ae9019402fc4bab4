#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# One waiter per wait file: while a thread blocks in read() of an open
# wait file, a second read of that same open file gets EBUSY at once,
# however it comes: from another thread, from a forked child (neither
# may sleep in the VFS's file-position lock for the first one's whole
# wait), or through io_uring's IORING_OP_READ (which takes no position
# lock and must not take the first reader's place). The first reader is
# still woken by its expiry. A period of 1 s makes the first wait long.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "one waiter per wait file"
vmlat_need_tool vmlat-waiters
vmlat_fresh period_us=1000000 user=1 || tap_bail "cannot load vmlat.ko"

# second_busy - $1 mode, $2 the second reader's key
second_busy()
{
	vmlat_waiters "/tmp/$1.out" -m "$1" -c "$cpu" -w 3000
	tap_is "$(vmlat_out_val "$2" "/tmp/$1.out")" EBUSY "$1: the second read of the open file gets EBUSY"
	tap_run "$1: at once, not after the first read's wait (< 500 ms)" \
		test "$(vmlat_out_ms "$2" "/tmp/$1.out")" -lt 500
	tap_is "$(vmlat_out_val first "/tmp/$1.out")" ok "$1: the first reader is still woken by its expiry"
}

# the readers' CPU: the last online one
cpu=$(vmlat_cpus_online | awk '{ print $NF }')
second_busy thread second
second_busy fork child
vmlat_waiters /tmp/uring.out -m uring -c "$cpu" -w 3000
if grep -q '^uring=setup-failed' /tmp/uring.out; then
	tap_skip "io_uring" "no io_uring here: $(head -n 1 /tmp/uring.out)"
else
	tap_is "$(vmlat_out_val uring /tmp/uring.out)" EBUSY "io_uring IORING_OP_READ while a read waits: EBUSY"
	tap_run "io_uring: at once (< 500 ms)" test "$(vmlat_out_ms uring /tmp/uring.out)" -lt 500
	tap_is "$(vmlat_out_val first /tmp/uring.out)" ok "io_uring: the first reader is still woken by its expiry"
fi

vmlat_set period_us 1000
vmlat-waiter -c "$cpu" -n 5 > /tmp/w.out
tap_is "$(grep -c '^seq=' /tmp/w.out)" 5 "afterwards one reader reads as before"
tap_run "rmmod once every file is closed" vmlat_unload
tap_finish
