#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The README's two commands on a clean Debian 13 system: a fresh
# debootstrap of trixie (the default variant, as a new machine has it,
# plus git to clone with) with /proc, /sys and /dev bound, this checkout
# cloned into it, make installed as README says, then `make run` (it
# must print the histogram) and `make check` (its last line must say 0
# failed) run there as root, each in a mount namespace of its own so
# that nothing stays mounted. Not part
# of CI (about 25 minutes: the chroot, the packages the commands install,
# the whole make check); run it when the commands or what they install
# change. Prints TAP and "N passed, N failed".
# Usage: tests/debian13.sh [DIR]   (default: a new directory under /tmp,
#        removed afterwards unless VMLAT_KEEP=1)

set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
. "$here/lib/tap.sh"
. "$here/lib/dkernel.sh"

tap_header "the README's two commands on a clean Debian 13 (trixie chroot)"
[ "$(id -u)" -eq 0 ] || tap_skip_all "needs root (debootstrap, chroot)"
keep=${VMLAT_KEEP:-0}
[ $# -gt 0 ] && keep=1
c=${1:-$(mktemp -d /tmp/vmlat-debian13.XXXXXX)}
# the chroot's / as a machine's: mktemp's 0700 kept every user but root
# from the libraries (the reader tests run it as nobody)
chmod 0755 "$c"
log=$c.log
cleanup()
{
	[ "$keep" = 1 ] || rm -rf "$c"
}
trap cleanup EXIT

"$top/tests/deps.sh" debootstrap git >/dev/null
if [ ! -x "$c/usr/bin/git" ]; then
	if debootstrap --include=git,ca-certificates trixie "$c" "$DK_MIRROR" >"$log" 2>&1; then
		tap_pass "debootstrap trixie (default variant, plus git)"
	else
		tap_fail "debootstrap trixie (default variant, plus git)"
		tail -n 5 "$log" | sed 's/^/# /'
		tap_finish
	fi
fi
rm -rf "$c/root/vmlat"
git clone -q "$top" "$c/root/vmlat"
tap_result $? "a clone of this checkout in the chroot"

# in_chroot LOG CMD - CMD (a shell line) in the chroot, /proc, /sys and
# /dev bound in a private mount namespace, as root, CI's environment
in_chroot()
{
	local out=$1
	shift
	unshare --mount --propagation private bash -c '
		c=$1
		shift
		mount -t proc proc "$c/proc" &&
		mount --rbind /sys "$c/sys" &&
		mount --rbind /dev "$c/dev" &&
		exec chroot "$c" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LANG=C.UTF-8 CI=true TERM=dumb bash -c "$1"
	' _ "$c" "$*" </dev/null >"$out" 2>&1
}

# README's prerequisite: a fresh Debian has no make
in_chroot "$c.make.log" "apt-get update -q && apt-get install -y -q make"
tap_result $? "apt-get install make, as README says where there is none"

t0=$(date +%s)
in_chroot "$c.run.log" "cd /root/vmlat && make run"
rc=$?
tap_is "$rc" 0 "make run exits 0 ($(($(date +%s) - t0)) s)"
grep -q '^Index ' "$c.run.log" && grep -q '^p99: ' "$c.run.log"
tap_result $? "make run printed the histogram (Index ...) and its percentiles (p99: ...)"
[ "$rc" = 0 ] || tail -n 15 "$c.run.log" | sed 's/^/# /'

t0=$(date +%s)
in_chroot "$c.check.log" "cd /root/vmlat && make check"
rc=$?
last=$(tail -n 1 "$c.check.log")
tap_is "$rc" 0 "make check exits 0 ($(($(date +%s) - t0)) s): $last"
printf '%s\n' "$last" | grep -Eq '^[0-9]+ passed, 0 failed'
tap_result $? "make check's last line says 0 failed"
[ "$rc" = 0 ] || grep '^not ok' "$c.check.log" | head -n 20 | sed 's/^/# /'
tap_diag "logs: $c.make.log, $c.run.log, $c.check.log"
tap_finish
