#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the kernel's checkpatch.pl --no-tree -f over module/*.[ch],
# userspace/*.[ch] and bench/nullprobe/*.[ch], one TAP line per file
# (tests/lib/tap.sh), then "N passed, N failed".
# checkpatch.pl ships only in Debian's linux-source tarball: this script
# extracts scripts/checkpatch.pl, spelling.txt and const_structs.checkpatch
# from the newest /usr/src/linux-source-*.tar.xz into a cache directory
# (never into the tree) and reuses them while the tarball is unchanged.
# Usage: tests/checkpatch.sh [file ...]

set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
. "$here/lib/tap.sh"
cache_root=${VMLAT_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/vmlat}

newest_tarball()
{
	ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1
}

tarball=$(newest_tarball)
if [ -z "$tarball" ]; then
	"$here/deps.sh" linux-source xz-utils perl
	tarball=$(newest_tarball)
fi
if [ -z "$tarball" ]; then
	tap_fail "find /usr/src/linux-source-*.tar.xz (install linux-source)"
	tap_finish --total
fi

# the cache is keyed by the tarball's name, size and time
key=$(basename "$tarball" .tar.xz)-$(stat -c '%s-%Y' "$tarball")
tools=$cache_root/checkpatch-$key
if [ ! -f "$tools/checkpatch.pl" ]; then
	mkdir -p "$cache_root"
	staging=$(mktemp -d "$cache_root/extract.XXXXXX")
	echo "# extracting checkpatch.pl from $tarball" >&2
	tar -xJf "$tarball" -C "$staging" --wildcards --strip-components=2 \
		'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch'
	rm -rf "$tools"
	mv "$staging" "$tools"
fi

if [ $# -gt 0 ]; then
	files=("$@")
else
	mapfile -t files < <(
		cd "$top" && {
			if git rev-parse --git-dir >/dev/null 2>&1; then
				git ls-files -co --exclude-standard -- \
					'module/*.[ch]' 'userspace/*.[ch]' 'bench/nullprobe/*.[ch]' \
					'tests/debug/provoke/*.[ch]'
			else
				ls module/*.[ch] userspace/*.[ch] bench/nullprobe/*.[ch] \
					tests/debug/provoke/*.[ch] 2>/dev/null
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
