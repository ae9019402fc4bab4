#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `make check-here`: the safe subset of the in-guest tests on the running
# kernel, for a user's own VM. A guest test is in the subset when its
# header says "# vmlat-here: safe": it only loads and unloads vmlat and
# uses its knobs and files. Nothing irreversible or disruptive runs here:
# no lockdown raise, no CPU offlining, no tracing_off(), no simulator
# (VMLAT_TEST=1) build, no hogs; a vmlat that is already loaded is left
# alone. The script says what it will do first, and does it only when
# the user opts in with VMLAT_CHECK_HERE=1; otherwise, or where this
# kernel cannot load the module (not root, no module support, module
# loading disabled, signatures enforced, no headers, insmod refused),
# it SKIPs with the reason: "1..0 # SKIP why", exit 4 (the kselftest
# convention). It builds vmlat.ko for `uname -r` (and the reader and
# the test tools) in a private copy of the tree, runs each test with a
# per-test timeout, fails a test after which the kernel log has a new
# splat, and ends with "N passed, N failed[, N skipped]" (the counter of
# tests/lib/suite.sh). Plain POSIX sh: tests/guest/tests/97-check-here.sh
# runs it in a guest, as on a user's VM, with a prebuilt module.
#
# Usage: VMLAT_CHECK_HERE=1 tests/check-here.sh [--list] [test ...]
#   --list             print the safe subset and exit
#   test               file names of safe tests (default: all of them)
#   VMLAT_CHECK_HERE   1 to run; anything else only says what would run
#   VMLAT_KO           a prebuilt vmlat.ko for this kernel: no build
#   VMLAT_LIB          the test library with the tools in bin/ (default:
#                      tests/lib and tools built here)
#   VMLAT_HERE_TESTS   the directory of the guest tests (default
#                      tests/guest/tests)
#   VMLAT_HERE_TIMEOUT each test's limit in seconds (default 300)

set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
tests_dir=${VMLAT_HERE_TESTS:-$top/tests/guest/tests}
lib=${VMLAT_LIB:-$top/tests/lib}
timeout_s=${VMLAT_HERE_TIMEOUT:-300}
kver=$(uname -r)
kdir=/lib/modules/$kver/build

. "$lib/tap.sh"
. "$lib/suite.sh"

# safe_tests - the file names whose header says "# vmlat-here: safe"
safe_tests()
{
	for _f in "$tests_dir"/*.sh; do
		[ "$(sed -n 's/^# vmlat-here: *//p' "$_f" | head -n 1)" = safe ] &&
			basename "$_f"
	done
}

list=0
selected=""
while [ $# -gt 0 ]; do
	case $1 in
	--list) list=1 ;;
	-h|--help)
		sed -n 's/^# \{0,1\}//; /^Usage:/,/^$/p' "$0" >&2
		exit 2 ;;
	-*) echo "check-here.sh: unknown option $1" >&2; exit 2 ;;
	*) selected="$selected $1" ;;
	esac
	shift
done

all=$(safe_tests)
if [ "$list" = 1 ]; then
	echo "$all"
	exit 0
fi
if [ -n "$selected" ]; then
	for _t in $selected; do
		echo "$all" | grep -qx "$_t" || {
			echo "check-here.sh: $_t is not a safe test (no '# vmlat-here: safe' header in $tests_dir)" >&2
			exit 2
		}
	done
	run_list=$selected
else
	run_list=$all
fi

tap_header "vmlat check-here: the safe guest tests on this machine's kernel $kver"
if [ -n "${VMLAT_KO:-}" ]; then
	tap_diag "it will use the prebuilt module $VMLAT_KO (no build)"
else
	tap_diag "it will build vmlat.ko for $kver against $kdir, the reader and the test tools, in a private copy of the tree"
fi
tap_diag "it will load and unload vmlat.ko many times, write its knobs (periods down to 50 us for seconds at a time) and read its files"
tap_diag "it will run:$(echo $run_list | sed 's/^/ /')"
tap_diag "it will not: raise lockdown, take CPUs offline, stop tracing, load the simulator (test) build, run CPU hogs, or touch a vmlat that is already loaded"

# skip - nothing runs: the reason, exit 4
skip()
{
	tap_skip_all "$*"
}

[ "${VMLAT_CHECK_HERE:-}" = 1 ] ||
	skip "not opted in: run it with VMLAT_CHECK_HERE=1 (make check-here VMLAT_CHECK_HERE=1)"

# why_not - empty when this kernel can take vmlat.ko, else the reason
why_not()
{
	if [ "$(id -u)" -ne 0 ]; then
		echo "not root: loading modules needs root"
	elif [ ! -r /proc/modules ]; then
		echo "kernel $kver cannot load modules: it has no loadable module support"
	elif [ "$(cat /proc/sys/kernel/modules_disabled 2>/dev/null || echo 0)" != 0 ]; then
		echo "kernel $kver cannot load modules: module loading is disabled (kernel.modules_disabled=1)"
	elif [ "$(cat /sys/module/module/parameters/sig_enforce 2>/dev/null)" = Y ]; then
		echo "kernel $kver loads only signed modules (module.sig_enforce): sign vmlat.ko as docs/install.md says"
	elif [ -d /sys/module/vmlat ]; then
		echo "vmlat is already loaded here: check-here leaves it alone (rmmod vmlat first)"
	elif ! grep -q ' /sys/kernel/debug debugfs ' /proc/mounts; then
		echo "debugfs is not mounted at /sys/kernel/debug (mount -t debugfs none /sys/kernel/debug)"
	elif [ -z "${VMLAT_KO:-}" ] && [ ! -d "$kdir" ]; then
		echo "no headers for kernel $kver at $kdir (apt-get install linux-headers-$kver)"
	fi
}
reason=$(why_not)
[ -z "$reason" ] || skip "$reason"

work=$(mktemp -d /tmp/vmlat-here.XXXXXX)
trap 'rm -rf "$work"' EXIT
SUITE_OUT=$work

# build - vmlat.ko, the reader and the tools in $work; the library there
build()
{
	_src=$work/src
	mkdir -p "$_src" "$work/lib/bin"
	if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
		(cd "$top" && git ls-files -co --exclude-standard) |
			tar -C "$top" -T - --ignore-failed-read -cf - 2>/dev/null |
			tar -C "$_src" -xf -
	else
		(cd "$top" && tar --exclude=./tests/guest/out --exclude=./build \
			-cf - .) | tar -C "$_src" -xf -
	fi
	make -C "$_src" module KDIR="$kdir" VMLAT_TEST=0 \
		>"$work/build-module.log" 2>&1 </dev/null &&
		[ -f "$_src/module/vmlat.ko" ] || {
		tap_diag "$(tail -n 15 "$work/build-module.log")"
		return 1
	}
	cp "$_src/module/vmlat.ko" "$work/vmlat.ko"
	cp "$top"/tests/lib/*.sh "$top"/tests/lib/*.awk "$work/lib/"
	# the reader the one way it is built; the tests that need it say so
	make -C "$_src/userspace" >"$work/build-reader.log" 2>&1 </dev/null &&
		cp "$_src/userspace/vmlat" "$work/lib/bin/vmlat" ||
		tap_diag "the reader did not build (see the tests that need it)"
	for _c in "$top"/tests/guest/tools/*.c; do
		${CC:-cc} -O2 -Wall -o "$work/lib/bin/$(basename "$_c" .c)" "$_c" \
			>>"$work/build-tools.log" 2>&1 ||
			tap_diag "tool $(basename "$_c") did not build"
	done
}

if [ -z "${VMLAT_KO:-}" ]; then
	t0=$(date +%s)
	build || {
		suite_count 1 "build vmlat.ko for $kver"
		suite_total
		exit 1
	}
	suite_count 0 "build vmlat.ko for $kver, the reader and the tools ($(($(date +%s) - t0)) s)"
	VMLAT_KO=$work/vmlat.ko
	VMLAT_LIB=$work/lib
fi
VMLAT_LIB=${VMLAT_LIB:-$lib}
# no simulator build here, whatever the environment says
VMLAT_TEST_KO=$work/no-test-build.ko
VMLAT_HARNESS_CONF=$work/no-harness.conf
export VMLAT_KO VMLAT_LIB VMLAT_TEST_KO VMLAT_HARNESS_CONF

# the last check before any test: this kernel takes the module
if ! out=$(insmod "$VMLAT_KO" enabled=0 2>&1); then
	skip "insmod $VMLAT_KO refused on kernel $kver: $out"
fi
rmmod vmlat || {
	suite_count 1 "rmmod vmlat after the trial load"
	suite_total
	exit 1
}

# splats - the kernel log's report lines after line $1
splats()
{
	dmesg 2>/dev/null | tail -n +$(($1 + 1)) |
		grep -E 'BUG:|WARNING:|Oops|Call Trace:|general protection|kernel panic|rcu: INFO|soft lockup|hung_task|kmemleak: unreferenced' || true
}

for t in $run_list; do
	mark=$(dmesg 2>/dev/null | wc -l)
	# the test's own TAP, counted by its ok / not ok lines
	suite_run "$t" timeout "$timeout_s" sh -c 'cd "$1" && exec sh "./$2"' _ "$tests_dir" "$t"
	s=$(splats "$mark")
	if [ -n "$s" ]; then
		suite_count 1 "$t: the kernel log has no new splat"
		tap_diag "$s"
	fi
	if [ -d /sys/module/vmlat ]; then
		rmmod vmlat 2>/dev/null
		suite_count 1 "$t: left vmlat loaded"
	fi
done
suite_total
