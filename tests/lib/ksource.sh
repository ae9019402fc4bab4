# SPDX-License-Identifier: GPL-2.0
#
# The parts of the kernel's source that vmlat's tests use, never copied
# into the tree: scripts/checkpatch.pl (with spelling.txt and
# const_structs.checkpatch) for tests/checkpatch.sh, and the kselftest
# framework (tools/testing/selftests: lib.mk, kselftest.h,
# kselftest_harness.h, run_kselftest.sh, kselftest/) for the guest
# suite's collection (tests/guest/Makefile). Debian ships them only in
# the linux-source tarball: ksource_dir unpacks them from the newest
# /usr/src/linux-source-*.tar.xz (installing linux-source when there is
# none) into a cache directory keyed by the tarball's name, size and
# time, and reuses them while the tarball is unchanged. Source it from
# bash after setting top to the checkout's top directory.

# ksource_tarball - the newest linux-source tarball, or nothing
ksource_tarball()
{
	ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1
}

# ksource_dir - print the unpacked tree's top directory (with scripts/
# and tools/testing/selftests/); 1 when there is no tarball
ksource_dir()
{
	local tarball key dir cache staging ksource_lock

	tarball=$(ksource_tarball)
	if [ -z "$tarball" ]; then
		"$top/tests/deps.sh" linux-source xz-utils perl >&2
		tarball=$(ksource_tarball)
	fi
	if [ -z "$tarball" ]; then
		echo "ksource: no /usr/src/linux-source-*.tar.xz (apt-get install linux-source)" >&2
		return 1
	fi
	cache=${VMLAT_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/vmlat}
	key=$(basename "$tarball" .tar.xz)-$(stat -c '%s-%Y' "$tarball")
	dir=$cache/ksource-$key
	mkdir -p "$cache"
	# one unpacker at a time: CI's lanes build guests side by side
	exec {ksource_lock}>>"$cache/.ksource.lock"
	flock "$ksource_lock"
	if [ ! -f "$dir/.complete" ]; then
		staging=$(mktemp -d "$cache/extract.XXXXXX")
		echo "# unpacking checkpatch.pl and kselftest from $tarball" >&2
		if ! tar -xJf "$tarball" -C "$staging" --strip-components=1 \
			--wildcards --exclude='*/kselftest_harness/*' \
			'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
			'*/scripts/const_structs.checkpatch' \
			'*/tools/testing/selftests/lib.mk' \
			'*/tools/testing/selftests/kselftest*' \
			'*/tools/testing/selftests/run_kselftest.sh' >&2; then
			rm -rf "$staging"
			exec {ksource_lock}>&-
			return 1
		fi
		touch "$staging/.complete"
		rm -rf "$dir"
		mv "$staging" "$dir"
	fi
	exec {ksource_lock}>&-
	echo "$dir"
}
