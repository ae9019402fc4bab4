#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Scan a guest's kernel console log for the reports that fail a run: BUG,
# WARNING, Oops, call traces, lockdep, RCU stalls, lockups, hung tasks,
# sanitizers, panics. Prints each offending line and exits 1 when there is
# any, 0 when the log is clean, 2 when the log cannot be read.
# Usage: scan-log.sh CONSOLE_LOG

set -eu

if [ $# -ne 1 ] || [ ! -r "$1" ]; then
	echo "usage: $0 CONSOLE_LOG (readable)" >&2
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
	'refcount_t:'
	'list_add corruption'
	'list_del corruption'
	'scheduling while atomic'
	'sleeping function called from invalid context'
)

regex=$(IFS='|'; echo "${patterns[*]}")
# serial logs carry \r and may carry NULs: strip both before matching
if tr -d '\r\000' < "$1" | grep -E -- "$regex"; then
	exit 1
fi
exit 0
