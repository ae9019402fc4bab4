#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Packaging tests (`make check-packaging`): the version agrees everywhere;
# `dkms add .` from a plain checkout, then dkms build and install for
# Debian's default (6.1) kernel headers, in a scratch DKMS tree, with no
# test-only code in the module; `make install`; `make deb`, lintian, the
# .debs' contents; `apt-get install` of the .debs (DKMS builds the module,
# the reader runs, the man page and the units are there, nothing enabled);
# the export script's atomic write, the validity of what it writes
# (promtool) and a failed run leaving the previous file alone; the .debs
# on Debian 13 (a trixie chroot: apt, DKMS for the newest kernel, that
# module loaded in a guest of it); and purging the packages again. Prints TAP and exits 1 when something failed.
#
# Needs root and apt-get (it installs dkms, dh-dkms, debhelper, lintian,
# prometheus for promtool, and linux-headers-amd64 when missing); works
# with CI=true and no stdin. It never loads a module. It leaves the
# machine as it found it: the vmlat packages are purged, the scratch DKMS
# tree removed, and a DKMS signing key it caused to be created deleted.
# When vmlat is already installed (package or DKMS), the install tests are
# skipped rather than disturb it.

set -u
export LC_ALL=C DEBIAN_FRONTEND=noninteractive

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
FX=$TOP/tests/reader/fixtures
# shellcheck source=../lib/tap.sh
. "$TOP/tests/lib/tap.sh"

tap_header "vmlat packaging: dkms.conf, debian/, export script and units"
[ "$(id -u)" -eq 0 ] || tap_skip_all "needs root (dkms, apt-get install)"
command -v apt-get >/dev/null || tap_skip_all "needs a Debian system (apt-get)"

T=$(mktemp -d /tmp/vmlat-packaging-test.XXXXXX)
chmod 0755 "$T"
start=$(date +%s)
INSTALLED_BY_US=0
MOK_BEFORE=0
[ -e /var/lib/dkms/mok.key ] && MOK_BEFORE=1

cleanup() {
	if [ "$INSTALLED_BY_US" = 1 ]; then
		apt-get purge -y -q vmlat vmlat-dkms </dev/null >"$T/purge-late.log" 2>&1
	fi
	# a signing key that did not exist before the test was made by it
	if [ "$MOK_BEFORE" = 0 ] && [ -z "$(dkms status 2>/dev/null)" ]; then
		rm -f /var/lib/dkms/mok.key /var/lib/dkms/mok.pub
	fi
	rm -rf "$T"
}
trap cleanup EXIT

# t DESC CMD...: the command's status decides; its output (the last 25
# lines) becomes diagnostics when it fails.
t() {
	local desc=$1
	shift
	if "$@" </dev/null >"$T/t.log" 2>&1; then
		tap_pass "$desc"
	else
		tap_fail "$desc"
		tail -n 25 "$T/t.log" | sed 's/^/# /'
	fi
}

apt_install() {
	apt-get install -y -q --no-install-recommends "$@" </dev/null && return 0
	apt-get update -q </dev/null && apt-get install -y -q --no-install-recommends "$@" </dev/null
}

# ---------------------------------------------------------------- tools
deps=(dkms dh-dkms debhelper dpkg-dev build-essential fakeroot lintian prometheus git)
missing=()
for p in "${deps[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
# Debian's default kernel headers, through the metapackage: never a pinned ABI
dpkg-query -W -f='${Status}' linux-headers-amd64 2>/dev/null | grep -q 'ok installed' ||
	missing+=(linux-headers-amd64)
if [ ${#missing[@]} -eq 0 ]; then
	tap_pass "build tools and Debian's default kernel headers are installed"
else
	t "apt-get install ${missing[*]}" apt_install "${missing[@]}"
fi

KVER=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null |
	sed -n 's/^linux-headers-\([^ ,]*\).*/\1/p')
KDIR=/lib/modules/$KVER/build
if [ -z "$KVER" ] || [ ! -e "$KDIR/.config" ]; then
	tap_bail "no headers for Debian's default kernel (linux-headers-amd64 -> '$KVER')"
fi
tap_diag "default kernel headers: $KVER"

# ---------------------------------------------------------------- version
V=$(sed -n 's/^#define VMLAT_VERSION "\([^"]*\)".*$/\1/p' "$TOP/abi/vmlat_version.h")
if [ -n "$V" ]; then
	tap_pass "abi/vmlat_version.h defines VMLAT_VERSION ($V)"
else
	tap_bail "no VMLAT_VERSION in abi/vmlat_version.h"
fi
tap_is "$(dpkg-parsechangelog -l "$TOP/debian/changelog" -S Version)" "$V" \
	"debian/changelog's version is VMLAT_VERSION"

# dkms.conf as dkms reads it: sourced by bash, from another directory
conf_get() { # DKMS.CONF EXPRESSION
	(cd / && bash -c '. "$1" >/dev/null 2>&1; eval "echo \"$2\""' _ "$1" "$2")
}
tap_is "$(conf_get "$TOP/dkms.conf" '$PACKAGE_VERSION')" "$V" \
	"dkms.conf: PACKAGE_VERSION, computed from the header, is VMLAT_VERSION"
conf_keys() {
	local c=$TOP/dkms.conf
	[ "$(conf_get "$c" '$PACKAGE_NAME')" = vmlat ] &&
	[ "$(conf_get "$c" '${BUILT_MODULE_NAME[0]}')" = vmlat ] &&
	[ "$(conf_get "$c" '${BUILT_MODULE_LOCATION[0]}')" = module/ ] &&
	[ "$(conf_get "$c" '${DEST_MODULE_LOCATION[0]}')" = /updates/dkms ] &&
	[ "$(conf_get "$c" '$AUTOINSTALL')" = yes ] &&
	for o in CONFIG_TRACEPOINTS CONFIG_DEBUG_FS CONFIG_HIGH_RES_TIMERS; do
		conf_get "$c" '$BUILD_EXCLUSIVE_CONFIG' | grep -qw "$o" || return 1
	done &&
	conf_get "$c" '${MAKE[0]}' | grep -Eq '^make -C .* M=.*/vmlat/'"$V"'/build VMLAT_TEST=0 modules$'
}
t "dkms.conf: name, module location, /updates/dkms, AUTOINSTALL, BUILD_EXCLUSIVE_CONFIG, MAKE calls kbuild with VMLAT_TEST=0" conf_keys

reader_version() {
	make -C "$TOP/userspace" >/dev/null &&
		"$TOP/userspace/vmlat" --version | head -n 1 | grep -qx "vmlat reader $V"
}
t "the reader built from this tree says 'vmlat reader $V'" reader_version

# ---------------------------------------------------------------- dkms from a checkout
# A plain checkout: the tree's files as git knows them, no build outputs.
CO=$T/checkout
mkdir -p "$CO"
export_tree() {
	if [ -d "$TOP/.git" ] && command -v git >/dev/null; then
		(cd "$TOP" && git ls-files -z --cached --others --exclude-standard |
			tar --null --ignore-failed-read -cf - -T -) | tar -xf - -C "$CO"
	else
		(cd "$TOP" && tar --exclude=./build --exclude=./.git -cf - .) | tar -xf - -C "$CO"
	fi
}
t "a plain checkout of the tree (git ls-files)" export_tree

S=$T/dkms
DK=(--dkmstree "$S/var" --sourcetree "$S/src" --installtree "$S/lib")
mkdir -p "$S/var" "$S/src" "$S/lib/$KVER"
SKO=$S/lib/$KVER/updates/dkms/vmlat.ko

t "dkms add . from the checkout (scratch DKMS tree)" \
	bash -c 'cd "$1" && shift && dkms add . "$@"' _ "$CO" "${DK[@]}"
tap_is "$(conf_get "$S/src/vmlat-$V/dkms.conf" '$PACKAGE_VERSION')" "$V" \
	"dkms.conf copied to <sourcetree>/vmlat-$V still computes PACKAGE_VERSION"
t "dkms build vmlat/$V -k $KVER" dkms build "vmlat/$V" -k "$KVER" "${DK[@]}"
t "dkms install vmlat/$V -k $KVER" dkms install "vmlat/$V" -k "$KVER" --no-depmod "${DK[@]}"
t "the module lands in <installtree>/$KVER/updates/dkms/vmlat.ko" test -s "$SKO"
no_sim() { # KO: a production build: right version, no simulator
	local parm ver
	parm=$(modinfo -F parm "$1") || return 1
	[ -n "$parm" ] || { echo "no parameters at all in $1"; return 1; }
	if printf '%s\n' "$parm" | grep -E '^sim_'; then
		echo "test-only parameters in $1"
		return 1
	fi
	ver=$(modinfo -F version "$1")
	[ "$ver" = "$V" ] || { echo "version '$ver' in $1"; return 1; }
}
t "the DKMS-built module has version $V and no sim_ parameters" no_sim "$SKO"
tap_is "$(modinfo -F vermagic "$SKO" | cut -d' ' -f1)" "$KVER" "the module's vermagic is $KVER"
t "dkms remove vmlat/$V --all" dkms remove "vmlat/$V" --all --no-depmod "${DK[@]}"
t "nothing left in the scratch DKMS and install trees" \
	bash -c '[ -z "$(ls -A "$1")" ] && [ ! -e "$2" ]' _ "$S/var/vmlat" "$SKO"

# The same from a tree holding a VMLAT_TEST=1 build (objects of the
# simulator lying around) and with VMLAT_TEST=1 in the environment: DKMS
# must still build the production module. The test build is also the
# positive control of the sim_ check above.
test_build() {
	make -C "$CO" module KDIR="$KDIR" VMLAT_TEST=1 &&
		modinfo -F parm "$CO/module/vmlat.ko" | grep -q '^sim_'
}
t "control: a VMLAT_TEST=1 build of the checkout has sim_ parameters" test_build
rm -rf "${S:?}/src/vmlat-$V"
dirty_dkms() {
	(cd "$CO" && dkms add . "${DK[@]}") &&
		VMLAT_TEST=1 dkms build "vmlat/$V" -k "$KVER" "${DK[@]}" &&
		dkms install "vmlat/$V" -k "$KVER" --no-depmod "${DK[@]}" &&
		no_sim "$SKO"
}
t "dkms from that tree, VMLAT_TEST=1 in the environment: still no sim_ parameters" dirty_dkms

# BUILD_EXCLUSIVE_CONFIG: a kernel without debugfs is skipped (status 77)
excl() {
	local k=$T/kernel-nodebugfs rc
	mkdir -p "$k/include"
	grep -v '^CONFIG_DEBUG_FS=' "$KDIR/.config" >"$k/.config"
	dkms build "vmlat/$V" -k "$KVER" --kernelsourcedir "$k" --force "${DK[@]}"
	rc=$?
	echo "dkms build status $rc (want 77)"
	[ "$rc" -eq 77 ]
}
dkms remove "vmlat/$V" --all --no-depmod "${DK[@]}" >/dev/null 2>&1
(cd "$CO" && dkms add . "${DK[@]}") >/dev/null 2>&1
t "dkms skips a kernel without CONFIG_DEBUG_FS (BUILD_EXCLUSIVE_CONFIG, status 77)" excl
dkms remove "vmlat/$V" --all --no-depmod "${DK[@]}" >/dev/null 2>&1
rm -rf "$S"

# ---------------------------------------------------------------- make install
inst() {
	make -C "$CO" install DESTDIR="$T/inst" PREFIX=/usr &&
		"$T/inst/usr/sbin/vmlat" --version | grep -qx "vmlat reader $V" &&
		test -s "$T/inst/usr/share/man/man8/vmlat.8"
}
t "make install DESTDIR=... PREFIX=/usr: sbin/vmlat and man8/vmlat.8" inst

# ---------------------------------------------------------------- make deb
OUT=$T/deb
t "make deb (dpkg-buildpackage -us -uc -b), outputs in DEB_OUT" make -C "$TOP" deb DEB_OUT="$OUT"
DEB_DKMS=$OUT/vmlat-dkms_${V}_all.deb
DEB_VMLAT=$OUT/vmlat_${V}_amd64.deb
debs_there() {
	[ -s "$DEB_DKMS" ] && [ -s "$DEB_VMLAT" ] &&
	[ "$(dpkg-deb -f "$DEB_DKMS" Version)" = "$V" ] &&
	[ "$(dpkg-deb -f "$DEB_VMLAT" Version)" = "$V" ] &&
	[ "$(dpkg-deb -f "$DEB_DKMS" Architecture)" = all ] &&
	[ "$(dpkg-deb -f "$DEB_VMLAT" Architecture)" = amd64 ]
}
t "vmlat-dkms_${V}_all.deb and vmlat_${V}_amd64.deb, version $V" debs_there
[ -s "$DEB_DKMS" ] && [ -s "$DEB_VMLAT" ] || tap_bail "no .debs to test"

lint() {
	lintian --fail-on error,warning "$DEB_DKMS" "$DEB_VMLAT"
}
t "lintian: no errors or warnings on the .debs" lint

dkms_contents() {
	local l
	l=$(dpkg-deb -c "$DEB_DKMS" | awk '{print $6}')
	for f in dkms.conf Kbuild module/Kbuild module/vmlat_main.c abi/vmlat_version.h \
		$(cd "$TOP" && ls abi/*.[ch]); do
		printf '%s\n' "$l" | grep -qx "./usr/src/vmlat-$V/$f" || { echo "missing $f"; return 1; }
	done
	! printf '%s\n' "$l" | grep -E '\.(o|ko|mod|mod\.c|cmd)$' &&
	dpkg-deb --fsys-tarfile "$DEB_DKMS" | tar -xOf - "./usr/src/vmlat-$V/dkms.conf" |
		grep -qx "PACKAGE_VERSION=\"$V\"" &&
	dpkg-deb -f "$DEB_DKMS" Depends | grep -q dkms
}
t "vmlat-dkms: /usr/src/vmlat-$V with dkms.conf (version written out), Kbuild, module/, abi/, no build outputs" dkms_contents
vmlat_contents() {
	local l
	l=$(dpkg-deb -c "$DEB_VMLAT" | awk '{print $6}')
	for f in usr/sbin/vmlat usr/share/man/man8/vmlat.8.gz usr/libexec/vmlat/vmlat-prom-export \
		lib/systemd/system/vmlat-prometheus.service lib/systemd/system/vmlat-prometheus.timer \
		etc/default/vmlat etc/modules-load.d/vmlat.conf; do
		printf '%s\n' "$l" | grep -qx "./$f" || { echo "missing $f"; return 1; }
	done
}
t "vmlat: reader, man page, export script, units, /etc/default/vmlat, modules-load.d snippet" vmlat_contents

# ---------------------------------------------------------------- apt-get install
already=""
for p in vmlat vmlat-dkms; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' && already="$already $p"
done
[ -n "$(dkms status vmlat 2>/dev/null)" ] && already="$already dkms:vmlat"
[ -e "/usr/src/vmlat-$V" ] && already="$already /usr/src/vmlat-$V"
if [ -n "$already" ]; then
	for what in "apt-get install of the .debs" "DKMS module for $KVER" "vmlat --version" \
		"man page" "units" "purge"; do
		tap_skip "$what" "vmlat already on this machine:$already"
	done
	SKIP_INSTALLED=1
else
	SKIP_INSTALLED=0
fi

if [ "$SKIP_INSTALLED" = 0 ]; then
	INSTALLED_BY_US=1
	t "apt-get install ./vmlat-dkms_${V}_all.deb ./vmlat_${V}_amd64.deb" \
		apt-get install -y -q --no-install-recommends "$DEB_DKMS" "$DEB_VMLAT"
	tap_diag "$(grep -E '^(Building for|Building initial|Module build|Skipped|Done)' "$T/t.log")"

	# the installed module of a kernel: vmlat.ko, or .ko.xz/.zst where
	# the kernel compresses its modules (Debian's 6.12)
	ko_of() { ls "/lib/modules/$1/updates/dkms/"vmlat.ko* 2>/dev/null | head -n 1; }
	if dkms status "vmlat/$V" -k "$KVER" | grep -q ': installed'; then
		tap_pass "the package's postinst built and installed vmlat for $KVER"
	else
		# DKMS's postinst builds for the running and the newest kernel
		# only when the running one is installed: then build the default
		# kernel's explicitly, as its kernel postinst hook would.
		tap_diag "postinst did not build for $KVER ($(dkms status vmlat | tr '\n' ';')); dkms install"
		t "dkms install vmlat/$V -k $KVER from the package's /usr/src" \
			dkms install "vmlat/$V" -k "$KVER"
	fi
	KO=$(ko_of "$KVER")
	t "${KO:-vmlat.ko for $KVER}: version $V, no sim_ parameters" no_sim "$KO"
	# what the package installed, and nothing from the checkout, builds
	# the module: a copy of /usr/src/vmlat-$V, built by kbuild directly
	installed_tree_builds() {
		rm -rf "$T/usrsrc" && cp -r "/usr/src/vmlat-$V" "$T/usrsrc" &&
			make -C "/lib/modules/$KVER/build" M="$T/usrsrc" VMLAT_TEST=0 modules &&
			no_sim "$T/usrsrc/module/vmlat.ko"
	}
	t "the installed /usr/src/vmlat-$V alone (module/ and abi/) builds vmlat.ko for $KVER" \
		installed_tree_builds
	all_built() {
		# every kernel DKMS built for: the .ko is in place, production build
		local line k n=0
		while IFS= read -r line; do
			k=$(printf '%s\n' "$line" | sed -n 's/^vmlat\/[^,]*, \([^,]*\), .*: installed.*/\1/p')
			[ -n "$k" ] || continue
			no_sim "$(ko_of "$k")" || return 1
			echo "built for $k"
			n=$((n + 1))
		done < <(dkms status vmlat)
		[ "$n" -gt 0 ]
	}
	t "every kernel DKMS built vmlat for has a production module" all_built
	tap_diag "$(grep '^built for' "$T/t.log")"

	t "vmlat --version runs and says 'vmlat reader $V'" \
		bash -c 'vmlat --version | head -n 1 | grep -qx "vmlat reader $1"' _ "$V"
	man_ok() {
		test -s /usr/share/man/man8/vmlat.8.gz || return 1
		if command -v man >/dev/null; then
			man -w 8 vmlat | grep -q vmlat.8
		fi
	}
	t "man page /usr/share/man/man8/vmlat.8.gz installed" man_ok
	units_off() {
		test -s /lib/systemd/system/vmlat-prometheus.service &&
		test -s /lib/systemd/system/vmlat-prometheus.timer || return 1
		if ls /etc/systemd/system/*.wants/vmlat-prometheus.* 2>/dev/null; then
			echo "enabled on install"; return 1
		fi
		if command -v systemctl >/dev/null; then
			[ "$(systemctl is-enabled vmlat-prometheus.timer 2>&1)" = disabled ] ||
				{ systemctl is-enabled vmlat-prometheus.timer; return 1; }
		fi
		# the modules-load.d snippet is there but loads nothing
		test -e /etc/modules-load.d/vmlat.conf &&
			! grep -Ev '^[[:space:]]*(#|$)' /etc/modules-load.d/vmlat.conf
	}
	t "units installed, timer not enabled, modules-load.d/vmlat.conf inactive" units_off
	if command -v systemd-analyze >/dev/null; then
		t "systemd-analyze verify the service and the timer" \
			systemd-analyze verify --man=no /lib/systemd/system/vmlat-prometheus.timer \
				/lib/systemd/system/vmlat-prometheus.service
	else
		tap_skip "systemd-analyze verify" "systemd not installed"
	fi
	EXPORT=/usr/libexec/vmlat/vmlat-prom-export
	READER=/usr/sbin/vmlat
else
	EXPORT=$CO/packaging/vmlat-prom-export
	READER=$CO/userspace/vmlat
	make -C "$CO/userspace" >/dev/null 2>&1
fi

# ---------------------------------------------------------------- export script
tap_diag "export script under test: $EXPORT"
K4=$FX/kvm4
RARGS=(--root "$K4/debugfs/vmlat" --params "$K4/module/vmlat/parameters")
TF=$T/textfile
mkdir -p "$TF"
: >"$T/empty.conf"
X=("$EXPORT" -c "$T/empty.conf" -d "$TF" -r "$READER")

export_ok() {
	"${X[@]}" -- "${RARGS[@]}" &&
	test -s "$TF/vmlat.prom" &&
	[ "$(stat -c %a "$TF/vmlat.prom")" = 644 ] &&
	[ -z "$(find "$TF" -name '.vmlat.prom.*')" ]
}
t "export (fixture kvm4, reader options passed through): vmlat.prom, mode 0644, no temp file left" export_ok
t "promtool check metrics accepts vmlat.prom" bash -c 'promtool check metrics <"$1"' _ "$TF/vmlat.prom"
has_metrics() {
	local f=$TF/vmlat.prom m
	for m in 'vmlat_lateness_seconds_bucket{le="+Inf"} ' 'vmlat_steal_seconds_sum ' \
		'vmlat_samples_total ' 'vmlat_sampled_seconds_total ' 'vmlat_steal_ratio '; do
		grep -qF "$m" "$f" || { echo "missing $m"; return 1; }
	done
	# exactly what the reader prints, histogram then summary
	cmp "$f" <("$READER" hist --prom "${RARGS[@]}"; "$READER" summary --prom "${RARGS[@]}")
}
t "vmlat.prom is 'vmlat hist --prom' then 'vmlat summary --prom', with the lateness histogram and steal" has_metrics

# settings from the config file: directory and VMLAT_ARGS
cfg() {
	mkdir -p "$T/tf2"
	cat >"$T/vmlat.default" <<-EOF
	VMLAT_TEXTFILE_DIR=$T/tf2
	VMLAT_ARGS="--root $K4/debugfs/vmlat --params $K4/module/vmlat/parameters --per-cpu"
	VMLAT=$READER
	EOF
	"$EXPORT" -c "$T/vmlat.default" &&
		grep -q '^vmlat_lateness_seconds_bucket{cpu="3",le=' "$T/tf2/vmlat.prom" &&
		promtool check metrics <"$T/tf2/vmlat.prom"
}
t "settings from the config file (VMLAT_TEXTFILE_DIR, VMLAT_ARGS=--per-cpu): per-CPU series, valid" cfg

cp "$TF/vmlat.prom" "$T/expected.prom"
inode_changes() {
	local a b
	a=$(stat -c %i "$TF/vmlat.prom")
	"${X[@]}" -- "${RARGS[@]}" || return 1
	b=$(stat -c %i "$TF/vmlat.prom")
	echo "inode $a -> $b"
	[ "$a" != "$b" ] && cmp "$TF/vmlat.prom" "$T/expected.prom"
}
t "each export replaces vmlat.prom by rename (new inode, same content)" inode_changes

# A reader polling the file while a writer rewrites it 100 times: with
# rename, every read is the whole file; the control writer, which writes
# in place as `vmlat ... >file` would, must be caught by the same check.
race() { # WRITER-FUNCTION: prints "reads torn"
	local stop=$T/stop n=0 bad=0 wp
	rm -f "$stop"
	( for _ in $(seq 100); do "$1" >/dev/null 2>&1 || exit 1; done; touch "$stop" ) &
	wp=$!
	while [ ! -e "$stop" ] && kill -0 "$wp" 2>/dev/null; do
		n=$((n + 1))
		cmp -s "$TF/vmlat.prom" "$T/expected.prom" || bad=$((bad + 1))
	done
	wait "$wp" || { echo "writer failed"; return 1; }
	echo "$n $bad"
}
w_atomic() { "${X[@]}" -- "${RARGS[@]}"; }
w_inplace() {
	{ "$READER" hist --prom "${RARGS[@]}"; "$READER" summary --prom "${RARGS[@]}"; } >"$TF/vmlat.prom"
}
atomic() {
	local r
	r=$(race w_atomic) || return 1
	echo "atomic writer: reads and torn reads: $r"
	set -- $r
	[ "$1" -gt 0 ] && [ "$2" -eq 0 ]
}
t "100 exports under a polling reader: every read is the complete file" atomic
tap_diag "$(grep 'reads' "$T/t.log")"
control() {
	local r
	r=$(race w_inplace) || return 1
	echo "in-place writer: reads and torn reads: $r"
	set -- $r
	[ "$2" -gt 0 ]
}
t "control: the same reader catches torn reads of an in-place writer" control
tap_diag "$(grep 'reads' "$T/t.log")"
"${X[@]}" -- "${RARGS[@]}" >/dev/null 2>&1
cp "$TF/vmlat.prom" "$T/before.prom"

# failures: the previous file stays, exit non-zero, a reason on stderr
fails_keeps() { # DESC-less: FIXTURE-ARGS...
	local rc
	"${X[@]}" -- "$@" >"$T/f.out" 2>"$T/f.err"
	rc=$?
	echo "status $rc; stderr:"; cat "$T/f.err"
	[ "$rc" -ne 0 ] && [ -s "$T/f.err" ] &&
		cmp "$TF/vmlat.prom" "$T/before.prom" &&
		[ -z "$(find "$TF" -name '.vmlat.prom.*')" ]
}
t "failed run (module not loaded: no debugfs dir): non-zero, old vmlat.prom intact, no temp file" \
	fails_keeps --root "$T/nowhere/vmlat" --params "$T/nowhere/parameters"
MS=$FX/malformed_summary
t "failed run (hist fine, summary malformed): half a file is never published" \
	fails_keeps --root "$MS/debugfs/vmlat" --params "$MS/module/vmlat/parameters"
nodir() {
	"$EXPORT" -c "$T/empty.conf" -d "$T/no-such-dir" -r "$READER" -- "${RARGS[@]}" 2>&1
	[ $? -eq 1 ] && [ ! -e "$T/no-such-dir" ]
}
t "missing textfile directory: exit 1, says which, creates nothing" nodir
t "bad option: usage on stderr, exit 2" \
	bash -c '"$1" -x >/dev/null 2>&1; [ $? -eq 2 ]' _ "$EXPORT"

# ---------------------------------------------------------------- the documented PromQL
# docs/install.md's two queries, evaluated by promtool over an export of
# the kvm4 fixture: the counters at 0, then the fixture's values 5 minutes
# later on instance "vm1". Each check is an alert that must not fire; a
# control alert with a deliberately wrong expectation must fire.
P99Q='histogram_quantile(0.99, sum by (instance, le) (rate(vmlat_lateness_seconds_bucket[5m])))'
STEALQ='1000 * sum by (instance) (rate(vmlat_steal_seconds_sum[5m])) / sum by (instance) (rate(vmlat_sampled_seconds_total[5m]))'
promql() {
	local f=$T/before.prom d=$T/promql p99 lo hi
	mkdir -p "$d"
	# the reader's p99 and the Prometheus le bounds around it
	p99=$(sed -n 's/^vmlat_lateness_percentile_seconds{percentile="99"} //p' "$f")
	read -r lo hi < <(sed -n 's/^vmlat_lateness_seconds_bucket{le="\([0-9.]*\)"}.*/\1/p' "$f" |
		awk -v p="$p99" '$1 + 0 >= p + 0 { print (prev == "" ? 0 : prev), $1; exit } { prev = $1 }')
	echo "reader p99 $p99 s, in the le bucket ($lo, $hi]"
	[ -n "$p99" ] && [ -n "$hi" ] || return 1
	{
		echo 'groups:'
		echo '  - name: vmlat-docs'
		echo '    rules:'
		echo "      - alert: P99Missing"
		echo "        expr: absent($P99Q)"
		echo "      - alert: P99OutsideReadersBucket"
		echo "        expr: ($P99Q < $lo) or ($P99Q > $hi)"
		echo "      - alert: StealMissing"
		echo "        expr: absent($STEALQ)"
		echo "      - alert: StealDisagreesWithReader"
		echo "        expr: abs(($STEALQ) - on (instance) 1000 * vmlat_steal_ratio) > 0.01"
		echo "      - alert: ControlStealTenPercentOff"
		echo "        expr: abs(($STEALQ) - on (instance) 1100 * vmlat_steal_ratio) > 0.01"
	} >"$d/rules.yml"
	{
		echo 'rule_files: [rules.yml]'
		echo 'evaluation_interval: 1m'
		echo 'tests:'
		echo '  - interval: 5m'
		echo '    input_series:'
		grep -v '^#' "$f" | sed -n 's/^\([a-zA-Z_:][a-zA-Z0-9_:]*\)\({\(.*\)}\)\{0,1\} \(.*\)$/\1 \3 \4/p' |
			while read -r name labels value; do
				if [ -z "$value" ]; then value=$labels; labels=; fi
				[ -n "$labels" ] && labels=",$labels"
				printf "      - series: '%s{instance=\"vm1\"%s}'\n        values: '0 %s'\n" \
					"$name" "$labels" "$value"
			done
		echo '    alert_rule_test:'
		for a in P99Missing P99OutsideReadersBucket StealMissing StealDisagreesWithReader; do
			printf '      - eval_time: 5m\n        alertname: %s\n        exp_alerts: []\n' "$a"
		done
		printf '      - eval_time: 5m\n        alertname: ControlStealTenPercentOff\n'
		printf '        exp_alerts:\n          - exp_labels: {instance: vm1}\n'
	} >"$d/test.yml"
	(cd "$d" && promtool test rules test.yml)
}
t "docs' PromQL over an export: p99 lateness in the reader's p99 bucket, steal ms/s = the reader's (control fires)" promql
tap_diag "$(grep 'reader p99' "$T/t.log")"

# ---------------------------------------------------------------- Debian 13
# The same .debs on Debian 13, in the trixie chroot of tests/lib/dkernel.sh
# (a debootstrap of trixie with trixie-backports), with the headers of the
# newest Debian kernel installed there: apt installs them, the package's
# DKMS builds vmlat for that kernel with trixie's compiler, and the module
# it built loads in a guest of that kernel (the smoke, 11-load-stages).
# The packages are purged from the chroot again.
top=$TOP
T13_KO=""
. "$TOP/tests/lib/dkernel.sh"
trixie_debs()
{
	local c=$DK_CHROOT d=/var/cache/vmlat-debs
	# not under /tmp: dk_run_in mounts the host's /tmp there
	rm -rf "${c:?}$d"
	mkdir -p "$c$d"
	cp "$DEB_DKMS" "$DEB_VMLAT" "$c$d/" &&
		dk_chroot_apt "$c" install "$d/$(basename "$DEB_DKMS")" \
			"$d/$(basename "$DEB_VMLAT")"
}
trixie_dkms()
{
	local c=$DK_CHROOT
	# DKMS's postinst builds for the kernels it finds; build the newest's
	# explicitly when it did not, as that kernel's postinst hook would
	if ! dk_run_in "$c" /tmp dkms status "vmlat/$V" -k "$DK_ABI" | grep -q ': installed'; then
		dk_run_in "$c" /tmp dkms install "vmlat/$V" -k "$DK_ABI" || return 1
	fi
	T13_KO=$(ls "$c/lib/modules/$DK_ABI/updates/dkms/"vmlat.ko* 2>/dev/null | head -n 1)
	[ -n "$T13_KO" ] && [ "$(modinfo -F vermagic "$T13_KO" | cut -d' ' -f1)" = "$DK_ABI" ]
}
trixie_purge()
{
	local rc=0
	# the chroot's apt is shared (the debug kernel's build may use it now)
	dk_lock
	dk_run_in "$DK_CHROOT" /tmp apt-get purge -y -q vmlat vmlat-dkms </dev/null || rc=1
	dk_unlock
	[ $rc = 0 ] && ! ls "$DK_CHROOT/lib/modules/"*/updates/dkms/vmlat.ko* >/dev/null 2>&1
}
if [ -f "$DEB_DKMS" ] && [ -f "$DEB_VMLAT" ] && t "Debian 13: the newest kernel resolved, trixie chroot with its headers" dk_fetch newest; then
	tap_diag "newest: $DK_ABI ($DK_SUITE), chroot $DK_CHROOT"
	if t "Debian 13: apt-get install of the .debs in the trixie chroot" trixie_debs &&
		t "Debian 13: DKMS built and installed vmlat for $DK_ABI" trixie_dkms; then
		T13_OUT=$TOP/tests/guest/out/packaging-trixie
		t "Debian 13: the DKMS-built module loads in a guest of $DK_ABI (11-load-stages)" \
			"$TOP/tests/guest/run.sh" --kernel newest --module "$T13_KO" \
			--no-test-build --out "$T13_OUT" 11-load-stages.sh
	fi
	t "Debian 13: apt-get purge vmlat vmlat-dkms in the chroot, no module left" trixie_purge
fi

# ---------------------------------------------------------------- purge
if [ "$SKIP_INSTALLED" = 0 ]; then
	t "apt-get purge -y vmlat vmlat-dkms" apt-get purge -y -q vmlat vmlat-dkms
	INSTALLED_BY_US=0
	gone() {
		local left
		left=$(ls /lib/modules/*/updates/dkms/vmlat.ko* "/usr/src/vmlat-$V" /var/lib/dkms/vmlat \
			/etc/default/vmlat /etc/modules-load.d/vmlat.conf /usr/sbin/vmlat \
			/lib/systemd/system/vmlat-prometheus.timer 2>/dev/null)
		[ -z "$left" ] || { echo "left behind: $left"; return 1; }
		[ -z "$(dkms status vmlat)" ] &&
			! dpkg-query -W -f='${Status}\n' vmlat vmlat-dkms 2>/dev/null | grep -q installed
	}
	t "purged: no module, no /usr/src/vmlat-$V, no DKMS entry, no conffiles" gone
fi

tap_diag "packaging tests took $(($(date +%s) - start)) s"
tap_finish
