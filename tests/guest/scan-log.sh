#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Scan a guest's kernel console log for the reports that fail a run: BUG,
# WARNING, Oops, call traces, lockdep, RCU stalls, lockups, hung tasks,
# sanitizers (KASAN, KCSAN, UBSAN), debug-objects and kmemleak reports,
# panics. kmemleak reports only when asked: the guest's init scans after
# each test and copies each leak to the log as "kmemleak: unreferenced
# object ..." (tests/guest/init); what the kernel leaked at boot, before
# any test, is listed there in other words and passes. Prints each offending line and exits 1 when there is any, 0 when
# the log is clean, 2 when the log cannot be read.
#
# --kcsan: a KCSAN report (from its "BUG: KCSAN:" line to the rule that
# closes it) fails the run only when one of its frames is vmlat's; the
# others are data races in the core kernel, which a KCSAN kernel reports
# on its own: they are listed on stderr, prefixed "kcsan, no vmlat frame:".
# Usage: scan-log.sh [--kcsan] CONSOLE_LOG

set -eu

kcsan=0
if [ "${1:-}" = --kcsan ]; then
	kcsan=1
	shift
fi
if [ $# -ne 1 ] || [ ! -r "$1" ]; then
	echo "usage: $0 [--kcsan] CONSOLE_LOG (readable)" >&2
	exit 2
fi

# One alternative per kind of report; messages as the kernel prints them.
patterns=(
	'BUG:'
	'WARNING:'
	'Oops'
	'Call Trace'
	'Kernel panic'
	'kernel BUG at'
	'general protection fault'
	'Unable to handle kernel'
	'possible circular locking dependency'
	'inconsistent lock state'
	'possible recursive locking'
	'possible irq lock inversion'
	'lock held when returning to user space'
	'suspicious RCU usage'
	'DEBUG_LOCKS_WARN_ON'
	'turning off the locking correctness validator'
	'rcu_sched self-detected stall'
	'rcu_preempt self-detected stall'
	'self-detected stall on CPU'
	'detected stalls on CPUs/tasks'
	'rcu: INFO:'
	'soft lockup'
	'hard LOCKUP'
	'blocked for more than [0-9]+ seconds'
	'UBSAN:'
	'KASAN:'
	'KCSAN:'
	'ODEBUG:'
	'kmemleak: unreferenced object 0x'
	'refcount_t:'
	'list_add corruption'
	'list_del corruption'
	'scheduling while atomic'
	'sleeping function called from invalid context'
)

regex=$(IFS='|'; echo "${patterns[*]}")
# serial logs carry \r and may carry NULs: strip both before matching
tr -d '\r\000' < "$1" | awk -v re="$regex" -v kcsan="$kcsan" '
	function flush() {
		if (block == "")
			return
		# a frame of a vmlat module: "vmlat_timer_fn+0x3/0x40 [vmlat]";
		# not the "Comm: vmlat" of the reader that ran into a race
		if (block ~ /vmlat[A-Za-z0-9_]*\+0x|\[vmlat[a-z_]*\]/)
			{ print head; bad = 1 }
		else
			print "kcsan, no vmlat frame: " head > "/dev/stderr"
		block = head = ""
	}
	kcsan && /BUG: KCSAN:/ { flush(); head = $0; block = $0; next }
	kcsan && head != "" {
		if ($0 ~ /====================/)
			flush()
		else
			block = block "\n" $0
		next
	}
	$0 ~ re { print; bad = 1 }
	END { flush(); exit bad ? 1 : 0 }
' || rc=$?
# awk itself failing (status 2 and up) is not a clean log
[ "${rc:-0}" -le 1 ] || echo "scan-log.sh: awk failed (status $rc) on $1" >&2
exit "${rc:-0}"
