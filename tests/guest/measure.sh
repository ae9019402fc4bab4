#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Not a test: the guest side of `make run` (tests/run.sh) when this
# machine cannot load modules. Loads vmlat, samples for
# VMLAT_MEASURE_S seconds (default 10) on every CPU, stops, and prints the
# summary and the lateness histogram (through the reader when it was
# packed, else the raw debugfs files).

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

seconds=${VMLAT_MEASURE_S:-10}
tap_header "measure for $seconds s"
vmlat_fresh || tap_bail "cannot load vmlat.ko"
sleep "$seconds"
vmlat_set enabled 0
tap_pass "sampled for $seconds s"
echo "==== vmlat: $seconds s in a QEMU/TCG guest of $(uname -r), $(nproc) CPUs"
if command -v vmlat >/dev/null && vmlat > /tmp/reader.out 2>&1; then
	cat /tmp/reader.out
else
	cat "$VMLAT_SUMMARY"
	echo
	cat "$VMLAT_DEBUGFS/hist"
fi
echo "==== end"
tap_run "rmmod vmlat" vmlat_unload
tap_finish
