# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the in-guest reliability suites (tests/guest/tests/, 74 to 81,
# and 54): CPU hogs, background readers of every vmlat file that check each
# histogram they read (count column sums to samples), the whole-tree
# consistency check, a count of kernel splats since a mark, and the shape
# those tests share: stress_start, rounds of the test's own work
# (vmlat_rounds), stress_stop, stress_end_checks. busybox sh; source
# tap.sh and vmlat.sh first.

STRESS_HOGS=""
STRESS_READERS=""
STRESS_DIR=/tmp/stress
mkdir -p "$STRESS_DIR"

# stress_hog_start - a spinning process pinned to each CPU in $1
# (default: every online CPU): vmlat-spin -f, or a shell loop without it
# shellcheck disable=SC2120 # $1 is optional
stress_hog_start()
{
	for _c in ${1:-$(vmlat_cpus_online)}; do
		if command -v vmlat-spin >/dev/null; then
			vmlat-spin -f -c "$_c" &
		else
			taskset -c "$_c" sh -c 'while :; do :; done' &
		fi
		STRESS_HOGS="$STRESS_HOGS $!"
	done
}

# stress_hog_alive - true when every hog still runs
stress_hog_alive()
{
	for _p in $STRESS_HOGS; do
		kill -0 "$_p" 2>/dev/null || return 1
	done
	[ -n "$STRESS_HOGS" ]
}

# stress_kill - kill the background processes $1... and reap them
stress_kill()
{
	for _p in "$@"; do
		kill "$_p" 2>/dev/null
		wait "$_p" 2>/dev/null
	done
}

# stress_hog_stop - stop the hogs stress_hog_start started
stress_hog_stop()
{
	# shellcheck disable=SC2086
	stress_kill $STRESS_HOGS
	STRESS_HOGS=""
}

# stress_hist_ok - true when the histogram file $1 (already copied, so a
# single read) has a count column summing to its samples= header
stress_hist_ok()
{
	awk '/^# samples=/ { split($2, kv, "="); samples = kv[2]; seen = 1 }
		!/^#/ { sum += $3 }
		END { exit !(seen && sum == samples) }' "$1"
}

# stress_reader_loop - read files $2... over and over; every pass writes
# "reads=N errors=N torn=N" to $1 (torn: a histogram whose counts do not
# sum to its samples). Runs until killed.
stress_reader_loop()
{
	_state=$1
	shift
	_reads=0
	_errors=0
	_torn=0
	_tmp=$_state.copy
	while :; do
		for _f in "$@"; do
			if cat "$_f" > "$_tmp" 2>/dev/null; then
				_reads=$((_reads + 1))
				case $_f in
				*/hist|*/steal|*/residual|*/thread*|*/user*)
					stress_hist_ok "$_tmp" || {
						_torn=$((_torn + 1))
						cp "$_tmp" "$_state.torn"
					} ;;
				esac
			else
				_errors=$((_errors + 1))
			fi
		done
		echo "reads=$_reads errors=$_errors torn=$_torn" > "$_state.new"
		mv "$_state.new" "$_state"
	done
}

# stress_readers_start - one background reader per group of files:
# summary and steal_source; the merged histograms; the per-CPU ones
stress_readers_start()
{
	_d=$VMLAT_DEBUGFS
	rm -f "$STRESS_DIR"/reader.*
	stress_reader_loop "$STRESS_DIR/reader.1" "$_d/summary" "$_d/steal_source" &
	STRESS_READERS="$!"
	stress_reader_loop "$STRESS_DIR/reader.2" "$_d/hist" "$_d/steal" "$_d/residual" &
	STRESS_READERS="$STRESS_READERS $!"
	# every per-CPU file but the wait files, whose reads block
	# shellcheck disable=SC2046
	stress_reader_loop "$STRESS_DIR/reader.3" $(ls -d "$_d"/per_cpu/cpu*/* | grep -v '/wait$') &
	STRESS_READERS="$STRESS_READERS $!"
}

# stress_readers_stop - stop the readers; prints "reads=N errors=N torn=N
# idle=N" summed over them (idle: readers that finished no pass)
stress_readers_stop()
{
	# shellcheck disable=SC2086
	stress_kill $STRESS_READERS
	STRESS_READERS=""
	for _s in "$STRESS_DIR"/reader.1 "$STRESS_DIR"/reader.2 "$STRESS_DIR"/reader.3; do
		if [ -s "$_s" ]; then cat "$_s"; else echo "idle"; fi
	done | awk '{
		if ($1 == "idle") { idle++; next }
		for (f = 1; f <= NF; f++) { split($f, kv, "="); t[kv[1]] += kv[2] }
	} END { printf "reads=%d errors=%d torn=%d idle=%d\n", t["reads"], t["errors"], t["torn"], idle }'
}

# stress_check_all - every histogram file passes check-hist.awk (count
# column = samples, bounds, order) and the summary passes its checker;
# $1 = 1 when sampling is stopped. Prints "files=N bad=N"; true when bad=0.
stress_check_all()
{
	_n=0
	_bad=0
	vmlat_hist_files > "$STRESS_DIR/files"
	while read -r _f _t _c; do
		_n=$((_n + 1))
		if ! _o=$(vmlat_check_hist "$_f" "$_t" "$_c"); then
			_bad=$((_bad + 1))
			tap_diag "$_o"
		fi
	done < "$STRESS_DIR/files"
	_n=$((_n + 1))
	if ! _o=$(vmlat_check_summary "${1:-0}"); then
		_bad=$((_bad + 1))
		tap_diag "$_o"
	fi
	echo "files=$_n bad=$_bad"
	[ "$_bad" -eq 0 ]
}

# stress_splats - kernel log lines since vmlat_dmesg_mark that the
# harness would fail the run on; prints their number
stress_splats()
{
	vmlat_dmesg_since | grep -cE 'BUG:|WARNING:|Oops|Call Trace|lockdep|possible recursive locking|rcu.*(stall|detected)|soft lockup|hard LOCKUP'
}

# stress_readers_check - stop the readers and check their reads: one TAP
# line, "$1: no failed or torn read (N reads)"; the totals, and what a
# torn read saw, go to TAP diag
stress_readers_check()
{
	_r=$(stress_readers_stop)
	# stress_readers_stop ran in a subshell: forget the readers here too
	STRESS_READERS=""
	tap_diag "readers: $_r"
	tap_is "$(vmlat_field "$_r" errors) $(vmlat_field "$_r" torn)" "0 0" \
		"$1: no failed or torn read ($(vmlat_field "$_r" reads) reads)"
	stress_torn_diag
}

# stress_torn_diag - the last torn histogram each reader saw, if any, as
# TAP diag
stress_torn_diag()
{
	for _t in "$STRESS_DIR"/reader.*.torn; do
		[ ! -f "$_t" ] || sed 's/^/# torn: /' "$_t" | head -n 8
	done
}

# stress_start - the start of a stress test: mark the kernel log (what
# stress_splats counts from), then start what the words $1... name:
# "hogs" (stress_hog_start), "readers" (stress_readers_start)
stress_start()
{
	vmlat_dmesg_mark
	for _w in "$@"; do
		# shellcheck disable=SC2119 # hogs on every online CPU
		case $_w in
		hogs) stress_hog_start ;;
		readers) stress_readers_start ;;
		*) tap_bail "stress_start: no such thing to start: $_w" ;;
		esac
	done
}

# stress_stop - the end of the stress: when hogs run, check that they ran
# throughout and stop them; when readers run, stop and check them
# (stress_readers_check, named $1, default "readers"); stop sampling
stress_stop()
{
	if [ -n "$STRESS_HOGS" ]; then
		tap_run "the hogs ran throughout" stress_hog_alive
		stress_hog_stop
	fi
	[ -z "$STRESS_READERS" ] || stress_readers_check "${1:-readers}"
	vmlat_set enabled 0
}

# stress_end_checks - the checks after stress_stop: every file is
# consistent (stress_check_all; $1, when given, says after what), no
# kernel splat since the mark, and rmmod succeeds
stress_end_checks()
{
	_o=$(stress_check_all 1)
	tap_result $? "every file is consistent${1:+ $1} ($_o)"
	tap_is "$(stress_splats)" 0 "no kernel splat"
	tap_run "rmmod" vmlat_unload
}
