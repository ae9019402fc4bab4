# SPDX-License-Identifier: GPL-2.0
#
# The guest harness's boot plan, sourced by tests/guest/run.sh (bash) and
# tested without a guest by tests/guest/selftest.sh. Two headers in a test
# file put it in a boot other than the main one:
#   "# vmlat-tcg: single"    (it patches kernel text) a boot under
#                            single-threaded TCG when the run is multi-
#                            threaded; "both": in each of the two boots
#   "# vmlat-cmdline: ARGS"  a boot of its own with ARGS appended to the
#                            kernel command line (e.g. highres=off), under
#                            the run's TCG mode; one boot per distinct ARGS
# Everything else shares the main boot. A boot of "both" tests only is not
# worth its own boot, so they go where the other tests are.

# vmlat_header - the value of header line "# vmlat-$1: VALUE" in file $2
vmlat_header()
{
	sed -n "s/^# vmlat-$1: *//p" "$2" 2>/dev/null | head -n 1
}

# vmlat_plan_boots - $1 the test list (file names, one a line), $2 the
# directory holding them, $3 the run's TCG mode (multi|single), $4 the
# output directory. Writes $4/boots, one line a boot in boot order,
# "ID TCG [ARGS...]", and $4/tests-ID.list, the tests of each boot. IDs:
# multi and single for the TCG boots, cmdline-ARGS (made a file name) for
# the others. Returns 2, with a message, for a test it cannot place.
vmlat_plan_boots()
{
	local list=$1 dir=$2 tcg=$3 out=$4
	local t args tcg_hdr id i own_multi=0 own_single=0
	local -a cmdlines=() cmdline_ids=()

	: > "$out/boots"
	: > "$out/tests-multi.list"
	: > "$out/tests-single.list"
	while read -r t; do
		[ -n "$t" ] || continue
		args=$(vmlat_header cmdline "$dir/$t")
		tcg_hdr=$(vmlat_header tcg "$dir/$t")
		if [ -n "$args" ]; then
			if [ -n "$tcg_hdr" ]; then
				echo "run.sh: $t: '# vmlat-cmdline' and '# vmlat-tcg' together are not supported" >&2
				return 2
			fi
			id=""
			for i in "${!cmdlines[@]}"; do
				[ "${cmdlines[$i]}" = "$args" ] && id=${cmdline_ids[$i]}
			done
			if [ -z "$id" ]; then
				id=cmdline-$(printf '%s' "$args" | tr -c 'A-Za-z0-9' '-')
				# distinct ARGS that make the same file name
				for i in "${cmdline_ids[@]}"; do
					[ "$i" = "$id" ] && id=$id-${#cmdlines[@]}
				done
				cmdlines+=("$args")
				cmdline_ids+=("$id")
				: > "$out/tests-$id.list"
			fi
			echo "$t" >> "$out/tests-$id.list"
			continue
		fi
		if [ "$tcg" != multi ]; then
			echo "$t" >> "$out/tests-$tcg.list"
			own_single=$((own_single + 1))
			continue
		fi
		case $tcg_hdr in
		single) echo "$t" >> "$out/tests-single.list"
			own_single=$((own_single + 1)) ;;
		both)	echo "$t" >> "$out/tests-multi.list"
			echo "$t" >> "$out/tests-single.list" ;;
		*)	echo "$t" >> "$out/tests-multi.list"
			own_multi=$((own_multi + 1)) ;;
		esac
	done < "$list"

	[ $own_multi -gt 0 ] && echo "multi multi" >> "$out/boots"
	[ $own_single -gt 0 ] && echo "single single" >> "$out/boots"
	# "both" tests alone, or nothing at all: still one main boot
	if [ ! -s "$out/boots" ] && { [ -s "$out/tests-$tcg.list" ] || [ ${#cmdlines[@]} -eq 0 ]; }; then
		echo "$tcg $tcg" >> "$out/boots"
	fi
	for i in "${!cmdlines[@]}"; do
		echo "${cmdline_ids[$i]} $tcg ${cmdlines[$i]}" >> "$out/boots"
	done
	return 0
}
