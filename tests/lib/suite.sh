# SPDX-License-Identifier: GPL-2.0
#
# The one counter of vmlat's test drivers (tests/check.sh, check-host.sh,
# check-here.sh, tests/guest/kernels.sh, tests/matrix.sh,
# tests/debug/run.sh, .ci/run): each suite prints TAP, passed through
# here and counted by its "ok" / "not ok" lines (a suite that exits
# non-zero, other than 4 for SKIP, without a failing line counts as one
# failure); the driver ends with suite_total's one line "N passed,
# N failed[, N skipped]" (tap_total_line in tap.sh). Plain sh (bash,
# dash, busybox ash: check-here.sh runs in a guest too); source tap.sh
# first from sh (bash finds it beside this file); set SUITE_OUT to a
# writable directory.

if ! command -v tap_total_line >/dev/null 2>&1; then
	# shellcheck source=tap.sh
	. "$(dirname "${BASH_SOURCE:-$0}")/tap.sh"
fi

SUITE_PASSED=0
SUITE_FAILED=0
SUITE_SKIPPED=0

# suite_tally - "P F S" for the TAP in file $1: passed, failed and skipped
# results (a SKIP directive makes an "ok" line a skip)
suite_tally()
{
	awk '
		/^not ok / { f++; next }
		/^ok / { if ($0 ~ /# SKIP/) s++; else p++ }
		END { print p + 0, f + 0, s + 0 }' "$1"
}

# suite_add_log - count the TAP in file $1 of a suite named $2 that exited
# with status $3; prints the suite's own tally line
suite_add_log()
{
	local log=$1 name=$2 rc=$3 p f s

	# shellcheck disable=SC2046
	set -- $(suite_tally "$log")
	p=$1 f=$2 s=$3
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 4 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name exited with status $rc"
		f=1
	fi
	echo "# ==== $name: $p passed, $f failed, $s skipped (status $rc)"
	SUITE_PASSED=$((SUITE_PASSED + p))
	SUITE_FAILED=$((SUITE_FAILED + f))
	SUITE_SKIPPED=$((SUITE_SKIPPED + s))
}

# suite_run - $1 a name, the rest the command; its TAP is passed through
# and counted
suite_run()
{
	local name=$1 log rc
	shift
	mkdir -p "$SUITE_OUT"
	log=$(mktemp "$SUITE_OUT/suite.XXXXXX")
	echo "# ==== $name: $*"
	{
		"$@" </dev/null 2>&1
		echo $? > "$log.rc"
	} | tee "$log"
	rc=$(cat "$log.rc")
	suite_add_log "$log" "$name" "$rc"
	rm -f "$log" "$log.rc"
}

# suite_count - one result of the driver's own: $1 0 (pass) or not, $2 what
suite_count()
{
	if [ "$1" = 0 ]; then
		echo "ok - $2"
		SUITE_PASSED=$((SUITE_PASSED + 1))
	else
		echo "not ok - $2"
		SUITE_FAILED=$((SUITE_FAILED + 1))
	fi
}

# suite_skip - a result of the driver's own that could not be had here:
# $1 what, the rest why
suite_skip()
{
	local what=$1
	shift
	echo "ok - $what # SKIP $*"
	SUITE_SKIPPED=$((SUITE_SKIPPED + 1))
}

# suite_total - the last line; the status is 1 when anything failed
suite_total()
{
	tap_total_line "$SUITE_PASSED" "$SUITE_FAILED" "$SUITE_SKIPPED"
	[ "$SUITE_FAILED" -eq 0 ]
}
