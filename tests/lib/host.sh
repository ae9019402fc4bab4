# SPDX-License-Identifier: GPL-2.0
#
# Host-side helpers of the harnesses that boot a Debian kernel with vmlat
# (tests/guest/run.sh, tests/kvm/run.sh): which kernel a spec names and
# how modules are built for it, a private copy of the tree to build in,
# the static reader, whether a binary is static. The guests themselves
# are booted by tests/lib/qemu.sh.
# Source it from bash after setting top to the checkout's top directory,
# with tests/lib/dkernel.sh and tests/lib/qemu.sh (qemu_arch called).

# resolve_kernel - print the ABI name (e.g. 6.1.0-57-amd64) for kernel spec
# $1: auto (what linux-image-amd64 depends on), a metapackage, 6.12 or
# 6.12-FLAVOUR (linux-image-$1-amd64), or an ABI, printed as it is. Installs
# the metapackage; 1 when that fails.
resolve_kernel()
{
	local want=$1 meta

	case $want in
	auto) meta=linux-image-amd64 ;;
	linux-image-*) meta=$want ;;
	[0-9].[0-9]|[0-9].[0-9][0-9]|[0-9].[0-9]-*|[0-9].[0-9][0-9]-*)
		meta=linux-image-$want-amd64 ;;
	*) echo "$want"; return ;;
	esac
	"$top/tests/deps.sh" "$meta" || return 1
	# the installed metapackage names the ABI it pulls in
	dpkg-query -W -f='${Depends}' "$meta" |
		grep -o 'linux-image-[0-9][^ ,]*' | head -n 1 | sed 's/^linux-image-//'
}

# boot_kernel - resolve kernel spec $1 for a boot, or 1 with a message:
#   debug, debug-kcsan  the self-built debug kernel (tests/debug/), built
#                       now when it is not cached
#   newest[-FLAVOUR], trixie[-...], trixie-backports[-...], sid[-...]
#                       a kernel of another suite (tests/lib/dkernel.sh):
#                       never installed here, its modules built in a
#                       chroot of its suite
#   anything else       a Debian 12 kernel for resolve_kernel, installed
# Sets BK_VER (the release), BK_IMAGE (the boot image), BK_KDIR (the tree
# modules build against), BK_CHROOT (where they build; empty: here),
# BK_ARGS (kernel arguments the kernel needs) and BK_SCAN (scan-log.sh's
# flags for its console).
boot_kernel()
{
	local spec=$1 variant

	BK_CHROOT="" BK_ARGS="" BK_SCAN=""
	case $spec in
	debug|debug-kcsan)
		variant=kasan
		# no5lvl: 6.12's KASAN takes its bounds from the LA57 CPU
		# feature, which identify_cpu() clears for a moment at boot;
		# an interrupt then (more likely on a loaded host) reports a
		# false "wild-memory-access" (docs/evidence/debug.md).
		# kasan_multi_shot: a first report must not hide the next.
		BK_ARGS="no5lvl kasan_multi_shot"
		if [ "$spec" = debug-kcsan ]; then
			variant=kcsan
			# core-kernel races report on their own: only vmlat's fail
			BK_SCAN=--kcsan
		fi
		if ! "$top/tests/debug/build-kernel.sh" --variant "$variant" >&2; then
			echo "boot_kernel: the debug kernel ($variant) did not build" >&2
			return 1
		fi
		BK_KDIR=$("$top/tests/debug/build-kernel.sh" --variant "$variant" --dir)
		BK_VER=$(cat "$BK_KDIR/include/config/kernel.release")
		BK_IMAGE=$BK_KDIR/$QEMU_IMAGE
		# built from the newest Debian source in its suite's chroot,
		# where the build tree has the same path
		BK_CHROOT=$("$top/tests/debug/build-kernel.sh" --chroot) || return 1
		;;
	*)
		if dk_is_spec "$spec"; then
			if ! dk_fetch "$spec"; then
				echo "boot_kernel: cannot fetch kernel '$spec'" >&2
				return 1
			fi
			BK_VER=$DK_ABI BK_IMAGE=$DK_VMLINUZ BK_KDIR=$DK_KDIR
			BK_CHROOT=$DK_CHROOT
			return 0
		fi
		BK_VER=$(resolve_kernel "$spec") || BK_VER=""
		if [ -z "$BK_VER" ] ||
			! "$top/tests/deps.sh" "linux-image-$BK_VER" "linux-headers-$BK_VER"; then
			echo "boot_kernel: cannot resolve kernel '$spec'" >&2
			return 1
		fi
		BK_IMAGE=/boot/vmlinuz-$BK_VER
		BK_KDIR=/usr/src/linux-headers-$BK_VER
		;;
	esac
}

# kernel_make - $1 a directory, then make's arguments: make -C DIR against
# the kernel of the last boot_kernel, in its chroot when it has one (DIR
# mounted at the same path)
kernel_make()
{
	local dir=$1

	shift
	if [ -n "$BK_CHROOT" ]; then
		dk_run_in "$BK_CHROOT" "$dir" make -C "$dir" "$@"
	else
		make -C "$dir" "$@"
	fi
}

# copy_tree - the source tree minus build outputs into $1, so builds for
# several kernels (and the test variant) never share objects
copy_tree()
{
	local dst=$1
	local excludes=(--exclude='*.o' --exclude='*.ko' --exclude='*.mod'
		--exclude='*.mod.c' --exclude='.*.cmd' --exclude=modules.order
		--exclude=Module.symvers --exclude='*.a' --exclude=out
		--exclude=.git)

	mkdir -p "$dst"
	if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
		(cd "$top" && git ls-files -z -co --exclude-standard) |
			tar -C "$top" --null -T - --ignore-failed-read \
				"${excludes[@]}" -cf - 2>/dev/null |
			tar -C "$dst" -xf -
	else
		tar -C "$top" "${excludes[@]}" -cf - . | tar -C "$dst" -xf -
	fi
}

# build_static_reader - the reader, userspace/vmlat, built the one way it
# is built (userspace/Makefile), statically for a guest, in the tree copy
# $1 (copy_tree); the build's output in the file $2. 1 when it did not
# build or is not static.
build_static_reader()
{
	make -C "$1/userspace" LDFLAGS=-static >"$2" 2>&1 </dev/null &&
		[ -x "$1/userspace/vmlat" ] && is_static "$1/userspace/vmlat"
}

# static_busybox - print the host's busybox, the one every guest's root
# is made of (tests/lib/qemu.sh's qemu_root); 1, with the fix, when it is
# not the static build
static_busybox()
{
	local bb

	bb=$(command -v busybox || echo /bin/busybox)
	if ! is_static "$bb"; then
		echo "$bb is not static; install busybox-static" >&2
		return 1
	fi
	echo "$bb"
}

# is_static - true when the ELF binary $1 has no program interpreter
is_static()
{
	! readelf -l "$1" 2>/dev/null | grep -q 'program interpreter'
}
