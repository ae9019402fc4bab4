#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-cmdline: highres=off
#
# Low-resolution hrtimers. Booted highres=off (the header line above: the
# harness gives this test a boot of its own), hrtimer_resolution is a tick
# and hrtimer_forward() stretches any shorter period to it. vmlat must not
# claim a period it cannot keep: the summary shows the resolution, the
# default period is raised to it, a shorter period given at insmod or
# written at run time is refused with a message naming it, and samples +
# missed match the period the summary shows. The resolution is read from
# /proc/timer_list, not from vmlat.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

# has - true when text $1 contains the basic regular expression $2
has()
{
	printf '%s\n' "$1" | grep -q -- "$2"
}

tap_header "low-resolution hrtimers (highres=off)"
tap_diag "kernel command line: $(cat /proc/cmdline)"
grep -qw 'highres=off' /proc/cmdline ||
	tap_bail "booted without highres=off: the harness ignored '# vmlat-cmdline: highres=off'"
res_ns=$(sed -n 's/^ *\.resolution: *\([0-9]*\) nsecs$/\1/p' /proc/timer_list | head -n 1)
tap_diag "/proc/timer_list: .resolution: $res_ns nsecs; $(grep -c 'hres_active *: 0' /proc/timer_list) CPUs with hres_active 0"
# a tick of 1 ms or less (CONFIG_HZ=1000, e.g. the debug kernel's
# defconfig; Debian's kernels tick at 250 Hz) leaves no period coarser
# than the 1000 us default to raise or refuse
if ! grep -q 'hres_active *: 1' /proc/timer_list && [ -n "$res_ns" ] &&
	[ "$res_ns" -le 1000000 ]; then
	tap_skip_all "with high-resolution timers off this kernel's hrtimer resolution is its tick, $res_ns ns: no coarser than the 1000 us default period (CONFIG_HZ=1000)"
fi
tap_run "no CPU runs hrtimers in high-resolution mode" \
	sh -c "! grep -q 'hres_active *: 1' /proc/timer_list"
if [ -z "$res_ns" ] || [ "$res_ns" -le 1000000 ]; then
	tap_bail "hrtimer resolution '$res_ns' ns is not above 1 ms: nothing to test"
fi
res_us=$(((res_ns + 999) / 1000))

# default load: the period is raised to the resolution, and says so
vmlat_unload || tap_bail "cannot unload vmlat"
vmlat_dmesg_mark
vmlat_load || tap_bail "the default load fails: a module autoloading with its defaults must load"
msg=$(vmlat_dmesg_since | grep 'vmlat: period_us: .*raised' | head -n 1)
tap_diag "${msg#*] }"
tap_run "the kernel log says the default period was raised, naming the resolution" \
	has "$msg" " $res_us.* $res_ns ns"
hdr=$(sed -n 2p "$VMLAT_SUMMARY")
tap_diag "summary: $hdr"
period_us=$(echo "$hdr" | tr ' ' '\n' | sed -n 's/^period_us=//p')
tap_is "$period_us" "$res_us" "the default period_us in the summary is the resolution, rounded up to a whole us"
tap_run "that is longer than the 1000 us default (period_us=$period_us)" test "${period_us:-0}" -gt 1000
tap_is "$(echo "$hdr" | tr ' ' '\n' | sed -n 's/^resolution_ns=//p')" "$res_ns" \
	"the summary header shows resolution_ns"
tap_is "$(vmlat_get period_us)" "$res_us" "the period_us knob reads the same"

# ~2 s of sampling at the default period: samples + missed must match
# the period the summary shows (at least 100 periods, within 25 %); a
# period silently stretched to a 4 ms tick while the summary says 1000 us
# would be off by 75 %
vmlat_set reset 1
sleep 2
vmlat_set enabled 0
vmlat_rate_each "" 25 "at the default period"

vmlat_set enabled 1

# a shorter period at run time: -EINVAL, nothing changes, the log says why
vmlat_dmesg_mark
err=$( (echo 1000 > "$VMLAT_PARAMS/period_us") 2>&1)
rc=$?
tap_diag "write: $err"
if [ $rc -ne 0 ] && has "$err" 'Invalid argument'; then
	tap_pass "a run-time write of period_us=1000 fails with EINVAL"
else
	tap_fail "a run-time write of period_us=1000 fails with EINVAL"
fi
tap_is "$(vmlat_get period_us)" "$res_us" "the refused write leaves period_us at $res_us"
tap_run "the summary still claims period_us=$res_us" \
	has "$(sed -n 2p "$VMLAT_SUMMARY")" " period_us=$res_us "
msg=$(vmlat_dmesg_since | grep 'vmlat: period_us: 1000 ' | head -n 1)
tap_diag "${msg#*] }"
tap_run "the kernel log names the resolution and why it is coarse" \
	has "$msg" "resolution of $res_ns ns: high-resolution timers are off"
tap_run "period_us=$((res_us - 1)) is refused too" \
	sh -c "! (echo $((res_us - 1)) > $VMLAT_PARAMS/period_us) 2>/dev/null"
tap_run "period_us=$((res_us * 2)) is accepted" vmlat_set period_us $((res_us * 2))
tap_run "period_us=$res_us is accepted" vmlat_set period_us "$res_us"

# a shorter period at insmod refuses the load, naming the resolution
vmlat_unload || tap_bail "cannot unload vmlat"
vmlat_dmesg_mark
vmlat_refused period_us=1000
tap_result $? "insmod period_us=1000 is refused"
msg=$(vmlat_dmesg_since | grep 'vmlat: period_us: 1000 ' | head -n 1)
tap_diag "${msg#*] }"
tap_run "insmod period_us=1000: the kernel log names the resolution" \
	has "$msg" "resolution of $res_ns ns"
tap_run "insmod period_us=$res_us loads" vmlat_load period_us="$res_us"
tap_is "$(vmlat_get period_us)" "$res_us" "and keeps period_us=$res_us"
vmlat_unload
tap_finish
