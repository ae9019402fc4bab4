#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Out-of-range and malformed parameters at insmod, beyond what
# 71-insmod-params.sh covers: zero and empty values, 64-bit overflow, 21
# digits, strides, empty list items, a bad value among good ones. Each
# must refuse the load, leave nothing behind (no module, no debugfs
# directory), and leave a clear message: a "vmlat:" line naming the
# parameter and what it allows. The largest allowed values must load.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/stress.sh"

tap_header "insmod: out-of-range parameters are refused with a clear message"
vmlat_unload || tap_bail "cannot unload vmlat"
vmlat_dmesg_mark
splat_mark=$VMLAT_DMESG_LINES
last=$(vmlat_cpus_possible | awk '{ print $NF }')

# refuse - $1 the parameter name the message must carry, then the args
refuse()
{
	name=$1
	shift
	vmlat_dmesg_mark
	vmlat_refused "$@" && [ ! -e "$VMLAT_DEBUGFS" ]
	tap_result $? "insmod $* is refused, nothing left behind"
	msg=$(vmlat_dmesg_since | grep "vmlat: $name: invalid value; allowed: " | head -n 1)
	vmlat_logged "$msg" "insmod $*: the log says what $name allows"
}

refuse period_us period_us=0
refuse period_us period_us=
refuse period_us period_us=18446744073709551616
refuse period_us period_us=99999999999999999999999
refuse period_us period_us=000000000000000000050
refuse period_us period_us=1000.5
refuse enabled enabled=yes
refuse enabled enabled=
refuse cpus cpus=
refuse cpus "cpus=0-$last:0/2"
refuse cpus "cpus=0-$last:3/2"
refuse cpus "cpus=0,,$last"
refuse cpus "cpus=0-$((last + 1)):1/$((last + 2))"
refuse cpus cpus=18446744073709551616
refuse reset reset=0
refuse trace_threshold_ns trace_threshold_ns=18446744073709551616
refuse stop_tracing_ns stop_tracing_ns=100000000000
refuse period_us period_us=100 cpus=0 enabled=1 period_us=20
refuse enabled period_us=100 enabled=maybe cpus=0

for args in "trace_threshold_ns=68719476736 stop_tracing_ns=1" "period_us=50 cpus=$last" \
	"period_us=000000000000001000 enabled=N"; do
	# shellcheck disable=SC2086
	tap_run "insmod $args loads" vmlat_load $args
	vmlat_unload
done
VMLAT_DMESG_LINES=$splat_mark
tap_is "$(stress_splats)" 0 "no kernel splat"
tap_finish
