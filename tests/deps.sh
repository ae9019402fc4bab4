#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages vmlat's tests need, only those missing, so
# that `make check` works on a fresh Debian 12 machine (as root, no stdin).
# With arguments, installs exactly those packages instead of the default
# set. Runs `apt-get update` once, and only when something must be
# installed. Kernel packages are resolved by tests/guest/run.sh and the
# linux-source tarball by tests/lib/ksource.sh, not here.

set -eu

default_packages=(
	make gcc libc6-dev
	qemu-system-x86 busybox-static cpio
	linux-image-amd64 linux-headers-amd64
	xz-utils perl
	trace-cmd linux-perf rt-tests
)

if [ $# -gt 0 ]; then
	packages=("$@")
else
	packages=("${default_packages[@]}")
fi

installed()
{
	[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

missing=()
for p in "${packages[@]}"; do
	installed "$p" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages: ${missing[*]}; run as root or install them" >&2
	exit 1
fi

echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# a fresh machine has no package lists yet, a stale one has dropped names;
# another harness's apt-get (the matrix boots kernels side by side) is
# waited for, not failed on
lock=(-o DPkg::Lock::Timeout=900)
apt-get "${lock[@]}" update -q >&2 </dev/null
apt-get "${lock[@]}" install -y -q --no-install-recommends "${missing[@]}" >&2 </dev/null
