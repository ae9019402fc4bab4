#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check-matrix`: every kernel vmlat supports, each resolved at run
# time (never a pinned ABI): Debian 12's default kernel (6.1), Debian
# 13's 6.12 (trixie) and the newest Debian kernel over trixie,
# trixie-backports and sid (tests/lib/dkernel.sh), each of the last two
# in its amd64, cloud-amd64 and rt-amd64 flavours. For each it builds
# vmlat with DKMS from a plain checkout into a scratch DKMS tree (the
# system's DKMS state is never touched): on the host for Debian 12's
# kernels, in a chroot of the kernel's own suite for the others, whose
# headers need that suite's compiler and libc. It checks the module
# (vermagic, version, no test-only code) and boots the kernel with it
# (tests/guest/run.sh --module; the harness builds the VMLAT_TEST variant
# itself).
#
# What runs where (the budget: CI's 60 minutes). `make check` ran the
# whole guest suite on 6.1 with the tree-built module already. Here:
#   - the whole suite on the newest rt kernel: the newest API and
#     defaults (UBSAN_BOUNDS on from 7.x, non-zero-based per-CPU data)
#     under PREEMPT_RT, with timerlat for the cross-checks;
#   - on 6.1 the smoke (MATRIX_SMOKE) with the DKMS-built module;
#   - on Debian 13's 6.12 in three flavours and the newest generic
#     and cloud kernels, the tests whose outcome can depend on what
#     differs between them (MATRIX_SUBSET below): the load and its parameters, every
#     file, both stages, the wait file's poll and io_uring paths
#     (debugfs's proxy and io_uring change from kernel to kernel),
#     hotplug, the steal sources, the tracepoint and the tools on it,
#     the hard-IRQ context, lockdown; not the ones that test the same
#     code on the same kernel again (the reader, the stress and timing
#     suites).
# The DKMS builds run one after the other, the guest runs MATRIX_JOBS
# (default 3) side by side, the whole-suite kernels first (below).
# Prints TAP (the DKMS steps and each guest's report, counted by the
# drivers' one counter, tests/lib/suite.sh) and ends with exactly one
# line "N passed, N failed[, N skipped]"; exits 1 when anything failed.
#
# Needs root and apt-get; works with CI=true and no stdin. Guest logs:
# $VMLAT_MATRIX_OUT (default tests/guest/out/matrix)/NAME.
# VMLAT_MATRIX_TESTS="00-boot.sh 91-hardirq.sh" runs only those guest
# tests on every kernel (for working on the matrix itself).
# Usage: tests/matrix.sh [auto|6.12[-FLAVOUR]|trixie[-FLAVOUR]|newest[-FLAVOUR] ...]

set -u
export LC_ALL=C DEBIAN_FRONTEND=noninteractive

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
. "$here/lib/dkernel.sh"
out=${VMLAT_MATRIX_OUT:-$here/guest/out/matrix}
kernels=("$@")
[ ${#kernels[@]} -gt 0 ] ||
	kernels=(auto trixie trixie-cloud trixie-rt newest newest-cloud newest-rt)
# the kernels that run the whole suite; the others run MATRIX_SUBSET
MATRIX_FULL="newest-rt"
MATRIX_SUBSET="00-boot.sh 02-platform.sh 10-load.sh 11-load-stages.sh
20-files.sh 40-rate.sh 58-wait-poll.sh 59-wait-one-waiter.sh
62-thread-stage.sh 63-user-stage.sh 64-wait-reader.sh 66-hotplug.sh
71-insmod-params.sh 82-steal-sources.sh 86-trace.sh 89-trace-tools.sh
91-hardirq.sh 99-lockdown.sh"
# Debian 12's 6.1, whose whole suite make check runs with the tree-built
# module: the DKMS-built one is the same source, so the smoke
MATRIX_SMOKE="00-boot.sh 10-load.sh 11-load-stages.sh 20-files.sh"

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

V=$(sed -n 's/^#define VMLAT_VERSION "\([^"]*\)".*$/\1/p' "$top/abi/vmlat_version.h")
[ -n "$V" ] || notok "no VMLAT_VERSION in abi/vmlat_version.h"

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

# built_clean TREE KVER - DKMS's build log for KVER in the scratch tree
# TREE exists and has no compiler warning (compat.h's promise: every
# supported kernel builds vmlat with no warning)
built_clean()
{
	local log
	log=$(find "$1" -path "*/$2/*" -name make.log 2>/dev/null | head -n 1)
	if [ -z "$log" ]; then
		echo "no make.log for $2 under $1"
		return 1
	fi
	if grep -E 'warning:|error:' "$log"; then
		return 1
	fi
}

# host_dkms K - build and install vmlat with the host's DKMS for a
# Debian 12 kernel spec; sets kver and ko
host_dkms()
{
	local k=$1 metas image headers kimg
	if ! metas=$(metapackages "$k"); then
		notok "kernel $k: not one of auto, 6.12[-FLAVOUR], trixie[-FLAVOUR], sid[-FLAVOUR], newest[-FLAVOUR]"
		return 1
	fi
	# shellcheck disable=SC2086
	set -- $metas
	image=$1 headers=$2
	step "kernel $k: apt knows $image and $headers" known_to_apt "$image" "$headers" || return 1
	step "kernel $k: $image and $headers installed" "$top/tests/deps.sh" "$image" "$headers" || return 1
	kver=$(abi_of "$headers")
	kimg=$(abi_of "$image")
	if [ -z "$kver" ] || [ "$kver" != "$kimg" ]; then
		notok "kernel $k: $headers ('$kver') and $image ('$kimg') name the same ABI"
		return 1
	fi
	echo "# kernel $k resolves to $kver"
	step "kernel $k: linux-image-$kver and linux-headers-$kver installed" \
		"$top/tests/deps.sh" "linux-image-$kver" "linux-headers-$kver" || return 1
	[ "$have_src" = 1 ] || { notok "kernel $k: no DKMS source to build"; return 1; }
	mkdir -p "$S/lib/$kver"
	step "kernel $k: dkms build vmlat/$V -k $kver" \
		dkms build "vmlat/$V" -k "$kver" "${DK[@]}" || return 1
	step "kernel $k: the build has no warning" built_clean "$S/var" "$kver"
	step "kernel $k: dkms install vmlat/$V -k $kver" \
		dkms install "vmlat/$V" -k "$kver" --no-depmod "${DK[@]}" || return 1
	ko=$(ls "$S/lib/$kver/updates/dkms/vmlat.ko"* 2>/dev/null | head -n 1)
}

# chroot_dkms K - the same for a kernel of another suite, with that
# suite's DKMS in its chroot (a scratch tree of the chroot's own, as the
# DKMS versions differ); sets kver and ko
chroot_dkms()
{
	local k=$1 c cs
	if ! dk_fetch "$k" >"$T/step.log" 2>&1; then
		notok "kernel $k: resolved, image unpacked, headers in a chroot of its suite"
		tail -n 20 "$T/step.log" | sed 's/^/# /'
		return 1
	fi
	kver=$DK_ABI c=$DK_CHROOT
	ok "kernel $k: $kver ($DK_SUITE), headers in $c"
	step "kernel $k: dkms in the chroot" dk_chroot_apt "$c" install dkms || return 1
	cs=$T/dkms-$(basename "$c")
	if [ ! -d "$cs" ]; then
		mkdir -p "$cs/var" "$cs/src" "$cs/lib"
		step "kernel $k: dkms add . in $(basename "$c")" dk_run_in "$c" "$T" \
			bash -c 'cd "$1" && shift && dkms add . "$@"' _ "$CO" \
			--dkmstree "$cs/var" --sourcetree "$cs/src" --installtree "$cs/lib" ||
			return 1
	fi
	mkdir -p "$cs/lib/$kver"
	step "kernel $k: dkms build vmlat/$V -k $kver (in $(basename "$c"))" \
		dk_run_in "$c" "$T" dkms build "vmlat/$V" -k "$kver" \
		--kernelsourcedir "$DK_KDIR" --dkmstree "$cs/var" --sourcetree "$cs/src" --installtree "$cs/lib" || return 1
	step "kernel $k: the build has no warning" built_clean "$cs/var" "$kver"
	step "kernel $k: dkms install vmlat/$V -k $kver (in $(basename "$c"))" \
		dk_run_in "$c" "$T" dkms install "vmlat/$V" -k "$kver" --no-depmod \
		--kernelsourcedir "$DK_KDIR" --dkmstree "$cs/var" --sourcetree "$cs/src" --installtree "$cs/lib" || return 1
	ko=$(ls "$cs/lib/$kver/updates/dkms/vmlat.ko"* 2>/dev/null | head -n 1)
}

# guest_job K SPEC KO TESTS... - kernel K's guest run in the
# background, its TAP to $T/guest-K.log and its status to $T/guest-K.rc
# once it ends; no more than MATRIX_JOBS at once
guest_job()
{
	local k=$1 spec=$2 ko=$3 n
	shift 3
	while [ "$(jobs -pr | wc -l)" -ge "$MATRIX_JOBS" ]; do
		wait -n || true
	done
	# the whole suite's boots have the CPU first: its steal and
	# cross-check tests compare one vCPU's lateness with the other's
	# (tests/guest/run.sh gives a kernel's own boots the same order).
	# Its main boot, most of the suite, once ran past the boot limit of
	# 900 s beside a kernel build (7.3 rt): its limit is 1800 s.
	local limit=900
	case " $MATRIX_FULL " in *" $k "*) n=0 limit=1800 ;; *) n=5 ;; esac
	(
		s=$(date +%s)
		rc=0
		nice -n "$n" "$top/tests/guest/run.sh" --kernel "$spec" --module "$ko" \
			--timeout "$limit" --out "$out/$k" "$@" </dev/null >"$T/guest-$k.log" 2>&1 || rc=$?
		echo "$rc $(($(date +%s) - s))" > "$T/guest-$k.rc"
	) &
}

# Each kernel's DKMS build, here one after the other (they share the
# scratch DKMS trees); each kernel's guest run starts as soon as its
# module is there, MATRIX_JOBS (default 3) at a time: a guest spends most
# of its time waiting for its timers, so two side by side take about the
# time of one (two subset runs: 215 and 218 s together, 215 s alone).
# The whole-suite kernels go first, the longest runs, and the others
# fill the CPU they leave (nice 5).
MATRIX_JOBS=${MATRIX_JOBS:-3}
order=()
for k in "${kernels[@]}"; do
	case " $MATRIX_FULL " in *" $k "*) order+=("$k") ;; esac
done
for k in "${kernels[@]}"; do
	case " $MATRIX_FULL " in *" $k "*) ;; *) order+=("$k") ;; esac
done
declare -A kver_of what_of
for k in "${order[@]}"; do
	echo "# ==== kernel $k: DKMS"
	kver="" ko=""
	if dk_is_spec "$k"; then
		[ "$have_src" = 1 ] || { notok "kernel $k: no DKMS source to build"; continue; }
		chroot_dkms "$k" || continue
		spec=$k
	else
		host_dkms "$k" || continue
		spec=$kver
	fi
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

	# the guest suite (its boots side by side, tests/guest/run.sh) with
	# the DKMS-built module: whole or the subset (above)
	tests=${VMLAT_MATRIX_TESTS:-}
	case " $MATRIX_FULL " in
	*" $k "*) what="guest suite" ;;
	*) what="guest subset"; tests=${tests:-$MATRIX_SUBSET} ;;
	esac
	# 6.1: make check ran everything on it; only the DKMS build is new
	[ "$k" = auto ] && { what="guest smoke"; tests=${VMLAT_MATRIX_TESTS:-$MATRIX_SMOKE}; }
	kver_of[$k]=$kver what_of[$k]=$what
	# shellcheck disable=SC2086
	guest_job "$k" "$spec" "$ko" $tests
done
wait

# the guest runs' reports, in the kernels' order
for k in "${kernels[@]}"; do
	[ -n "${kver_of[$k]:-}" ] || continue
	name="kernel $k (${kver_of[$k]}): ${what_of[$k]}"
	echo "# ==== $name"
	cat "$T/guest-$k.log"
	read -r rc secs 2>/dev/null < "$T/guest-$k.rc" || { rc=1 secs=0; }
	suite_add_log "$T/guest-$k.log" "$name" "$rc"
	echo "# ==== kernel $k (${kver_of[$k]}): guest $secs s"
done

for cs in "$T"/dkms-*; do
	[ -d "$cs" ] || continue
	step "dkms remove vmlat/$V --all (in $(basename "$cs"))" \
		dk_run_in "$(dk_cache)/chroot-${cs##*/dkms-chroot-}" "$T" dkms remove "vmlat/$V" \
		--all --no-depmod --dkmstree "$cs/var" --sourcetree "$cs/src" --installtree "$cs/lib"
done
[ "$have_src" = 1 ] && step "dkms remove vmlat/$V --all" \
	dkms remove "vmlat/$V" --all --no-depmod "${DK[@]}"
echo "# matrix took $(($(date +%s) - start)) s"
suite_total
