# SPDX-License-Identifier: GPL-2.0
#
# TAP output helpers for vmlat's shell tests, host and guest alike. Plain
# POSIX sh: it runs under bash on the host and busybox ash in the guest.
# A test file sources this, calls tap_* once per check and ends with
# tap_finish, which prints the plan and exits 0 (all passed), 1 (something
# failed) or 4 (everything skipped: the kselftest convention for "not
# available here").

TAP_COUNT=0
TAP_FAILED=0
TAP_SKIPPED=0

# tap_header - start the stream; $1 is an optional description of the file
tap_header()
{
	echo "TAP version 13"
	if [ $# -gt 0 ]; then
		echo "# $*"
	fi
}

# tap_diag - a comment line per line of the arguments, never parsed as a result
tap_diag()
{
	printf '%s\n' "$*" | sed 's/^/# /'
}

tap_pass()
{
	TAP_COUNT=$((TAP_COUNT + 1))
	echo "ok $TAP_COUNT - $*"
}

tap_fail()
{
	TAP_COUNT=$((TAP_COUNT + 1))
	TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok $TAP_COUNT - $*"
}

# tap_skip - $1 what was not tested, the rest why
tap_skip()
{
	TAP_COUNT=$((TAP_COUNT + 1))
	TAP_SKIPPED=$((TAP_SKIPPED + 1))
	_tap_what=$1
	shift
	echo "ok $TAP_COUNT - $_tap_what # SKIP $*"
}

# tap_result - pass when $1 is 0 (an exit status), fail otherwise
tap_result()
{
	_tap_rc=$1
	shift
	if [ "$_tap_rc" -eq 0 ]; then
		tap_pass "$@"
	else
		tap_fail "$@"
	fi
}

# tap_run - $1 is the description, the rest a command that must succeed
tap_run()
{
	_tap_what=$1
	shift
	if "$@"; then
		tap_pass "$_tap_what"
	else
		tap_fail "$_tap_what"
	fi
}

# tap_is - compare two strings: $1 got, $2 wanted, $3 description
tap_is()
{
	if [ "$1" = "$2" ]; then
		tap_pass "$3"
	else
		tap_fail "$3"
		tap_diag "got '$1', wanted '$2'"
	fi
}

# tap_skip_all - nothing in this file can run here; exits 4
tap_skip_all()
{
	echo "1..0 # SKIP $*"
	exit 4
}

# tap_bail - stop the file: what follows cannot run meaningfully
tap_bail()
{
	TAP_COUNT=$((TAP_COUNT + 1))
	echo "not ok $TAP_COUNT - $*"
	echo "Bail out! $*"
	echo "1..$TAP_COUNT"
	exit 1
}

# tap_total_line - the last line of every vmlat test driver: $1 passed,
# $2 failed, $3 skipped, as "N passed, N failed[, N skipped]" (the
# skipped part only when there are any)
tap_total_line()
{
	if [ "${3:-0}" -gt 0 ]; then
		echo "$1 passed, $2 failed, $3 skipped"
	else
		echo "$1 passed, $2 failed"
	fi
}

# tap_finish - print the plan and exit with the kselftest status; with
# --total the plan is followed by tap_total_line's count (for a file run
# on its own, as a driver's last line)
tap_finish()
{
	echo "1..$TAP_COUNT"
	if [ "${1:-}" = --total ]; then
		tap_total_line $((TAP_COUNT - TAP_FAILED - TAP_SKIPPED)) \
			"$TAP_FAILED" "$TAP_SKIPPED"
	fi
	if [ "$TAP_FAILED" -gt 0 ]; then
		exit 1
	fi
	if [ "$TAP_COUNT" -gt 0 ] && [ "$TAP_SKIPPED" -eq "$TAP_COUNT" ]; then
		exit 4
	fi
	exit 0
}
