#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `make check-here` in a guest, as if the guest were the user's VM: the
# entry point tests/check-here.sh (packed as $VMLAT_LIB/check-here.sh)
# on the guest's own kernel, with the module the harness built. Without
# the opt-in it only says what it would do and SKIPs (exit 4), loading
# nothing; with a vmlat already loaded it SKIPs and leaves that one
# alone; it refuses a test not marked safe; its subset is exactly the
# tests headed "# vmlat-here: safe", none of which raises lockdown,
# offlines a CPU, stops tracing, hogs the CPUs or needs the test build;
# and opted in it runs safe tests here, they pass, and nothing is left
# loaded.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "check-here on the guest's own kernel"
here_sh=$VMLAT_LIB/check-here.sh
[ -f "$here_sh" ] || tap_bail "no $here_sh in the initramfs"
[ -f "$VMLAT_KO" ] || tap_bail "no $VMLAT_KO in the initramfs"
vmlat_unload || tap_bail "cannot unload vmlat"
tests_dir=$(pwd)
out=/tmp/here.out

# here - run check-here.sh with VMLAT_CHECK_HERE=$1 and the other
# arguments; its status in $rc, its output in $out
here()
{
	_opt=$1
	shift
	VMLAT_CHECK_HERE=$_opt VMLAT_HERE_TESTS=$tests_dir VMLAT_KO=$VMLAT_KO \
		sh "$here_sh" "$@" > "$out" 2>&1
	rc=$?
}

# show - check-here's output as diagnostics (never as results)
show()
{
	tap_diag "check-here exited $rc: $(tail -n 12 "$out")"
}

here ""
if [ "$rc" = 4 ] && tail -n 1 "$out" | grep -q '^1\.\.0 # SKIP not opted in: .*VMLAT_CHECK_HERE=1' &&
	! grep -q '^\(not \)\{0,1\}ok ' "$out"; then
	tap_pass "without VMLAT_CHECK_HERE=1 it SKIPs (exit 4) and says how to opt in"
else
	tap_fail "without VMLAT_CHECK_HERE=1 it SKIPs (exit 4) and says how to opt in"
	show
fi
tap_run "it says first what it would run" grep -q '^# it will run: 10-load.sh' "$out"
tap_run "without the opt-in nothing was loaded" test ! -d /sys/module/vmlat

# the subset is what the headers say, and nothing in it is disruptive
list=$(VMLAT_HERE_TESTS=$tests_dir sh "$here_sh" --list)
want=$(grep -l '^# vmlat-here: safe$' ./*.sh | sed 's|^\./||' | sort)
tap_is "$(echo $list)" "$(echo $want)" "--list names exactly the tests headed '# vmlat-here: safe'"
tap_run "the subset has at least ten tests" test "$(echo "$list" | wc -w)" -ge 10
bad=""
for t in $list; do
	grep -q -E 'lockdown|/online|tracing_on|VMLAT_TEST_KO|stress_hog_start|vmlat-tcg|vmlat-cmdline' "$t" &&
		bad="$bad $t"
done
tap_is "$bad" "" "no safe test raises lockdown, offlines a CPU, stops tracing, hogs, needs the test build or a boot of its own"
for t in 99-lockdown.sh 66-hotplug.sh 85-steal-sim.sh 97-check-here.sh; do
	case " $(echo $list) " in
	*" $t "*) tap_fail "$t is not in the subset" ;;
	*) tap_pass "$t is not in the subset" ;;
	esac
done

here 1 99-lockdown.sh
tap_is "$rc" 2 "a test not marked safe is refused (exit 2)"
tap_run "and nothing was loaded for it" test ! -d /sys/module/vmlat

# a vmlat that is already there is the user's: left alone
vmlat_load enabled=0 || tap_bail "cannot load vmlat"
here 1
if [ "$rc" = 4 ] && tail -n 1 "$out" | grep -q '^1\.\.0 # SKIP vmlat is already loaded'; then
	tap_pass "with vmlat loaded it SKIPs (exit 4), saying why"
else
	tap_fail "with vmlat loaded it SKIPs (exit 4), saying why"
	show
fi
tap_is "$(vmlat_get enabled)" N "the loaded vmlat was left as it was"
vmlat_unload || tap_bail "cannot unload vmlat"

# opted in: the entry point runs safe tests on this kernel
here 1 10-load.sh 50-enable.sh 55-reset.sh
last=$(tail -n 1 "$out")
if [ "$rc" = 0 ] && echo "$last" | grep -Eq '^[1-9][0-9]* passed, 0 failed$'; then
	tap_pass "opted in, 10-load, 50-enable and 55-reset pass here ($last)"
else
	tap_fail "opted in, 10-load, 50-enable and 55-reset pass here"
	show
fi
tap_is "$(grep -c '^# ==== [0-9]*-[a-z-]*\.sh: timeout' "$out")" 3 "each ran with a timeout, as a suite of its own"
first_result=$(grep -n '^\(not \)\{0,1\}ok ' "$out" | head -n 1 | cut -d: -f1)
said=$(grep -n '^# it will run:' "$out" | cut -d: -f1)
tap_run "it said what it would do before any result" test "${said:-999999}" -lt "${first_result:-0}"
tap_run "nothing is left loaded" test ! -d /sys/module/vmlat
tap_finish
