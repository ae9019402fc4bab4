#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host unit tests of vmlat's pure kernel code: builds each test_*.c with
# the module's sources and the shims in tests/unit/shim/, runs it, and
# passes its TAP through. Exit status: non-zero if any test failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=$here/build
mkdir -p "$out"
CC=${CC:-cc}
CFLAGS="-O2 -g -Wall -Wextra -Werror -I$here/shim -I$top/abi -I$top/module -I$here"
fail=0
. "$top/tests/lib/tap.sh"
# test_bucket_ref runs check-hist.awk from here
VMLAT_LIB=$top/tests/lib
export VMLAT_LIB

build() {
	name=$1
	shift
	# shellcheck disable=SC2086
	if ! $CC $CFLAGS -o "$out/$name" "$here/$name.c" "$@" -lpthread \
		>"$out/$name.log" 2>&1; then
		tap_fail "$name builds"
		tap_diag "$(cat "$out/$name.log")"
		fail=1
		return 1
	fi
}

for t in test_hist:"$top/abi/vmlat_hist.c" \
	 test_bucket_ref:"$top/abi/vmlat_hist.c" \
	 test_parse:"$top/abi/vmlat_grammar.c" \
	 test_ratio:"$top/abi/vmlat_ratio.c" \
	 test_steal_pick:"$top/module/vmlat_steal_pick.c $top/abi/vmlat_names.c" \
	 test_summary:"$top/abi/vmlat_summary.c $top/abi/vmlat_names.c" \
	 test_headers:"$top/abi/vmlat_names.c $top/abi/vmlat_summary.c" \
	 test_kst: \
	 test_split: \
	 test_x86_insn:; do
	name=${t%%:*}
	src=${t#*:}
	echo "# $name"
	build "$name" $src || continue
	case $name in
	test_x86_insn)
		# objdump's lengths over real code (x86-64 hosts only)
		if [ "$(uname -m)" = x86_64 ]; then
			"$here/x86-insn-ref.sh" "$out"
		fi | "$out/$name" || fail=1
		;;
	*)
		"$out/$name" || fail=1
		;;
	esac
done
exit $fail
