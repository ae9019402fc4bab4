#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the debug guest kernel from the source of the newest Debian kernel
# (tests/lib/dkernel.sh's "newest" over trixie, trixie-backports and sid;
# its package linux-source-X.Y, the series X.Y read from the resolved ABI):
# x86_64_defconfig, then the kvm_guest fragment, then tests/debug/
# debug.config (what the guest suite needs, defconfig's big subsystems
# left out, the lock, atomic-sleep, object-lifetime and UBSAN checkers),
# then the variant's fragment: kasan.config (KASAN and kmemleak, the
# default, the one CI builds) or kcsan.config.
#
# The newest source needs its own suite's compiler and libc, which the
# host (Debian 12) must not get: the source is installed, and the kernel
# built, in dkernel.sh's chroot of that suite (dk_chroot), and so are
# modules for it (tests/guest/run.sh's kmake, with --chroot's answer).
# The cache is built for that: VMLAT_DEBUG_KERNEL_DIR (default
# ~/.cache/vmlat/debug-kernel) is, on the host, a symbolic link to the
# same path inside the chroot, so that one path names it on both sides.
# It holds the source tree (src/) and one build tree per variant
# (build-VARIANT/, a kernel build dir that vmlat's Makefile takes as
# KDIR, with bzImage); a second run with the same tarball and fragments
# only checks that it is there, and an interrupted build resumes. Prints
# the build's wall time.
# Usage: tests/debug/build-kernel.sh [--variant kasan|kcsan] [-j JOBS]
#        tests/debug/build-kernel.sh [--variant kasan|kcsan] --dir
#        tests/debug/build-kernel.sh --chroot
#        tests/debug/build-kernel.sh [--variant kasan|kcsan] --built
#   --dir     print the variant's build directory, build nothing
#   --built   true when a build of the variant is there, of whatever
#             source; build and resolve nothing (.ci/run plans with it)
#   --chroot  print the chroot that built the cached kernel (and builds
#             modules for it), build nothing

set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib/dkernel.sh"
cache=${VMLAT_DEBUG_KERNEL_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/vmlat/debug-kernel}
case $cache in
/*) ;;
*) cache=$PWD/$cache ;;
esac
cache=${cache%/}
jobs=$(nproc)
variant=kasan
print=""
while [ $# -gt 0 ]; do
	case $1 in
	--variant) variant=$2; shift 2 ;;
	-j) jobs=$2; shift 2 ;;
	--dir) print=dir; shift ;;
	--chroot) print=chroot; shift ;;
	--built) print=built; shift ;;
	*) sed -n 's/^# \{0,1\}//; /^Usage:/,/^$/p' "$0" >&2; exit 2 ;;
	esac
done
case $variant in
kasan|kcsan) ;;
*) echo "build-kernel.sh: --variant takes kasan or kcsan, not '$variant'" >&2; exit 2 ;;
esac
src=$cache/src
obj=$cache/build-$variant
case $print in
dir)
	echo "$obj"
	exit 0 ;;
chroot)
	# the link's target is the cache's path inside the chroot
	target=$(readlink "$cache" 2>/dev/null) || target=""
	if [ -z "$target" ] || [ "${target%"$cache"}" = "$target" ]; then
		echo "build-kernel.sh: no debug kernel built in a chroot at $cache" >&2
		exit 1
	fi
	echo "${target%"$cache"}"
	exit 0 ;;
built)
	[ -f "$obj.done" ] && [ -f "$obj/arch/x86/boot/bzImage" ]
	exit ;;
esac

# cached - true when the variant's tree was built from the tarball and
# fragments of key $1
cached()
{
	[ -f "$obj.done" ] && [ "$(cat "$obj.done")" = "$1" ] &&
		[ -f "$obj/arch/x86/boot/bzImage" ]
}

fragments=("$here/debug.config" "$here/$variant.config")
if ! r=$(dk_resolve newest); then
	# offline: a cached build still serves, whatever the newest is now
	if [ -f "$obj.done" ] && [ -f "$obj/arch/x86/boot/bzImage" ]; then
		echo "build-kernel.sh: cannot resolve the newest Debian kernel; using the cached $obj ($(cat "$obj/include/config/kernel.release"))" >&2
		exit 0
	fi
	echo "build-kernel.sh: cannot resolve the newest Debian kernel, and nothing is cached" >&2
	exit 1
fi
suite=${r% *}
abi=${r#* }
# "7.3.4+deb13-amd64": the upstream version 7.3.4, the series 7.3
upstream=$(echo "$abi" | sed -n 's/^\([0-9]\+\.[0-9]\+\(\.[0-9]\+\)\?\).*/\1/p')
series=$(echo "$upstream" | cut -d. -f1-2)
if [ -z "$series" ]; then
	echo "build-kernel.sh: no kernel version in the ABI '$abi'" >&2
	exit 1
fi
chroot=$(dk_chroot "$(dk_base "$suite")") || exit 1
pkg=linux-source-$series
tarball=$chroot/usr/src/$pkg.tar.xz
# openssl: certs/ makes the module signing key with it
deps=("$pkg" build-essential flex bison bc libelf-dev libssl-dev openssl
	xz-utils cpio kmod)
# install (or upgrade) in the chroot only what is missing or older than
# the resolved kernel: apt is a network round trip (the '${...}' are
# dpkg-query's format)
# shellcheck disable=SC2016
have=$(dk_run_in "$chroot" /tmp dpkg-query -W -f '${Status} ${Version}\n' \
	"${deps[@]}" 2>/dev/null | grep -c '^install ok installed') || true
# shellcheck disable=SC2016
src_ver=$(dk_run_in "$chroot" /tmp dpkg-query -W -f '${Version}' "$pkg" 2>/dev/null) || src_ver=""
if [ "$have" != "${#deps[@]}" ] || [ ! -f "$tarball" ] ||
   [ "${src_ver%%-*}" != "$upstream" ]; then
	echo "build-kernel.sh: installing $pkg ($upstream, $suite) and the build tools in $chroot" >&2
	dk_chroot_apt "$chroot" install "${deps[@]}" || exit 1
	# the version the cache key names is the one installed now (on a
	# fresh machine there was none: a key without it made the next run
	# build the whole kernel again)
	# shellcheck disable=SC2016
	src_ver=$(dk_run_in "$chroot" /tmp dpkg-query -W -f '${Version}' "$pkg" 2>/dev/null) || src_ver=""
fi
if [ ! -f "$tarball" ]; then
	echo "build-kernel.sh: no $tarball after installing $pkg" >&2
	exit 1
fi

# the cache lives inside the chroot, at its own path there; here it is a
# link to that (a cache of the old layout, a directory, is replaced)
if [ "$(readlink "$cache" 2>/dev/null)" != "$chroot$cache" ]; then
	if [ -L "$cache" ]; then
		rm -f "$cache"
	elif [ -d "$cache" ]; then
		echo "build-kernel.sh: replacing $cache (a tree built on the host) by a link into $chroot" >&2
		rm -rf "$cache"/src "$cache"/src.done "$cache"/build-kasan* "$cache"/build-kcsan*
		rmdir "$cache" || {
			echo "build-kernel.sh: $cache holds files of its own; empty it or set VMLAT_DEBUG_KERNEL_DIR" >&2
			exit 1
		}
	fi
	mkdir -p "$chroot$cache" "$(dirname "$cache")"
	ln -s "$chroot$cache" "$cache"
fi

# kbuild - run make in the chroot, the cache visible at its own path
kbuild()
{
	dk_run_in "$chroot" "$cache" make "$@"
}

# the cache key: the tarball and the fragments
key=$( (echo "$pkg $src_ver"; stat -c '%s %Y' "$tarball"; cat "${fragments[@]}") |
	sha256sum | cut -c1-16)
if cached "$key"; then
	echo "debug kernel ($variant): cached in $obj ($(cat "$obj/include/config/kernel.release"))" >&2
	exit 0
fi
start=$(date +%s)
# the source tree is shared by the variants; it is only read (O= builds)
src_key=$(stat -c '%s %Y' "$tarball" | sha256sum | cut -c1-16)
if [ ! -f "$src.done" ] || [ "$(cat "$src.done")" != "$src_key" ]; then
	rm -rf "$src" "$src.done"
	mkdir -p "$src"
	tar -C "$src" --strip-components=1 -xf "$tarball"
	echo "$src_key" > "$src.done"
fi
rm -f "$obj.done"
if [ -f "$obj.building" ] && [ "$(cat "$obj.building")" = "$key" ] &&
   [ -f "$obj/.config" ]; then
	# an interrupted build of the same key: make goes on where it stopped
	echo "debug kernel ($variant): resuming the build in $obj" >&2
else
	rm -rf "$obj" "$obj.building"
	mkdir -p "$obj"
	kbuild -C "$src" O="$obj" -s x86_64_defconfig
	# the fragments merge in the chroot, which sees only the cache
	mkdir -p "$obj/vmlat-fragments"
	cp "${fragments[@]}" "$obj/vmlat-fragments/"
	dk_run_in "$chroot" "$cache" "$src/scripts/kconfig/merge_config.sh" -m \
		-O "$obj" "$obj/.config" "$src/kernel/configs/kvm_guest.config" \
		"$obj/vmlat-fragments/debug.config" \
		"$obj/vmlat-fragments/$variant.config" >/dev/null
	kbuild -C "$src" O="$obj" -s olddefconfig
	echo "$key" > "$obj.building"
fi

# every option the fragments set must have survived olddefconfig (a
# dependency it lacks would silently drop it), every one they unset must
# be off (something may select it)
missing=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=*)
		if ! grep -qx "$line" "$obj/.config"; then
			echo "build-kernel.sh: $line did not survive olddefconfig" >&2
			missing=1
		fi ;;
	"# CONFIG_"*" is not set")
		opt=${line#"# "}
		opt=${opt%" is not set"}
		if grep -q "^$opt=" "$obj/.config"; then
			echo "build-kernel.sh: $opt is still on after olddefconfig (something selects it)" >&2
			missing=1
		fi ;;
	esac
done < <(cat "${fragments[@]}")
[ $missing = 0 ] || exit 1

kbuild -C "$src" O="$obj" -s -j"$jobs" bzImage modules
mv "$obj.building" "$obj.done"
echo "debug kernel ($variant): $(cat "$obj/include/config/kernel.release") from $pkg $src_ver ($suite) built in $(( $(date +%s) - start )) s with -j$jobs in $chroot, in $obj" >&2
