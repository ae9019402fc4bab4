#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-here: safe
#
# Parameters on the insmod command line: bad values refuse the load (the
# module is not left behind, and the kernel log names the parameter), good
# ones load and read back.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "insmod parameters"
vmlat_unload || tap_bail "cannot unload vmlat"
impossible=$(($(vmlat_cpus_possible | awk '{ print $NF }') + 1))

for arg in period_us=49 period_us=1000001 period_us=abc period_us=1000x period_us=-1 \
	enabled=2 enabled=x cpus=1-0 cpus=0- cpus=a "cpus=$impossible" cpus=4096 cpus=, \
	reset=2 reset=x steal=bogus steal=sim1 \
	trace_threshold_ns=68719476737 trace_threshold_ns=-1 \
	stop_tracing_ns=68719476737 stop_tracing_ns=x; do
	name=${arg%%=*}
	vmlat_dmesg_mark
	vmlat_refused "$arg"
	tap_result $? "insmod $arg is refused"
	msg=$(vmlat_dmesg_since | grep 'vmlat' | grep -- "$name" | head -n 1)
	vmlat_logged "$msg" "insmod $arg: the kernel log names $name"
done

# good values load and read back
tap_run "insmod period_us=50 enabled=0 cpus=1 trace_threshold_ns=5000 stop_tracing_ns=68719476736 steal=none loads" \
	vmlat_load period_us=50 enabled=0 cpus=1 trace_threshold_ns=5000 stop_tracing_ns=68719476736 steal=none
got=$(for k in period_us enabled cpus trace_threshold_ns stop_tracing_ns steal; do
	printf '%s=%s ' "$k" "$(vmlat_get "$k")"
done)
tap_is "$got" "period_us=50 enabled=N cpus=1 trace_threshold_ns=5000 stop_tracing_ns=68719476736 steal=none " \
	"the insmod values read back"
tap_is "$(vmlat_summary_key all steal_source)" none "steal=none gives steal_source=none"
vmlat_unload
tap_run "insmod period_us=1000000 reset=1 loads" vmlat_load period_us=1000000 reset=1
vmlat_unload
tap_finish
