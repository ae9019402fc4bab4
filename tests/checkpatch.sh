#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the kernel's checkpatch.pl --no-tree -f over abi/*.[ch], module/*.[ch],
# userspace/*.[ch], bench/nullprobe/, tests/debug/provoke/ and
# tests/kvm/hostspin/ (their *.[ch]), one TAP line per file
# (tests/lib/tap.sh), then "N passed, N failed".
# checkpatch.pl ships only in Debian's linux-source tarball: this script
# takes scripts/checkpatch.pl, spelling.txt and const_structs.checkpatch
# from the newest /usr/src/linux-source-*.tar.xz, unpacked into a cache
# directory (never into the tree) by tests/lib/ksource.sh.
# Usage: tests/checkpatch.sh [file ...]

set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
. "$here/lib/tap.sh"
. "$here/lib/ksource.sh"

if ! ksrc=$(ksource_dir); then
	tap_fail "unpack checkpatch.pl from /usr/src/linux-source-*.tar.xz (install linux-source)"
	tap_finish --total
fi
tools=$ksrc/scripts
tarball=$(ksource_tarball)

if [ $# -gt 0 ]; then
	files=("$@")
else
	mapfile -t files < <(
		cd "$top" && {
			if git rev-parse --git-dir >/dev/null 2>&1; then
				git ls-files -co --exclude-standard -- \
					'abi/*.[ch]' 'module/*.[ch]' 'userspace/*.[ch]' 'bench/nullprobe/*.[ch]' \
					'tests/debug/provoke/*.[ch]' 'tests/kvm/hostspin/*.[ch]'
			else
				ls abi/*.[ch] module/*.[ch] userspace/*.[ch] bench/nullprobe/*.[ch] \
					tests/debug/provoke/*.[ch] tests/kvm/hostspin/*.[ch] 2>/dev/null
			fi
		} | grep -v -E '\.mod\.c$' | sort -u)
fi

tap_header "checkpatch.pl from $(basename "$tarball")"
for f in "${files[@]}"; do
	[ -f "$top/$f" ] || [ -f "$f" ] || continue
	path=$f
	[ -f "$top/$f" ] && path=$top/$f
	if out=$(cd "$top" && perl "$tools/checkpatch.pl" --no-tree -f --show-types \
		--no-summary "$path" 2>&1); then
		tap_pass "checkpatch $f"
	else
		tap_fail "checkpatch $f"
		tap_diag "$out"
	fi
done
tap_finish --total
