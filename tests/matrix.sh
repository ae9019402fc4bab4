#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check-matrix`: the kernel matrix of issue 6. For Debian's default
# kernel (linux-image-amd64, 6.1) and the newest 6.12 amd64, cloud-amd64 and
# rt-amd64 flavours, each resolved through its metapackage at run time
# (never a pinned ABI), it installs the image and headers when missing,
# runs `dkms add .` once from a plain checkout into a scratch DKMS tree
# (as tests/packaging/run.sh does: --dkmstree/--sourcetree/--installtree,
# the system's DKMS state is never touched), then `dkms build` and
# `dkms install` against that kernel's headers, and boots the kernel once
# with the DKMS-built vmlat.ko for the whole guest suite
# (tests/guest/run.sh --module); the harness builds the VMLAT_TEST variant
# itself, so the simulator tests run in the same boot. Prints TAP
# (the DKMS steps and each guest's report, counted by the drivers' one
# counter, tests/lib/suite.sh) and ends with exactly one line
# "N passed, N failed[, N skipped]"; exits 1 when anything failed.
#
# Needs root and apt-get (dkms, kernel packages), works with CI=true and no
# stdin. Guest logs: $VMLAT_MATRIX_OUT (default tests/guest/out/matrix)/NAME.
# VMLAT_MATRIX_TESTS="00-boot.sh 91-hardirq.sh" runs only those guest tests
# (for working on the matrix itself; CI runs them all).
# Usage: tests/matrix.sh [auto|6.12|6.12-cloud|6.12-rt ...]

set -u
export LC_ALL=C DEBIAN_FRONTEND=noninteractive

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
out=${VMLAT_MATRIX_OUT:-$here/guest/out/matrix}
kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(auto 6.12 6.12-cloud 6.12-rt)

T=$(mktemp -d /tmp/vmlat-matrix.XXXXXX)
chmod 0755 "$T"
# the one counter of the test drivers
SUITE_OUT=$T
. "$here/lib/suite.sh"
ok() { suite_count 0 "$*"; }
notok() { suite_count 1 "$*"; }
MOK_BEFORE=0
[ -e /var/lib/dkms/mok.key ] && MOK_BEFORE=1
cleanup()
{
	# a DKMS signing key that did not exist before was made by this run
	if [ "$MOK_BEFORE" = 0 ] && [ -z "$(dkms status 2>/dev/null)" ]; then
		rm -f /var/lib/dkms/mok.key /var/lib/dkms/mok.pub
	fi
	rm -rf "$T"
}
trap cleanup EXIT

# step DESC CMD...: one TAP line; the command's last lines as diagnostics
# when it fails
step()
{
	local desc=$1
	shift
	if "$@" </dev/null >"$T/step.log" 2>&1; then
		ok "$desc"
		return 0
	fi
	notok "$desc"
	tail -n 20 "$T/step.log" | sed 's/^/# /'
	return 1
}

# metapackages - "IMAGE HEADERS" metapackage names for a kernel spec
metapackages()
{
	case $1 in
	auto) echo "linux-image-amd64 linux-headers-amd64" ;;
	6.12) echo "linux-image-6.12-amd64 linux-headers-6.12-amd64" ;;
	6.12-*) echo "linux-image-$1-amd64 linux-headers-$1-amd64" ;;
	*) return 1 ;;
	esac
}

# known_to_apt - apt has a candidate for every package named (refreshing
# the lists once when it does not)
apt_updated=0
known_to_apt()
{
	local p
	for p in "$@"; do
		if ! apt-cache show "$p" >/dev/null 2>&1; then
			if [ "$apt_updated" = 0 ]; then
				apt-get update -q </dev/null >&2 && apt_updated=1
				known_to_apt "$@"
				return
			fi
			echo "apt knows no package $p" >&2
			return 1
		fi
	done
}

# abi_of - the ABI a kernel metapackage depends on (installed or candidate)
abi_of()
{
	local deps
	deps=$(dpkg-query -W -f='${Depends}' "$1" 2>/dev/null)
	[ -n "$deps" ] || deps=$(apt-cache show --no-all-versions "$1" 2>/dev/null | sed -n 's/^Depends: //p')
	echo "$deps" | tr ',' '\n' | sed -n 's/^ *linux-\(image\|headers\)-\([0-9][^ ]*\).*/\2/p' | head -n 1
}

start=$(date +%s)
echo "TAP version 13"
echo "# vmlat kernel matrix: ${kernels[*]}"

if step "dkms and the guest harness's tools are installed" "$top/tests/deps.sh" dkms \
	qemu-system-x86 busybox-static cpio make gcc libc6-dev xz-utils; then
	:
fi

V=$(sed -n 's/^#define VMLAT_VERSION "\([^"]*\)".*$/\1/p' "$top/module/vmlat_version.h")
[ -n "$V" ] || notok "no VMLAT_VERSION in module/vmlat_version.h"

# a plain checkout: the files git knows, no build outputs
CO=$T/checkout
mkdir -p "$CO"
export_tree()
{
	if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
		(cd "$top" && git ls-files -z --cached --others --exclude-standard |
			tar --null --ignore-failed-read -cf - -T -) | tar -xf - -C "$CO"
	else
		(cd "$top" && tar --exclude=./build --exclude=./.git --exclude='*.o' \
			--exclude='*.ko' --exclude=out -cf - .) | tar -xf - -C "$CO"
	fi
}
S=$T/dkms
DK=(--dkmstree "$S/var" --sourcetree "$S/src" --installtree "$S/lib")
mkdir -p "$S/var" "$S/src" "$S/lib"
have_src=0
step "a plain checkout of the tree" export_tree &&
	step "dkms add . (vmlat $V, scratch DKMS tree $S)" \
		bash -c 'cd "$1" && shift && dkms add . "$@"' _ "$CO" "${DK[@]}" &&
	have_src=1

for k in "${kernels[@]}"; do
	echo "# ==== kernel $k"
	kstart=$(date +%s)
	if ! metas=$(metapackages "$k"); then
		notok "kernel $k: not one of auto, 6.12, 6.12-FLAVOUR"
		continue
	fi
	# shellcheck disable=SC2086
	set -- $metas
	image=$1 headers=$2
	step "kernel $k: apt knows $image and $headers" known_to_apt "$image" "$headers" || continue
	step "kernel $k: $image and $headers installed" "$top/tests/deps.sh" "$image" "$headers" || continue
	kver=$(abi_of "$headers")
	kimg=$(abi_of "$image")
	if [ -z "$kver" ] || [ "$kver" != "$kimg" ]; then
		notok "kernel $k: $headers ('$kver') and $image ('$kimg') name the same ABI"
		continue
	fi
	echo "# kernel $k resolves to $kver"
	step "kernel $k: linux-image-$kver and linux-headers-$kver installed" \
		"$top/tests/deps.sh" "linux-image-$kver" "linux-headers-$kver" || continue
	[ "$have_src" = 1 ] || { notok "kernel $k: no DKMS source to build"; continue; }
	mkdir -p "$S/lib/$kver"
	step "kernel $k: dkms build vmlat/$V -k $kver" \
		dkms build "vmlat/$V" -k "$kver" "${DK[@]}" || continue
	step "kernel $k: dkms install vmlat/$V -k $kver" \
		dkms install "vmlat/$V" -k "$kver" --no-depmod "${DK[@]}" || continue
	ko=$(ls "$S/lib/$kver/updates/dkms/vmlat.ko"* 2>/dev/null | head -n 1)
	if [ -z "$ko" ]; then
		notok "kernel $k: the module is in <installtree>/$kver/updates/dkms/"
		continue
	fi
	vm=$(modinfo -F vermagic "$ko" | cut -d' ' -f1)
	parm=$(modinfo -F parm "$ko")
	if [ "$vm" = "$kver" ] && [ "$(modinfo -F version "$ko")" = "$V" ] &&
		[ -n "$parm" ] && ! printf '%s\n' "$parm" | grep -q '^sim_'; then
		ok "kernel $k: $(basename "$ko") is vmlat $V for $kver, no test-only code"
	else
		notok "kernel $k: $(basename "$ko") is vmlat $V for $kver, no test-only code (vermagic $vm)"
		continue
	fi

	# the whole guest suite, one boot, with the DKMS-built module
	# shellcheck disable=SC2086
	suite_run "kernel $k ($kver): guest suite" \
		"$top/tests/guest/run.sh" --kernel "$kver" --module "$ko" \
		--out "$out/$k" ${VMLAT_MATRIX_TESTS:-}
	echo "# ==== kernel $k ($kver): $(($(date +%s) - kstart)) s"
done

[ "$have_src" = 1 ] && step "dkms remove vmlat/$V --all" \
	dkms remove "vmlat/$V" --all --no-depmod "${DK[@]}"
echo "# matrix took $(($(date +%s) - start)) s"
suite_total
