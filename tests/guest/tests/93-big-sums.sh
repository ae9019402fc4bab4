#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Sums no run could wait for (docs/abi.md, "Overflow"): the test build's
# sim_sums knob plants sums of 2^44, 2^60 and 2^64 - 1001 ns on one CPU
# and on two, and every file is read back and compared, figure by figure,
# with values recomputed exactly by vmlat-exact (128-bit integers; busybox
# awk has only doubles). Ratios and averages must be exact and truncated,
# merged sums beyond 2^64 - 1 saturated and named in saturated=. Before
# the fix, mul_u64_u32_div() raised #DE here (an Oops) from 2^44 x 2 CPUs.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "exact ratios, averages and merged sums at very large sums"
vmlat_need_test_ko
[ "$(vmlat_cpus_possible)" = "0 1" ] || tap_skip_all "needs exactly CPUs 0 and 1"
command -v vmlat-exact >/dev/null || tap_skip_all "no vmlat-exact in $VMLAT_LIB/bin or on PATH"
vmlat_unload || tap_bail "cannot unload vmlat"
vmlat_load_test steal=sim || tap_bail "cannot load vmlat-test.ko"
vmlat_set enabled 0 || tap_bail "cannot write enabled=0"

X()
{
	vmlat-exact "$@" || tap_bail "vmlat-exact $*"
}

SUMMARY_KEYS="samples missed elapsed_ns min_ns avg_ns max_ns max_at_ns self_min_ns self_avg_ns self_max_ns steal_ns steal_ms_per_s steal_expiries stolen_ns stolen_share trace_stops hardirq_misses snapshot_ipis lateness_sum_ns self_sum_ns saturated"

# keys_of - "key=value ..." of the SUMMARY_KEYS present on cpu $1's line
keys_of()
{
	awk -v cpu="cpu=$1" -v keys="$SUMMARY_KEYS" '
		$1 == cpu {
			n = split(keys, k, " ")
			for (f = 2; f <= NF; f++) {
				eq = index($f, "=")
				v[substr($f, 1, eq - 1)] = substr($f, eq + 1)
			}
			for (i = 1; i <= n; i++)
				if (k[i] in v)
					out = out (out == "" ? "" : " ") k[i] "=" v[k[i]]
			print out
		}' "$VMLAT_SUMMARY"
}

# plant - cpu $1 gets $2 samples at level $3; its figures go to C$1_*
plant()
{
	c=$1
	n=$2
	lat=$(X sub "$3" $((7 * c)))
	steal=$(X sub "$3" $((11 + c)))
	stolen=$(X sub "$3" $((500 + c)))
	self=$(X avg "$(X sub "$3" $((3 * c)))" 2)
	elapsed=$(X sub "$3" $((2 - c)))
	eval "C${c}_n=$n C${c}_lat=$lat C${c}_steal=$steal C${c}_stolen=$stolen C${c}_self=$self C${c}_elapsed=$elapsed"
	vmlat_set sim_sums "$c $n $lat $steal $stolen $self $elapsed" ||
		tap_bail "sim_sums refused $c $n $lat $steal $stolen $self $elapsed"
}

empty()
{
	eval "C$1_n=0 C$1_lat=0 C$1_steal=0 C$1_stolen=0 C$1_self=0 C$1_elapsed=0"
}

# want_summary - the expected keys_of line: $1 samples, $2 lateness sum,
# $3 steal sum, $4 stolen, $5 self sum, $6 elapsed, $7 saturated keys,
# $8 $9 lateness min and max, ${10} ${11} self min and max
want_summary()
{
	w="samples=$1 missed=0 elapsed_ns=$(X sat "$6") min_ns=$8 avg_ns=$(X avg "$2" "$1") max_ns=$9"
	w="$w max_at_ns=0 self_min_ns=${10} self_avg_ns=$(X avg "$5" "$1") self_max_ns=${11}"
	w="$w steal_ns=$(X sat "$3") steal_ms_per_s=$(X ratio "$3" "$6" 1000 3)"
	w="$w steal_expiries=$1 stolen_ns=$(X sat "$4") stolen_share=$(X ratio "$4" "$2" 1 4)"
	w="$w trace_stops=0 hardirq_misses=0 snapshot_ipis=0"
	w="$w lateness_sum_ns=$(X sat "$2") self_sum_ns=$(X sat "$5")"
	[ -n "$7" ] && w="$w saturated=$7"
	echo "$w"
}

# satlist - the keys among "key value..." pairs whose value is above 2^64 - 1
satlist()
{
	l=""
	while [ $# -gt 0 ]; do
		[ "$(X over "$2")" = 1 ] && l="$l${l:+,}$1"
		shift 2
	done
	echo "$l"
}

# want_hist - expected file: $1 hist name, $2 cpu label, $3 elapsed, then
# pairs "n sum" per CPU included
want_hist()
{
	name=$1 label=$2 el=$3
	shift 3
	tn=0 ts=0 rowargs="" mins="" maxs=""
	while [ $# -gt 0 ]; do
		if [ "$1" != 0 ]; then
			m=$(X avg "$2" "$1")
			rowargs="$rowargs $m $1"
			mins="$mins $m"
		fi
		tn=$(X sum $tn "$1")
		ts=$(X sum $ts "$2")
		shift 2
	done
	echo "# vmlat-hist v1 hist=$name cpu=$label"
	s2="# unit=ns period_us=1000 elapsed_ns=$(X sat "$el")"
	[ "$(X over "$el")" = 1 ] && s2="$s2 saturated=elapsed_ns"
	echo "$s2"
	if [ -z "$mins" ]; then
		echo "# samples=0 missed=0 min=0 max=0 sum=0"
	else
		# shellcheck disable=SC2086
		s3="# samples=$tn missed=0 min=$(X min $mins) max=$(X max $mins) sum=$(X sat "$ts")"
		[ "$(X over "$ts")" = 1 ] && s3="$s3 saturated=sum"
		echo "$s3"
	fi
	echo "# lower_ns upper_ns count"
	# shellcheck disable=SC2086
	[ -n "$rowargs" ] && X rows $rowargs
	return 0
}

# same_file - $1 description, $2 a file that must equal /tmp/want
same_file()
{
	cat "$2" > /tmp/got
	if cmp -s /tmp/want /tmp/got; then
		tap_pass "$1"
	else
		tap_fail "$1"
		diff /tmp/want /tmp/got | sed 's/^/# /'
	fi
}

# check_hists - all nine histogram files against want_hist
check_hists()
{
	for h in hist:lateness steal:steal residual:residual; do
		f=${h%%:*}
		name=${h#*:}
		for c in 0 1; do
			eval "n=\$C${c}_n lat=\$C${c}_lat steal=\$C${c}_steal stolen=\$C${c}_stolen el=\$C${c}_elapsed"
			case $name in
			lateness) s=$lat ;;
			steal) s=$steal ;;
			residual) s=$(X sub "$lat" "$stolen") ;;
			esac
			eval "H${c}_n=$n H${c}_s=$s"
			want_hist "$name" "$c" "$el" "$n" "$s" > /tmp/want
			same_file "$1: per_cpu/cpu$c/$f is exact" "$VMLAT_DEBUGFS/per_cpu/cpu$c/$f"
		done
		want_hist "$name" all "$(X sum "$C0_elapsed" "$C1_elapsed")" \
			"$H0_n" "$H0_s" "$H1_n" "$H1_s" > /tmp/want
		same_file "$1: $f (cpu=all) is exact" "$VMLAT_DEBUGFS/$f"
	done
}

# check_summary - the three summary lines against want_summary
check_summary()
{
	lmins="" smins=""
	for c in 0 1; do
		eval "n=\$C${c}_n lat=\$C${c}_lat steal=\$C${c}_steal stolen=\$C${c}_stolen self=\$C${c}_self el=\$C${c}_elapsed"
		lm=$(X avg "$lat" "$n")
		sm=$(X avg "$self" "$n")
		if [ "$n" != 0 ]; then
			lmins="$lmins $lm"
			smins="$smins $sm"
		fi
		tap_is "$(keys_of $c)" "$(want_summary "$n" "$lat" "$steal" "$stolen" "$self" "$el" "" "$lm" "$lm" "$sm" "$sm")" \
			"$1: summary cpu=$c is exact"
	done
	n=$(X sum "$C0_n" "$C1_n")
	lat=$(X sum "$C0_lat" "$C1_lat")
	steal=$(X sum "$C0_steal" "$C1_steal")
	stolen=$(X sum "$C0_stolen" "$C1_stolen")
	self=$(X sum "$C0_self" "$C1_self")
	el=$(X sum "$C0_elapsed" "$C1_elapsed")
	sat=$(satlist elapsed_ns "$el" steal_ns "$steal" stolen_ns "$stolen" \
		lateness_sum_ns "$lat" self_sum_ns "$self")
	# shellcheck disable=SC2086
	tap_is "$(keys_of all)" "$(want_summary "$n" "$lat" "$steal" "$stolen" "$self" "$el" "$sat" \
		$(X min $lmins) $(X max $lmins) $(X min $smins) $(X max $smins))" \
		"$1: summary cpu=all is exact${sat:+ (saturated: $sat)}"
}

for level in 17592186044416 1152921504606846976 18446744073709550615; do
	for ncpus in 1 2; do
		vmlat_set reset 1 || tap_bail "cannot reset"
		plant 0 1000 "$level"
		if [ $ncpus = 2 ]; then
			plant 1 3 "$level"
		else
			empty 1
		fi
		label="sums ~$level on $ncpus CPU(s)"
		grep '^cpu=all' "$VMLAT_SUMMARY" | sed 's/^/# /'
		check_summary "$label"
		check_hists "$label"
	done
done

# the knob itself: bad input is refused and changes nothing
before=$(cat "$VMLAT_SUMMARY") && [ -n "$before" ] || tap_bail "cannot read summary"
for bad in "0 0 1 1 1 1 1" "0 1 5 9 6 1 1" "0 1 9 5 6 1 1" "2 1 1 1 1 1 1" \
	"0 1 1 1 1 1" "0 1 1 1 1 1 1 1" "0 1 1 1 1 1 18446744073709551616" \
	"0 1  1 1 1 1 1" "x" ""; do
	vmlat_set sim_sums "$bad"
	tap_result $((! $?)) "sim_sums refuses '$bad'"
done
tap_is "$(cat "$VMLAT_SUMMARY")" "$before" "refused sim_sums writes changed nothing"
vmlat_set enabled 1
vmlat_set sim_sums "0 1 1 1 1 1 1"
tap_result $((! $?)) "sim_sums refuses to plant on a CPU that samples"
vmlat_set enabled 0
vmlat_unload
tap_finish
