#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-here: safe
#
# The bad-input matrix: for every knob, writes that docs/abi.md does not
# allow (non-numbers, out of range, empty, overlong, trailing garbage,
# signs, spaces, malformed cpulists, impossible CPUs, reset values other
# than 1) must fail with an error and change nothing: every knob reads
# back the same and the sampling state (armed timers, and, while stopped,
# the counters) is the same. The boundary values must still be accepted.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "bad input matrix"
vmlat_fresh period_us=500 || tap_bail "cannot load vmlat.ko"
sleep 1

knobs="enabled period_us cpus reset steal trace_threshold_ns stop_tracing_ns"
# snapshot - every knob, the armed timers, and (arg 1 = 1) the counters
snapshot()
{
	for k in $knobs; do
		printf '%s=%s ' "$k" "$(vmlat_get "$k")"
	done
	printf 'active=%s ' "$(vmlat_summary_col active | tr '\n' ' ')"
	[ "${1:-0}" = 1 ] && printf 'samples=%s' "$(vmlat_summary_col samples | tr '\n' ' ')"
	echo
}

# show - a value as a test description can carry it
show()
{
	if [ ${#1} -gt 24 ]; then
		echo "<${#1} chars: $(echo "$1" | cut -c1-12)...>"
	else
		printf "'%s'\n" "$1" | sed -n 'H; ${x; s/^\n//; s/\n/\\n/g; p}'
	fi
}

# reject - $1 knob, $2 counters frozen (1) or not, then the bad values;
# each value is written with printf '%b\n', so "\n" in it is a newline
reject()
{
	knob=$1
	frozen=$2
	shift 2
	for value in "$@"; do
		before=$(snapshot "$frozen")
		err=$( (printf '%b\n' "$value" > "$VMLAT_PARAMS/$knob") 2>&1)
		rc=$?
		after=$(snapshot "$frozen")
		what="$knob=$(show "$value")"
		if [ $rc -ne 0 ] && [ "$after" = "$before" ]; then
			tap_pass "$what is refused and changes nothing"
		else
			tap_fail "$what is refused and changes nothing"
			[ $rc -eq 0 ] && tap_diag "the write succeeded"
			if [ "$after" != "$before" ]; then
				tap_diag "before: $before"
				tap_diag "after:  $after"
			fi
		fi
		[ -n "$err" ] && [ "${VERBOSE:-0}" = 1 ] && tap_diag "$err"
	done
}

digits()
{
	printf "%0${2}d" 0 | tr 0 "$1"
}

long300=$(digits 1 300)
long5000=$(digits 1 5000)
impossible=$(($(vmlat_cpus_possible | awk '{ print $NF }') + 1))

vmlat_set enabled 0
reject enabled 1 "" 2 -1 10 x yes on true 1x " 1" "1 " 0x1 Yy "1\\n" "$long300" "$long5000"
reject period_us 1 "" 0 49 1000001 4294967296 4294968296 18446744073709551617 \
	-1 -1000 +1000 abc 1000x x1000 " 1000" "1000 " 10.5 1e3 0x3e8 1,000 \
	"1000\\n" "$long300" "$long5000"
reject cpus 1 "" , 0- -1 1-0 a 0-a "$impossible" 4096 "0-$impossible" 0-4096 0,4096 \
	"1 0" 0-1x 0:1 0-1:3/2 "0\\n" "$(digits 9 300)" "$long5000"
reject reset 1 "" 0 2 -1 x y 1x 11 " 1" "1 " "1\\n" "$long300" "$long5000"
reject trace_threshold_ns 1 "" 68719476737 18446744073709551616 -1 x 1x " 1" 0x10 "$long300"
reject stop_tracing_ns 1 "" 68719476737 18446744073709551616 -1 x 1x " 1" 0x10 "$long300"
reject steal 1 none kvm kcpustat auto
# and while sampling: a refused write must not stop or re-arm anything
vmlat_set enabled 1
reject enabled 0 "" 0x 1x x " 0"
reject period_us 0 49 1000001 1000x
reject cpus 0 "" 1-0 "$impossible"

# the edges that must pass, so the refusals above are not blanket ones
# accept - $1 knob, $2 value written, $3 value read back
accept()
{
	err=$( (printf '%s' "$2" > "$VMLAT_PARAMS/$1") 2>&1)
	tap_result $? "$1=$(show "$2") is accepted"
	[ -n "$err" ] && tap_diag "$err"
	tap_is "$(vmlat_get "$1")" "$3" "$1=$(show "$2") reads back $3"
}
accept period_us 50 50
accept period_us 1000000 1000000
accept period_us "1000
" 1000
accept trace_threshold_ns 68719476736 68719476736
accept trace_threshold_ns 0 0
accept stop_tracing_ns 68719476736 68719476736
accept stop_tracing_ns 0 0
vmlat_unload
tap_finish
