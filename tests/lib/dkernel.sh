# SPDX-License-Identifier: GPL-2.0
#
# Debian kernels of any suite, for the harnesses that boot one
# (tests/guest/run.sh, tests/matrix.sh, tests/packaging/run.sh): which
# kernel a suite spec names, resolved at run time, its image, and a
# chroot of its own suite to build modules against its headers.
#
# The host is Debian 12. Kernels of Debian 12 are installed on it with
# apt (tests/lib/host.sh's resolve_kernel). Kernels of other suites
# (trixie, trixie-backports, sid) are never installed on the host: their
# headers' kbuild tools need their suite's compiler and libc, and the
# host's libc must not move. So each is resolved with a private apt
# state (the host's apt configuration untouched), its image is unpacked
# from its .deb into the cache, and its headers are installed in a
# debootstrap chroot of its suite (trixie's serves trixie-backports too),
# where modules for it are built (dk_run_in).
#
# Specs (dk_spec):
#   newest[-FLAVOUR]   the highest linux-image-FLAVOUR metapackage over
#                      trixie, trixie-backports and sid
#   SUITE[-FLAVOUR]    that suite's, SUITE one of the three
# FLAVOUR: cloud or rt (and -amd64 implied); none is the generic amd64.
#
# Cache: ${VMLAT_CACHE:-~/.cache/vmlat}: apt-SUITE/ (package lists),
# chroot-BASE/ (trixie, sid), kernel-ABI/vmlinuz.
# Source it from bash after setting top to the checkout's top directory.

DK_SUITES="trixie trixie-backports sid"
DK_MIRROR=${VMLAT_DEBIAN_MIRROR:-http://deb.debian.org/debian}

dk_cache()
{
	echo "${VMLAT_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/vmlat}"
}

dk_log()
{
	echo "dkernel: $*" >&2
}

# dk_lock, dk_unlock - one user of the cache's apt states, chroots and
# images at a time (tests/matrix.sh boots kernels side by side, and the
# package lists take no lock of their own: Debug::NoLocking); nests
DK_LOCK_DEPTH=0
dk_lock()
{
	if [ "$DK_LOCK_DEPTH" = 0 ]; then
		mkdir -p "$(dk_cache)"
		exec {DK_LOCK_FD}>>"$(dk_cache)/.lock"
		flock "$DK_LOCK_FD"
	fi
	DK_LOCK_DEPTH=$((DK_LOCK_DEPTH + 1))
}

dk_unlock()
{
	DK_LOCK_DEPTH=$((DK_LOCK_DEPTH - 1))
	[ "$DK_LOCK_DEPTH" = 0 ] && exec {DK_LOCK_FD}>&-
	return 0
}

# dk_is_spec - true when $1 is a spec this file resolves
dk_is_spec()
{
	case ${1%-cloud} in
	newest|trixie|trixie-backports|sid) return 0 ;;
	esac
	case ${1%-rt} in
	newest|trixie|trixie-backports|sid) return 0 ;;
	esac
	return 1
}

# dk_base - the chroot a suite's kernels build in: backports build on
# their base suite
dk_base()
{
	case $1 in
	*-backports) echo "${1%-backports}" ;;
	*) echo "$1" ;;
	esac
}

# dk_apt SUITE apt-get|apt-cache ARGS... - apt on a private state of
# SUITE alone (and its base suite for backports)
dk_apt()
{
	local suite=$1 tool=$2 d
	shift 2
	d=$(dk_cache)/apt-$suite
	"$tool" -o Dir::State="$d/state" -o Dir::State::status="$d/status" \
		-o Dir::Cache="$d/cache" -o Dir::Etc::SourceList="$d/sources.list" \
		-o Dir::Etc::SourceParts=/nonexistent -o Dir::Etc::Preferences=/nonexistent \
		-o Dir::Etc::PreferencesParts=/nonexistent \
		-o Acquire::Check-Valid-Until=false -o APT::Architecture=amd64 \
		-o Debug::NoLocking=1 "$@"
}

# dk_update SUITE - refresh SUITE's private package lists, once a run
# (DK_UPDATED lists the suites done)
DK_UPDATED=""
dk_update_locked()
{
	local suite=$1 d
	case " $DK_UPDATED " in *" $suite "*) return 0 ;; esac
	d=$(dk_cache)/apt-$suite
	mkdir -p "$d/state/lists/partial" "$d/cache/archives/partial"
	: > "$d/status"
	echo "deb $DK_MIRROR $suite main" > "$d/sources.list"
	if ! dk_apt "$suite" apt-get -q update </dev/null >"$d/update.log" 2>&1; then
		dk_log "apt-get update of $suite failed:"
		tail -n 5 "$d/update.log" | sed 's/^/dkernel:   /' >&2
		return 1
	fi
	DK_UPDATED="$DK_UPDATED $suite"
}

# dk_meta_in SUITE META - "VERSION ABI" of metapackage META in SUITE, or
# nothing
dk_meta_in()
{
	local suite=$1 meta=$2 out ver abi
	out=$(dk_apt "$suite" apt-cache show --no-all-versions "$meta" 2>/dev/null) || return 0
	ver=$(printf '%s\n' "$out" | sed -n 's/^Version: //p' | head -n 1)
	abi=$(printf '%s\n' "$out" | sed -n 's/^Depends: //p' | head -n 1 | tr ',' '\n' |
		sed -n 's/^ *linux-image-\([0-9][^ ]*\).*/\1/p' | head -n 1)
	[ -n "$ver" ] && [ -n "$abi" ] && echo "$ver $abi"
}

# dk_resolve SPEC - print "SUITE ABI" for a spec; 1 when nothing matches
dk_resolve()
{
	local spec=$1 want flavour meta suite best_v="" best_s="" best_a="" v a
	flavour=amd64
	want=$spec
	case $spec in
	*-cloud) flavour=cloud-amd64 want=${spec%-cloud} ;;
	*-rt) flavour=rt-amd64 want=${spec%-rt} ;;
	esac
	meta=linux-image-$flavour
	if [ "$want" = newest ]; then
		want=$DK_SUITES
	fi
	for suite in $want; do
		dk_update "$suite" || return 1
		# shellcheck disable=SC2046
		set -- $(dk_meta_in "$suite" "$meta")
		[ $# = 2 ] || continue
		v=$1 a=$2
		if [ -z "$best_v" ] || dpkg --compare-versions "$v" gt "$best_v"; then
			best_v=$v best_s=$suite best_a=$a
		fi
	done
	if [ -z "$best_a" ]; then
		dk_log "no $meta in $want"
		return 1
	fi
	dk_log "$spec: $meta $best_v ($best_s) -> $best_a"
	echo "$best_s $best_a"
}

# dk_chroot BASE - print the chroot of BASE (trixie, sid), made with
# debootstrap when missing, its apt pointed at BASE (and BASE-backports
# for a stable base); 1 when it cannot be made
dk_chroot_locked()
{
	local base=$1 c tmp
	c=$(dk_cache)/chroot-$base
	if [ ! -f "$c/.complete" ]; then
		"$top/tests/deps.sh" debootstrap >&2 || return 1
		tmp=$c.tmp
		rm -rf "$tmp" "$c"
		mkdir -p "$(dirname "$c")"
		dk_log "making a $base chroot in $c (debootstrap, about a minute)"
		if ! debootstrap --variant=minbase --include=gcc,make,libc6-dev,kmod \
			"$base" "$tmp" "$DK_MIRROR" >"$tmp.log" 2>&1; then
			dk_log "debootstrap $base failed, see $tmp.log:"
			tail -n 5 "$tmp.log" | sed 's/^/dkernel:   /' >&2
			return 1
		fi
		mv "$tmp" "$c"
		touch "$c/.complete"
	fi
	{
		echo "deb $DK_MIRROR $base main"
		[ "$base" = sid ] || echo "deb $DK_MIRROR $base-backports main"
	} > "$c/etc/apt/sources.list"
	rm -f "$c/etc/apt/sources.list.d/"*
	echo 'Acquire::Check-Valid-Until "false";' > "$c/etc/apt/apt.conf.d/90vmlat"
	echo "$c"
}

# dk_run_in CHROOT DIR CMD... - run CMD in CHROOT with /dev, /proc and
# the host directory DIR at the same path; the mounts live in a mount
# namespace of the command's own, so nothing is left mounted
dk_run_in()
{
	local c=$1 dir=$2
	shift 2
	mkdir -p "$c$dir" "$c/dev" "$c/proc"
	unshare --mount --propagation private bash -c '
		c=$1 dir=$2
		shift 2
		mount --rbind /dev "$c/dev" &&
		mount -t proc proc "$c/proc" &&
		mount --bind "$dir" "$c$dir" &&
		exec chroot "$c" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LC_ALL=C DEBIAN_FRONTEND=noninteractive "$@"
	' _ "$c" "$dir" "$@"
}

# dk_chroot_apt CHROOT ARGS... - apt-get in CHROOT, lists refreshed once
# a run
DK_CHROOT_UPDATED=""
dk_chroot_apt()
{
	local c=$1 rc=0
	shift
	dk_lock
	case " $DK_CHROOT_UPDATED " in
	*" $c "*) ;;
	*)	dk_run_in "$c" /tmp apt-get -q update </dev/null >&2 || rc=1
		[ $rc = 0 ] && DK_CHROOT_UPDATED="$DK_CHROOT_UPDATED $c" ;;
	esac
	[ $rc = 0 ] && { dk_run_in "$c" /tmp apt-get -y -q --no-install-recommends \
		"$@" </dev/null >&2 || rc=$?; }
	dk_unlock
	return $rc
}

# dk_headers CHROOT ABI - linux-headers-ABI installed in CHROOT
dk_headers()
{
	local c=$1 abi=$2
	[ -f "$c/usr/src/linux-headers-$abi/Makefile" ] && return 0
	dk_log "installing linux-headers-$abi in $c"
	dk_chroot_apt "$c" install "linux-headers-$abi"
}

# dk_vmlinuz SUITE ABI - print the path of ABI's vmlinuz, unpacked into
# the cache from its .deb (linux-binary-ABI from 7.x, where linux-image-
# ABI became a metapackage; linux-image-ABI before)
dk_vmlinuz_locked()
{
	local suite=$1 abi=$2 d deb p f
	d=$(dk_cache)/kernel-$abi
	if [ ! -s "$d/vmlinuz" ]; then
		rm -rf "$d"
		mkdir -p "$d/deb"
		for p in "linux-binary-$abi" "linux-image-$abi"; do
			(cd "$d/deb" && dk_apt "$suite" apt-get -q download "$p" \
				</dev/null >/dev/null 2>&1) || continue
			deb=$(ls "$d/deb/"*.deb 2>/dev/null | head -n 1)
			[ -n "$deb" ] || continue
			f=$(dpkg-deb -c "$deb" | awk '{ print $NF }' |
				grep -E '^\./(boot/vmlinuz-|usr/lib/modules/[^/]+/vmlinuz$)' | head -n 1)
			if [ -n "$f" ]; then
				dpkg-deb --fsys-tarfile "$deb" | tar -xOf - "$f" > "$d/vmlinuz.tmp" &&
					mv "$d/vmlinuz.tmp" "$d/vmlinuz"
				break
			fi
			rm -f "$d/deb/"*.deb
		done
		rm -rf "$d/deb"
	fi
	if [ ! -s "$d/vmlinuz" ]; then
		dk_log "no vmlinuz for $abi in linux-binary-$abi or linux-image-$abi ($suite)"
		return 1
	fi
	echo "$d/vmlinuz"
}

# dk_fetch SPEC - resolve SPEC and make its kernel ready: sets DK_ABI,
# DK_SUITE, DK_VMLINUZ, DK_CHROOT and DK_KDIR (the headers' path inside
# the chroot); 1 with a message when any step fails
# dk_locking FN - define FN as FN_locked under dk_lock
dk_locking()
{
	eval "$1() { local rc=0; dk_lock; $1_locked \"\$@\" || rc=\$?; dk_unlock; return \$rc; }"
}
dk_locking dk_update
dk_locking dk_chroot
dk_locking dk_vmlinuz
dk_locking dk_fetch

dk_fetch_locked()
{
	local r
	r=$(dk_resolve "$1") || return 1
	DK_SUITE=${r% *}
	DK_ABI=${r#* }
	DK_VMLINUZ=$(dk_vmlinuz "$DK_SUITE" "$DK_ABI") || return 1
	DK_CHROOT=$(dk_chroot "$(dk_base "$DK_SUITE")") || return 1
	dk_headers "$DK_CHROOT" "$DK_ABI" || return 1
	DK_KDIR=/usr/src/linux-headers-$DK_ABI
}
