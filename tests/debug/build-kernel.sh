#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the debug guest kernel of issue 12 from Debian's own source
# (linux-source-6.12): x86_64_defconfig plus the kvm_guest fragment plus
# tests/debug/debug.config (what the guest suite needs, and the lock,
# atomic-sleep, object-lifetime, KASAN and kmemleak checkers). The build
# is cached: VMLAT_DEBUG_KERNEL_DIR (default ~/.cache/vmlat/debug-kernel)
# holds the source tree, the build tree (a kernel build dir that vmlat's
# Makefile takes as KDIR) and bzImage; a second run with the same tarball
# and fragment only checks that it is there. Prints the build's wall time.
# Usage: tests/debug/build-kernel.sh [-j JOBS]   (default: all CPUs)

set -eu

here=$(cd "$(dirname "$0")" && pwd)
cache=${VMLAT_DEBUG_KERNEL_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/vmlat/debug-kernel}
jobs=$(nproc)
[ "${1:-}" = -j ] && jobs=$2

tarball=$(ls /usr/src/linux-source-6.12.tar.xz 2>/dev/null || true)
if [ -z "$tarball" ]; then
	echo "build-kernel.sh: needs Debian's kernel source: apt-get install linux-source-6.12" >&2
	exit 1
fi
for tool in make gcc flex bison bc; do
	command -v $tool >/dev/null || {
		echo "build-kernel.sh: needs $tool: apt-get install build-essential flex bison bc libelf-dev libssl-dev" >&2
		exit 1
	}
done

# the cache key: the tarball and the fragment
key=$( (stat -c '%s %Y' "$tarball"; cat "$here/debug.config") | sha256sum | cut -c1-16)
src=$cache/src
obj=$cache/build
mkdir -p "$cache"
if [ -f "$cache/done" ] && [ "$(cat "$cache/done")" = "$key" ] &&
   [ -f "$obj/arch/x86/boot/bzImage" ]; then
	echo "debug kernel: cached in $obj ($(cat "$obj/include/config/kernel.release"))"
	exit 0
fi
rm -rf "$src" "$obj" "$cache/done"
mkdir -p "$src" "$obj"
start=$(date +%s)
tar -C "$src" --strip-components=1 -xf "$tarball"
make -C "$src" O="$obj" -s x86_64_defconfig
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" \
	"$src/kernel/configs/kvm_guest.config" "$here/debug.config" >/dev/null
make -C "$src" O="$obj" -s olddefconfig

# every option of the fragment must have survived olddefconfig: a
# dependency it lacks would silently drop it
missing=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=*)
		if ! grep -qx "$line" "$obj/.config"; then
			echo "build-kernel.sh: $line did not survive olddefconfig" >&2
			missing=1
		fi ;;
	esac
done < "$here/debug.config"
[ $missing = 0 ] || exit 1

make -C "$src" O="$obj" -s -j"$jobs" bzImage modules
echo "$key" > "$cache/done"
echo "debug kernel: $(cat "$obj/include/config/kernel.release") built in $(( $(date +%s) - start )) s with -j$jobs, in $obj"
