#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Kernel lockdown (what Secure Boot turns on in Debian): with the module
# loaded first, raise /sys/kernel/security/lockdown to integrity, prove
# that it bites (a writable debugfs file can no longer be opened), then
# check that every knob still works and every data file still reads.
# Lockdown cannot be lowered again: this test runs last in the boot.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "kernel lockdown"
lockdown=/sys/kernel/security/lockdown
[ -w "$lockdown" ] || tap_skip_all "no lockdown LSM in this kernel"
grep -q '\[none\]' "$lockdown" || tap_skip_all "lockdown is already raised: $(cat $lockdown)"
vmlat_fresh || tap_bail "cannot load vmlat.ko"

# a writable debugfs file to prove the lockdown is real
control=/sys/kernel/debug/clear_warn_once
tap_run "before lockdown: a writable debugfs file opens for writing" sh -c "echo 1 > $control"

tap_run "lockdown=integrity is accepted" sh -c "echo integrity > $lockdown"
tap_run "lockdown reads [integrity]" grep -q '\[integrity\]' "$lockdown"
( echo 1 > "$control" ) 2>/dev/null
tap_result $((! $?)) "under lockdown: the writable debugfs file no longer opens"

# every knob still works
tap_run "enabled=0 works" vmlat_set enabled 0
tap_is "$(vmlat_summary_key all active)" 0 "enabled=0 stops the timers"
tap_run "period_us=500 works" vmlat_set period_us 500
tap_is "$(vmlat_get period_us)" 500 "period_us reads back 500"
tap_run "cpus=1 works" vmlat_set cpus 1
tap_is "$(vmlat_get cpus)" 1 "cpus reads back 1"
tap_run "reset=1 works" vmlat_set reset 1
tap_is "$(vmlat_summary_key all samples)" 0 "reset zeroed the samples"
tap_run "enabled=1 works" vmlat_set enabled 1
tap_run "trace_threshold_ns=1000 works" vmlat_set trace_threshold_ns 1000
tap_run "stop_tracing_ns=0 works" vmlat_set stop_tracing_ns 0
tap_run "the steal knob reads" test -n "$(vmlat_get steal)"
( echo 49 > "$VMLAT_PARAMS/period_us" ) 2>/dev/null
tap_result $((! $?)) "bad input is still refused"
tap_run "thread=1 works" vmlat_set thread 1
tap_run "thread_prio=90 works" vmlat_set thread_prio 90
tap_run "user=1 works" vmlat_set user 1
sleep 2
tap_run "sampling runs on cpu1 under lockdown" test "$(vmlat_summary_key 1 samples)" -gt 0
tap_run "the thread stage samples cpu1 under lockdown" test "$(vmlat_summary_key 1 thread_samples)" -gt 0
if command -v vmlat-waiter >/dev/null; then
	vmlat-waiter -c 1 -n 5 > /tmp/waiter.out 2>&1
	tap_is "$(grep -c '^seq=' /tmp/waiter.out)" 5 "cpu1's wait file reads under lockdown (the user stage)"
fi
tap_is "$(vmlat_summary_key 0 samples)" 0 "cpu0 stays unsampled"

# every data file still reads and parses
out=$(vmlat_check_summary 0)
tap_result $? "summary reads and parses"
[ -n "$out" ] && echo "$out"
tap_run "steal_source reads" grep -q '^# vmlat-steal-source v1$' "$VMLAT_DEBUGFS/steal_source"
vmlat_hist_files > /tmp/hist.files
while read -r file type cpu; do
	out=$(vmlat_check_hist "$file" "$type" "$cpu" 500)
	tap_result $? "${file#$VMLAT_DEBUGFS/} reads and parses"
	case $out in "#"*) echo "$out" ;; esac
done < /tmp/hist.files
if command -v vmlat >/dev/null; then
	tap_run "the reader works under lockdown" sh -c 'vmlat > /tmp/reader.out 2>&1'
	sed 's/^/# vmlat: /' /tmp/reader.out | head -n 20
fi
vmlat_set thread 0
tap_run "rmmod works under lockdown" vmlat_unload
tap_finish
