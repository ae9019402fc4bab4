#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-here: safe
#
# The sampling rate: on every sampled CPU, samples + missed must be within
# 10 % of elapsed_ns / period, at the default period and after a period
# change at runtime, and the rate must follow the period. Mechanism only:
# lateness numbers are not judged (TCG makes them large and noisy).

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "sampling rate"
vmlat_fresh || tap_bail "cannot load vmlat.ko"

# rate - samples+missed per second of elapsed time over all CPUs
rate()
{
	awk '$1 == "cpu=all" {
		for (f = 1; f <= NF; f++) {
			split($f, kv, "=")
			v[kv[1]] = kv[2]
		}
		printf "%.0f\n", (v["samples"] + v["missed"]) * 1e9 / v["elapsed_ns"]
	}' "$VMLAT_SUMMARY"
}

vmlat_set reset 1
sleep 4
vmlat_rate_each 1000 10 "period 1000 us, running"
rate_1000=$(rate)
vmlat_set enabled 0
vmlat_rate_each 1000 10 "period 1000 us, stopped"

vmlat_set enabled 1
tap_run "period_us=5000 is accepted at runtime" vmlat_set period_us 5000
tap_is "$(vmlat_get period_us)" 5000 "period_us reads back 5000"
vmlat_set reset 1
sleep 4
vmlat_rate_each 5000 10 "period 5000 us, running"
rate_5000=$(rate)
tap_diag "samples+missed per CPU-second: ${rate_1000} at 1000 us, ${rate_5000} at 5000 us"
tap_run "the rate at 5000 us is 1/5 of the rate at 1000 us (within 15 %)" \
	awk -v a="$rate_1000" -v b="$rate_5000" 'BEGIN { r = a / b; exit !(r > 5 * 0.85 && r < 5 * 1.15) }'
tap_run "the hist header shows period_us=5000" \
	sh -c "sed -n 2p $VMLAT_DEBUGFS/hist | grep -q ' period_us=5000 '"

# a period change while the timers run re-arms them: a switch from a
# long period must take effect at once, not after the old expiry
vmlat_set period_us 1000000
sleep 1
vmlat_set period_us 1000
vmlat_set reset 1
sleep 2
vmlat_rate_each 1000 10 "after 1 s period back to 1000 us"

vmlat_unload
tap_finish
