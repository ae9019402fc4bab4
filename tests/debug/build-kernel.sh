#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the debug guest kernel from Debian's own source (linux-source-6.12):
# x86_64_defconfig, then the kvm_guest fragment, then tests/debug/
# debug.config (what the guest suite needs, defconfig's big subsystems
# left out, the lock, atomic-sleep and object-lifetime checkers), then the
# variant's fragment: kasan.config (KASAN and kmemleak, the default, the
# one CI builds) or kcsan.config. The build is cached:
# VMLAT_DEBUG_KERNEL_DIR (default ~/.cache/vmlat/debug-kernel) holds the
# source tree (src/) and one build tree per variant (build-VARIANT/, a
# kernel build dir that vmlat's Makefile takes as KDIR, with bzImage); a
# second run with the same tarball and fragments only checks that it is
# there. Installs what the build needs. Prints the build's wall time.
# Usage: tests/debug/build-kernel.sh [--variant kasan|kcsan] [-j JOBS]
#        tests/debug/build-kernel.sh [--variant kasan|kcsan] --dir
#   --dir   print the variant's build directory, build nothing

set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cache=${VMLAT_DEBUG_KERNEL_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/vmlat/debug-kernel}
jobs=$(nproc)
variant=kasan
print_dir=0
while [ $# -gt 0 ]; do
	case $1 in
	--variant) variant=$2; shift 2 ;;
	-j) jobs=$2; shift 2 ;;
	--dir) print_dir=1; shift ;;
	*) sed -n 's/^# \{0,1\}//; /^Usage:/,/^$/p' "$0" >&2; exit 2 ;;
	esac
done
case $variant in
kasan|kcsan) ;;
*) echo "build-kernel.sh: --variant takes kasan or kcsan, not '$variant'" >&2; exit 2 ;;
esac
src=$cache/src
obj=$cache/build-$variant
if [ "$print_dir" = 1 ]; then
	echo "$obj"
	exit 0
fi

"$top/tests/deps.sh" linux-source-6.12 build-essential flex bison bc \
	libelf-dev libssl-dev xz-utils >&2
tarball=/usr/src/linux-source-6.12.tar.xz
if [ ! -f "$tarball" ]; then
	echo "build-kernel.sh: no $tarball after installing linux-source-6.12" >&2
	exit 1
fi

fragments=("$here/debug.config" "$here/$variant.config")
# the cache key: the tarball and the fragments
key=$( (stat -c '%s %Y' "$tarball"; cat "${fragments[@]}") | sha256sum | cut -c1-16)
if [ -f "$obj.done" ] && [ "$(cat "$obj.done")" = "$key" ] &&
   [ -f "$obj/arch/x86/boot/bzImage" ]; then
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
rm -rf "$obj" "$obj.done"
mkdir -p "$obj"
make -C "$src" O="$obj" -s x86_64_defconfig
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" \
	"$src/kernel/configs/kvm_guest.config" "${fragments[@]}" >/dev/null
make -C "$src" O="$obj" -s olddefconfig

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

make -C "$src" O="$obj" -s -j"$jobs" bzImage modules
echo "$key" > "$obj.done"
echo "debug kernel ($variant): $(cat "$obj/include/config/kernel.release") built in $(( $(date +%s) - start )) s with -j$jobs, in $obj" >&2
