# SPDX-License-Identifier: GPL-2.0
#
# Host-side helpers of the harnesses that boot a Debian kernel with vmlat
# (tests/guest/run.sh, tests/kvm/run.sh): which kernel a spec names, a
# private copy of the tree to build in, the static reader, whether a
# binary is static.
# Source it from bash after setting top to the checkout's top directory.

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

# is_static - true when the ELF binary $1 has no program interpreter
is_static()
{
	! readelf -l "$1" 2>/dev/null | grep -q 'program interpreter'
}
