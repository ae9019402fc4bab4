#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The wait file as an event file (docs/abi.md, "wait"): poll, select and
# epoll report it readable only while an expiry's hand-off waits to be
# read, a read takes a waiting hand-off at once, and under O_NONBLOCK a
# read with none waiting fails with EAGAIN. At 200 ms a period, a poll
# right after a read finds nothing and a poll with a timeout waits for
# the next expiry.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "poll, epoll and O_NONBLOCK on the wait file"
vmlat_need_tool vmlat-waiters
vmlat_fresh period_us=200000 user=1 || tap_bail "cannot load vmlat.ko"
cpu=$(vmlat_cpus_online | awk '{ print $NF }')
vmlat_set reset 1

vmlat_waiters /tmp/p.out -m poll -c "$cpu" -w 3000

# line - the line of key $1
line()
{
	grep "^$1=" /tmp/p.out
}

# ms_of - the ms of key $1's line
ms_of()
{
	vmlat_out_ms "$1" /tmp/p.out
}

tap_is "$(line read | cut -d' ' -f1)" "read=ok" "a blocking read gets its line"
tap_is "$(line poll0 | cut -d' ' -f1)" "poll0=0" "poll with timeout 0 right after the read: not readable"
tap_is "$(line poll | cut -d' ' -f1-2)" "poll=1 revents=0x41" \
	"poll with a timeout: readable (POLLIN|POLLRDNORM) at the next expiry"
tap_run "that poll waited for the expiry ($(ms_of poll) ms)" test "$(ms_of poll)" -gt 0
tap_is "$(line read_polled | cut -d' ' -f1)" "read_polled=ok" "the read after it gets the expiry's line"
tap_run "at once (< 100 ms: $(ms_of read_polled))" test "$(ms_of read_polled)" -lt 100
tap_is "$(line poll0_after | cut -d' ' -f1)" "poll0_after=0" "not readable once read"
tap_is "$(line epoll_ctl)" "epoll_ctl=ok" "epoll takes the wait file"
tap_is "$(line epoll | cut -d' ' -f1-2)" "epoll=1 events=0x1" "epoll_wait: EPOLLIN at the next expiry"
tap_is "$(line read_epolled | cut -d' ' -f1)" "read_epolled=ok" "the read after it gets the line"
tap_run "at once (< 100 ms: $(ms_of read_epolled))" test "$(ms_of read_epolled)" -lt 100
tap_is "$(line epoll0 | cut -d' ' -f1)" "epoll0=0" "epoll_wait with timeout 0 once read: nothing"
tap_is "$(line nonblock | cut -d' ' -f1)" "nonblock=EAGAIN" "O_NONBLOCK, nothing waiting: EAGAIN"
tap_run "at once (< 100 ms: $(ms_of nonblock))" test "$(ms_of nonblock)" -lt 100
tap_is "$(line poll_nb | cut -d' ' -f1)" "poll_nb=1" "poll then finds the next expiry"
tap_is "$(line nonblock_polled | cut -d' ' -f1)" "nonblock_polled=ok" "and the O_NONBLOCK read gets it"
# each line read is one sample; the other expiries are misses
tap_is "$(vmlat_summary_key "$cpu" user_samples)" 4 "summary: user_samples = the 4 lines read"

tap_run "rmmod" vmlat_unload
tap_finish
