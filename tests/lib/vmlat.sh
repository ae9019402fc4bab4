# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the in-guest vmlat tests (busybox sh): where the module and
# its files are, loading and unloading, reading knobs and summary keys,
# and running the format checkers in this directory. Source tap.sh first.
# Every path comes from the environment, defaulting to the test guest's
# layout (tests/guest/run.sh), so the tests run elsewhere too
# (tests/check-here.sh on a user's VM):
#   VMLAT_LIB       this file, the awk checkers, and in bin/ the tools the
#                   tests run (tests/guest/tools), put first on PATH
#   VMLAT_MODDIR    the modules: vmlat.ko, vmlat-test.ko (the VMLAT_TEST=1
#                   build) and any extra ones; VMLAT_KO, VMLAT_TEST_KO one each
#   VMLAT_HARNESS_CONF  what the harness packed and asked for (smp, test
#                   build, kernel), when it is there

VMLAT_LIB=${VMLAT_LIB:-/lib/vmlat-tests}
VMLAT_MODDIR=${VMLAT_MODDIR:-/lib/vmlat}
VMLAT_KO=${VMLAT_KO:-$VMLAT_MODDIR/vmlat.ko}
VMLAT_TEST_KO=${VMLAT_TEST_KO:-$VMLAT_MODDIR/vmlat-test.ko}
VMLAT_HARNESS_CONF=${VMLAT_HARNESS_CONF:-/etc/vmlat-harness.conf}
VMLAT_PARAMS=/sys/module/vmlat/parameters
VMLAT_DEBUGFS=/sys/kernel/debug/vmlat
VMLAT_SUMMARY=$VMLAT_DEBUGFS/summary
case :$PATH: in
*":$VMLAT_LIB/bin:"*) ;;
*) PATH=$VMLAT_LIB/bin:$PATH ;;
esac
export VMLAT_LIB VMLAT_MODDIR PATH

[ -r "$VMLAT_HARNESS_CONF" ] && . "$VMLAT_HARNESS_CONF"

# vmlat_loaded - true when the module is in the kernel
vmlat_loaded()
{
	[ -d /sys/module/vmlat ]
}

# vmlat_insmod - insmod module $1 with parameters $2...; what insmod says
# (the reason for a refusal) goes to TAP diag; the status is insmod's
vmlat_insmod()
{
	_ko=$1
	shift
	_out=$(insmod "$_ko" "$@" 2>&1)
	_rc=$?
	[ -n "$_out" ] && tap_diag "insmod ${_ko##*/} $*: $_out"
	return $_rc
}

# vmlat_load - insmod vmlat.ko with the given parameters (vmlat_insmod)
vmlat_load()
{
	vmlat_insmod "$VMLAT_KO" "$@"
}

# vmlat_load_test - insmod the test build, vmlat-test.ko, likewise
vmlat_load_test()
{
	vmlat_insmod "$VMLAT_TEST_KO" "$@"
}

# vmlat_refused - insmod vmlat.ko with the given parameters; true when the
# load fails and leaves no module behind. A module that did load is
# unloaded again, and insmod's status and output go to TAP diag.
vmlat_refused()
{
	_out=$(insmod "$VMLAT_KO" "$@" 2>&1)
	_rc=$?
	[ $_rc -ne 0 ] && ! vmlat_loaded && return 0
	tap_diag "insmod status $_rc: $_out"
	vmlat_unload
	return 1
}

# vmlat_need_test_ko - skip the whole file (exit 4) unless the test build,
# vmlat-test.ko, is here
vmlat_need_test_ko()
{
	[ -f "$VMLAT_TEST_KO" ] ||
		tap_skip_all "no vmlat-test.ko (VMLAT_TEST=1 build) in the initramfs"
}

# vmlat_need_tool - stop the file (bail out) unless the program $1 that
# it runs is here: the harness packs the reader and tests/guest/tools
vmlat_need_tool()
{
	command -v "$1" >/dev/null || tap_bail "$1 is not packed"
}

# vmlat_need_cpus - skip the whole file (exit 4) unless at least $1 CPUs
# are possible
vmlat_need_cpus()
{
	[ "$(vmlat_cpus_possible | wc -w)" -ge "$1" ] || tap_skip_all "needs $1 CPUs"
}

# vmlat_unload - rmmod when loaded; true when the module is gone afterwards
vmlat_unload()
{
	if vmlat_loaded; then
		rmmod vmlat 2>/dev/null || return 1
	fi
	! vmlat_loaded
}

# vmlat_fresh - unload whatever is there and load with the given parameters
vmlat_fresh()
{
	vmlat_unload && vmlat_load "$@"
}

# vmlat_get - the value knob $1 reads back
vmlat_get()
{
	cat "$VMLAT_PARAMS/$1"
}

# vmlat_set - write a knob as `echo` would; the status is the write's
vmlat_set()
{
	( echo "$2" > "$VMLAT_PARAMS/$1" ) 2>/dev/null
}

# vmlat_cpus_possible - the possible CPUs, space separated
vmlat_cpus_possible()
{
	vmlat_expand_cpulist "$(cat /sys/devices/system/cpu/possible)"
}

# vmlat_cpus_online - the online CPUs, space separated (read only)
vmlat_cpus_online()
{
	vmlat_expand_cpulist "$(cat /sys/devices/system/cpu/online)"
}

# vmlat_expand_cpulist - "0-2,5" -> "0 1 2 5" (no stride syntax needed here)
vmlat_expand_cpulist()
{
	echo "$1" | awk -F, '{
		for (i = 1; i <= NF; i++) {
			n = split($i, r, "-")
			hi = n == 2 ? r[2] : r[1]
			for (c = r[1]; c <= hi; c++)
				out = out (out == "" ? "" : " ") c
		}
		print out
	}'
}

# vmlat_summary_key - value of key $2 on the summary line of cpu $1 (N|all)
vmlat_summary_key()
{
	awk -v cpu="cpu=$1" -v key="$2" '
		$1 == cpu {
			for (f = 2; f <= NF; f++)
				if (index($f, key "=") == 1) {
					print substr($f, length(key) + 2)
					found = 1
				}
		}
		END { exit !found }' "$VMLAT_SUMMARY"
}

# vmlat_summary_col - "cpu value" lines of key $1 for every CPU line
vmlat_summary_col()
{
	awk -v key="$1" '
		$1 ~ /^cpu=/ {
			v = "?"
			for (f = 2; f <= NF; f++)
				if (index($f, key "=") == 1)
					v = substr($f, length(key) + 2)
			print substr($1, 5), v
		}' "$VMLAT_SUMMARY"
}

# vmlat_check_hist - validate a histogram file: $1 file, $2 hist type,
# $3 cpu (N|all), $4 optional period_us. Prints the checker's summary
# line on success, its reasons as TAP diag on failure.
vmlat_check_hist()
{
	_out=$(awk -v want_hist="$2" -v want_cpu="$3" -v want_period="${4:-}" \
		-f "$VMLAT_LIB/check-hist.awk" "$1" 2>&1)
	_rc=$?
	if [ $_rc -ne 0 ]; then
		echo "$_out" | head -n 8
		return 1
	fi
	echo "$_out"
}

# vmlat_check_summary - validate summary; $1 = 1 when sampling is stopped
vmlat_check_summary()
{
	_out=$(awk -v cpus="$(vmlat_cpus_possible)" -v frozen="${1:-0}" \
		-f "$VMLAT_LIB/check-summary.awk" "$VMLAT_SUMMARY" 2>&1)
	_rc=$?
	[ -n "$_out" ] && echo "$_out" | head -n 8
	return $_rc
}

# vmlat_check_causes - validate causes, against the summary read beside
# it when $1 = 1 (sampling stopped: both hold the same expiries)
vmlat_check_causes()
{
	cat "$VMLAT_SUMMARY" > /tmp/vmlat-causes-summary
	_out=$(awk -v cpus="$(vmlat_cpus_possible)" -v frozen="${1:-0}" \
		-f "$VMLAT_LIB/check-causes.awk" /tmp/vmlat-causes-summary \
		"$VMLAT_DEBUGFS/causes" 2>&1)
	_rc=$?
	[ -n "$_out" ] && echo "$_out" | head -n 8
	return $_rc
}

# vmlat_causes_key CPU STAGE KEY - KEY of causes' line of CPU and STAGE
vmlat_causes_key()
{
	awk -v c="cpu=$1" -v s="stage=$2" -v k="$3" '$1 == c && $2 == s {
		for (i = 3; i <= NF; i++)
			if (index($i, k "=") == 1)
				print substr($i, length(k) + 2)
	}' "$VMLAT_DEBUGFS/causes"
}

# vmlat_field - value of token key=N ($2) in a checker line ($1)
vmlat_field()
{
	echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# vmlat_hist_files - "path type cpu" for every histogram file
vmlat_hist_files()
{
	for _t in hist steal residual; do
		_type=$_t
		[ "$_t" = hist ] && _type=lateness
		echo "$VMLAT_DEBUGFS/$_t $_type all"
		for _c in $(vmlat_cpus_possible); do
			echo "$VMLAT_DEBUGFS/per_cpu/cpu$_c/$_t $_type $_c"
		done
	done
}

# vmlat_waiters - run vmlat-waiters (tests/guest/tools) with the arguments
# $2...; its output goes to file $1 and, on one line, to TAP diag
vmlat_waiters()
{
	_of=$1
	shift
	vmlat-waiters "$@" > "$_of" 2>&1
	tap_diag "vmlat-waiters $*: $(tr '\n' ' ' < "$_of")"
}

# vmlat_out_val - the value of key $1 in a tool's output file $2: its line
# starts "KEY=VALUE"
vmlat_out_val()
{
	sed -n "s/^$1=\([^ ]*\).*/\1/p" "$2"
}

# vmlat_out_ms - the ms=N of key $1's line in a tool's output file $2
vmlat_out_ms()
{
	sed -n "s/^$1=.* ms=\([0-9]*\).*/\1/p" "$2"
}

# vmlat_dmesg_mark - remember where the kernel log is, for vmlat_dmesg_since
vmlat_dmesg_mark()
{
	VMLAT_DMESG_LINES=$(dmesg | wc -l)
}

# vmlat_dmesg_since - the kernel log's lines since vmlat_dmesg_mark
vmlat_dmesg_since()
{
	dmesg | tail -n +$((VMLAT_DMESG_LINES + 1))
}

# vmlat_logged - one TAP line, $2: ok when $1, the kernel log line a check
# looked for since vmlat_dmesg_mark, was found (not empty), and it goes to
# TAP diag; otherwise the log's last three lines since the mark go there
vmlat_logged()
{
	if [ -n "$1" ]; then
		tap_pass "$2"
		tap_diag "${1#*] }"
	else
		tap_fail "$2"
		vmlat_dmesg_since | tail -n 3 | sed 's/^/# /'
	fi
}

# vmlat_rate_check - the periods accounted for, samples + missed, against
# the periods in the sampled time, elapsed_ns / period, from the CPU lines
# of summary file $1 (a copy, for one read, or $VMLAT_SUMMARY). $2
# tolerance in percent, $3 slack in periods; $4 the CPU (default: every
# CPU with samples), $5 period_us (default: the summary's), $6 the fewest
# periods that must be expected (default 0). Prints a line "cpuN
# samples=.. missed=.. elapsed_ns=.. expected=.. off=.. (..%)" per CPU;
# false when none was checked or any is off by more than the tolerance
# plus the slack or expected too few.
vmlat_rate_check()
{
	awk -v tol="$2" -v slack="$3" -v cpu="${4:-}" -v period_us="${5:-}" -v min="${6:-0}" '
		NR == 2 && period_us == "" {
			for (f = 2; f <= NF; f++) {
				split($f, kv, "=")
				if (kv[1] == "period_us")
					period_us = kv[2]
			}
		}
		/^cpu=[0-9]/ {
			delete v
			for (f = 1; f <= NF; f++) {
				split($f, kv, "=")
				v[kv[1]] = kv[2]
			}
			if (cpu == "" ? (v["samples"] == 0) : (v["cpu"] != cpu))
				next
			want = v["elapsed_ns"] / (period_us * 1000)
			got = v["samples"] + v["missed"]
			d = got - want
			dev = want > 0 ? d * 100 / want : 100
			printf "cpu%s samples=%d missed=%d elapsed_ns=%s", v["cpu"], v["samples"], v["missed"], v["elapsed_ns"]
			printf " expected=%.0f off=%.0f (%.2f%%)\n", want, d, dev
			if (d < 0)
				d = -d
			if (d > want * tol / 100 + slack || want < min)
				bad++
			n++
		}
		END { exit !(n > 0 && bad == 0) }' "$1"
}

# vmlat_rate_each - one read of the summary, then a TAP line per possible
# CPU, "$3: cpuN samples+missed within $2 % of elapsed/period": ok when at
# least 100 periods of $1 us (empty: the summary's period_us) were
# expected and samples + missed is within $2 % of them (vmlat_rate_check,
# whose line goes to TAP diag)
vmlat_rate_each()
{
	cp "$VMLAT_SUMMARY" /tmp/vmlat-summary.rate
	for _c in $(vmlat_cpus_possible); do
		_v=$(vmlat_rate_check /tmp/vmlat-summary.rate "$2" 0 "$_c" "$1" 100)
		tap_result $? "$3: cpu$_c samples+missed within $2 % of elapsed/period"
		tap_diag "$3: $_v"
	done
}

# vmlat_rounds - run the command $2... $1 times, with VMLAT_ROUND from 1 to
# $1; afterwards VMLAT_ROUNDS_S says how many seconds the rounds took
vmlat_rounds()
{
	_vr_n=$1
	shift
	_vr_t0=$(date +%s)
	VMLAT_ROUND=0
	while [ "$VMLAT_ROUND" -lt "$_vr_n" ]; do
		VMLAT_ROUND=$((VMLAT_ROUND + 1))
		"$@"
	done
	# shellcheck disable=SC2034 # for the caller
	VMLAT_ROUNDS_S=$(($(date +%s) - _vr_t0))
}

# vmlat_wait_until SECONDS CMD... - run CMD every half second until it
# succeeds or SECONDS have passed; 1 when it never did. For counts that
# take longer to come on a vCPU the host shares out (missed periods).
vmlat_wait_until()
{
	_wu_end=$(($(date +%s) + $1))
	shift
	until "$@"; do
		[ "$(date +%s)" -lt "$_wu_end" ] || return 1
		sleep 0.5
	done
}
