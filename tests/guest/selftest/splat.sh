#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest half of the harness self-test: makes the kernel print a real
# backtrace (sysrq l: "Call Trace" on the console) and passes, so the run
# must still fail, through the console log scan alone.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
tap_header "provoke a kernel backtrace"
echo 1 > /proc/sys/kernel/sysrq
echo l > /proc/sysrq-trigger
sleep 1
tap_pass "sysrq l written"
tap_finish
