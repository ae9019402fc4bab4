#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-here: safe
#
# The smoke every kernel gets (tests/matrix.sh): vmlat loaded with both
# wake-up stages on from the insmod line, at a short period, both stages
# recording; every data file read (the nine stage histograms of each CPU
# and of all CPUs too); unloaded. A stage turned on by a load parameter
# must have its memory before any CPU kicks it: from 6.15 on x86-64 (and
# always on arm64) per-CPU data is not zero-based, and an expiry that
# kicked a stage before its memory existed faulted in the timer
# interrupt. The harness fails the run on any kernel report (UBSAN
# included: Debian's 7.x kernels have CONFIG_UBSAN_BOUNDS, and reading a
# stage histogram once computed a pointer past the IRQ histograms).

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "load with both stages on, read every file, unload"
vmlat_fresh period_us=200 thread=1 user=1 ||
	tap_bail "insmod period_us=200 thread=1 user=1 failed"
tap_is "$(vmlat_get thread)$(vmlat_get user)" YY "thread=1 user=1 are taken at load"

# a waiter on cpu0 for the user stage while the rest runs
vmlat-waiter -c 0 -n 200 >/tmp/11-waiter.out 2>&1
tap_is "$?:$(grep -c '^seq=' /tmp/11-waiter.out)" 0:200 \
	"a reader of cpu0's wait file got 200 wake-ups"

samples=$(sed -n 's/.* samples=\([0-9]*\).*/\1/p' "$VMLAT_DEBUGFS/thread")
tap_run "the kernel-thread stage records ($samples wake-ups)" \
	test "${samples:-0}" -gt 100
samples=$(sed -n 's/.* samples=\([0-9]*\).*/\1/p' "$VMLAT_DEBUGFS/user")
tap_run "the user stage records ($samples wake-ups)" \
	test "${samples:-0}" -ge 200

# every file but the wait files (a read there blocks for an expiry)
bad=""
n=0
for f in $(find "$VMLAT_DEBUGFS" -type f ! -name wait | sort); do
	if ! cat "$f" >/dev/null 2>/tmp/11-read.err; then
		bad="$bad $f"
	fi
	n=$((n + 1))
done
tap_is "$bad" "" "all $n data files read"
kinds=0
for k in thread thread_irq thread_stolen thread_sched user user_irq \
	user_stolen user_sched user_return; do
	for c in $(vmlat_cpus_online); do
		head -n 1 "$VMLAT_DEBUGFS/per_cpu/cpu$c/$k" |
			grep -q "hist=$k cpu=$c\$" && kinds=$((kinds + 1))
	done
	head -n 1 "$VMLAT_DEBUGFS/$k" | grep -q "hist=$k cpu=all\$" &&
		kinds=$((kinds + 1))
done
want=$((9 * ($(vmlat_cpus_online | wc -w) + 1)))
tap_is "$kinds" "$want" "each stage histogram file names its own kind"

tap_run "rmmod with both stages on" vmlat_unload
tap_finish
