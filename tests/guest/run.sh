#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The vmlat guest harness. For one Debian kernel it builds vmlat.ko (and
# the VMLAT_TEST=1 variant, packed as vmlat-test.ko) against that kernel's
# headers in a private copy of the tree, builds the reader statically,
# builds and installs the in-guest tests as a kselftest collection
# (tests/guest/Makefile, on the linux-source tree's lib.mk), packs a
# busybox initramfs with them, boots it under
# qemu-system-x86_64 with TCG (never KVM), and prints the tests' TAP
# followed by "N passed, N failed". The run fails on any failed test, on a
# BUG/WARNING/Oops/lockdep/RCU-stall line in the kernel log, on a timeout
# and on a missing end marker. Logs stay in tests/guest/out/<kernel>/.
#
# Usage: tests/guest/run.sh [--kernel VER|PACKAGE|auto] [--smp N]
#        [--mem MIB] [--cpu MODEL] [--timeout SEC] [--test-timeout SEC]
#        [--no-test-build] [--serial-boots]
#        [--out DIR] [--module KO] [--tcg single|multi] [--null-probe]
#        [--extra-module DIR] [--old-ref REF] [test ...]
#   --kernel auto          the kernel linux-image-amd64 depends on (default)
#   --kernel debug         the debug kernel (KASAN, lockdep, ...), built and
#                          cached by tests/debug/build-kernel.sh;
#                          debug-kcsan its KCSAN variant
#   --kernel linux-image-6.12-cloud-amd64  the kernel a metapackage depends on
#   --kernel 6.12, 6.12-cloud, 6.12-rt     short for linux-image-6.12[-FLAVOUR]-amd64
#   --kernel 6.1.0-56-amd64            that exact ABI
#   --kernel newest[-cloud|-rt]        the newest Debian kernel of that
#                          flavour over trixie, trixie-backports and sid,
#                          resolved now; trixie[-cloud|-rt], sid[-...]
#                          that suite's (tests/lib/dkernel.sh: never
#                          installed here, modules built in a chroot of
#                          its suite)
#   --out DIR              logs and build here (default tests/guest/out/VER)
#   --module KO            boot with this prebuilt vmlat.ko (e.g. one DKMS
#                          built) instead of building one; its vermagic must
#                          name the kernel. The test build is still built here.
#   --timeout SEC          each boot's limit (default 900)
#   --test-timeout SEC     each test's limit inside the guest (default 300)
#   --cpu MODEL            QEMU CPU model (default max,cx16=off: QEMU 7.2
#                          corrupts RFLAGS after CMPXCHG16B, docs/evidence/platform.md)
#   --tcg MODE             TCG threading: multi (default, one host thread per
#                          vCPU: the vCPUs really run at once) or single
#                          (VMLAT_TCG_THREAD sets the default). Under multi,
#                          tests marked "# vmlat-tcg: single" (they patch
#                          kernel text) run in a second, single-threaded boot.
#                          Tests marked "# vmlat-cmdline: ARGS" run in a boot
#                          of their own with ARGS on the kernel command line
#                          (tests/guest/boots.sh). The boots run at once.
#                          icount: one single-threaded boot under
#                          -icount shift=0, where the guest's clock and TSC
#                          advance 1 ns per instruction (bench/guest-icount.sh)
#   --serial-boots         one boot after the other
#   --null-probe           also build bench/nullprobe's empty-hrtimer module,
#                          packed as /lib/vmlat/vmlat_null.ko
#   --extra-module DIR     also build the module in DIR (its Kbuild) against
#                          the kernel, packed as /lib/vmlat/NAME.ko
#   --old-ref REF          also build vmlat.ko (and, unless --no-test-build,
#                          the test build) from git ref REF of this checkout
#                          (git archive, no working-tree changes), packed as
#                          /lib/vmlat/old/vmlat.ko and old/vmlat-test.ko: an
#                          old and a new build in one boot (bench/guest-lean.sh)
#   VMLAT_GUEST_*          environment variables of that prefix are passed
#                          to the guest's tests (in /etc/vmlat-harness.conf)
#   test                   file names under tests/guest/tests/ (default all),
#                          or paths of other guest scripts to run instead

set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib/qemu.sh"
. "$top/tests/lib/host.sh"
. "$top/tests/lib/ksource.sh"
. "$top/tests/lib/dkernel.sh"
qemu_arch x86_64

kernel=auto
smp=2
mem=1024
cpu_model=$QEMU_CPU_TCG
timeout_s=900
test_timeout_s=300
test_build=1
out=""
module_ko=""
tcg_thread=${VMLAT_TCG_THREAD:-multi}
null_probe=0
extra_modules=()
old_ref=""
serial_boots=0
tests=()

usage()
{
	sed -n 's/^# \{0,1\}//; /^Usage:/,/^$/p' "$0" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--cpu) cpu_model=$2; shift 2 ;;
	--timeout) timeout_s=$2; shift 2 ;;
	--test-timeout) test_timeout_s=$2; shift 2 ;;
	--test-build) test_build=1; shift ;;
	--no-test-build) test_build=0; shift ;;
	--out) out=$2; shift 2 ;;
	--module) module_ko=$2; shift 2 ;;
	--tcg) tcg_thread=$2; shift 2 ;;
	--null-probe) null_probe=1; shift ;;
	--extra-module) extra_modules+=("$(cd "$2" && pwd)"); shift 2 ;;
	--old-ref) old_ref=$2; shift 2 ;;
	--serial-boots) serial_boots=1; shift ;;
	-h|--help) usage ;;
	-*) echo "run.sh: unknown option $1" >&2; usage ;;
	*) tests+=("$1"); shift ;;
	esac
done

icount=""
case $tcg_thread in
single|multi) ;;
icount) tcg_thread=single icount=0 ;;
*) echo "run.sh: --tcg takes single, multi or icount, not '$tcg_thread'" >&2; exit 2 ;;
esac

if [ -n "$old_ref" ] && ! git -C "$top" rev-parse -q --verify "$old_ref^{commit}" >/dev/null; then
	echo "run.sh: --old-ref $old_ref: not a commit of $top (a shallow clone? git fetch --unshallow)" >&2
	exit 2
fi

log()
{
	echo "guest: $*" >&2
}

# failures found on the host side, reported after the guest's own results
extra_failures=()

"$top/tests/deps.sh" "$QEMU_PKG" busybox-static cpio make gcc libc6-dev \
	rsync trace-cmd linux-perf rt-tests

boot_kernel "$kernel" || exit 1
kver=$BK_VER vmlinuz=$BK_IMAGE kdir=$BK_KDIR
log "kernel $kver ($vmlinuz, headers $kdir)"

out=${out:-$here/out/$kver}
rm -rf "$out"
mkdir -p "$out"

# build_module - vmlat.ko in directory $1 with VMLAT_TEST=$2, from this
# tree, or from git ref $3 (git archive: only what the ref committed);
# log in $out/build[-old]-$2.log
build_module()
{
	local dir=$1 variant=$2 ref=${3:-} blog=$out/build-$2.log what=""

	if [ -n "$ref" ]; then
		blog=$out/build-old-$variant.log what=" from $ref"
		rm -rf "$dir"
		mkdir -p "$dir"
		git -C "$top" archive "$ref" | tar -x -C "$dir" || return 1
	else
		copy_tree "$dir"
	fi
	if kernel_make "$dir" module KDIR="$kdir" VMLAT_TEST="$variant" \
		>"$blog" 2>&1 </dev/null && [ -f "$dir/module/vmlat.ko" ]; then
		return 0
	fi
	log "module build$what (VMLAT_TEST=$variant) failed, see $blog:"
	tail -n 15 "$blog" | sed 's/^/guest:   /' >&2
	return 1
}

# build_reader - a static userspace/vmlat from $1, printed path, or nothing
build_reader()
{
	local dir=$1 blog=$out/build-reader.log

	if build_static_reader "$dir" "$blog"; then
		echo "$dir/userspace/vmlat"
	else
		log "no static reader (userspace/vmlat), see $blog"
	fi
}

build=$out/build
t0=$(date +%s)
have_module=0
if [ -n "$module_ko" ]; then
	# a prebuilt module: the tree is still copied for the reader
	copy_tree "$build/src"
	mod_vermagic=$(modinfo -F vermagic "$module_ko" 2>/dev/null | cut -d' ' -f1)
	if [ ! -s "$module_ko" ]; then
		extra_failures+=("prebuilt module $module_ko: no such file")
	elif [ "$mod_vermagic" != "$kver" ]; then
		extra_failures+=("prebuilt module $module_ko: vermagic '$mod_vermagic', not $kver")
	else
		# DKMS compresses like the kernel's own modules (6.12: .ko.xz);
		# busybox insmod wants the plain ELF
		mkdir -p "$build/src/module"
		qemu_plain_module "$module_ko" "$build/src/module/vmlat.ko"
		have_module=1
		log "prebuilt module $module_ko (vermagic $mod_vermagic)"
	fi
elif build_module "$build/src" 0; then
	have_module=1
else
	extra_failures+=("build vmlat.ko against $kver")
fi
have_test_module=0
if [ "$test_build" = 1 ]; then
	if build_module "$build/src-test" 1; then
		have_test_module=1
	else
		extra_failures+=("build vmlat.ko (VMLAT_TEST=1) against $kver")
	fi
fi
reader=$(build_reader "$build/src")
have_null_probe=0
if [ "$null_probe" = 1 ]; then
	if kernel_make "$build/src/bench/nullprobe" -C "$kdir" M="$build/src/bench/nullprobe" modules \
		>"$out/build-null.log" 2>&1 </dev/null &&
		[ -f "$build/src/bench/nullprobe/vmlat_null.ko" ]; then
		have_null_probe=1
	else
		extra_failures+=("build bench/nullprobe/vmlat_null.ko against $kver, see $out/build-null.log")
	fi
fi
old_kos=()
if [ -n "$old_ref" ]; then
	if build_module "$build/old-src" 0 "$old_ref"; then
		old_kos+=("$build/old-src/module/vmlat.ko:vmlat.ko")
	else
		extra_failures+=("build vmlat.ko from $old_ref against $kver")
	fi
	if [ "$test_build" = 1 ]; then
		if build_module "$build/old-src-test" 1 "$old_ref"; then
			old_kos+=("$build/old-src-test/module/vmlat.ko:vmlat-test.ko")
		else
			extra_failures+=("build vmlat.ko (VMLAT_TEST=1) from $old_ref against $kver")
		fi
	fi
fi
extra_kos=()
for dir in "${extra_modules[@]+"${extra_modules[@]}"}"; do
	name=$(basename "$dir")
	mkdir -p "$build/extra"
	rm -rf "$build/extra/$name"
	cp -r "$dir" "$build/extra/$name"
	if kernel_make "$build/extra/$name" -C "$kdir" M="$build/extra/$name" modules \
		>"$out/build-extra-$name.log" 2>&1 </dev/null &&
		ls "$build/extra/$name"/*.ko >/dev/null 2>&1; then
		extra_kos+=("$build/extra/$name"/*.ko)
	else
		extra_failures+=("build the module in $dir against $kver, see $out/build-extra-$name.log")
	fi
done
log "built in $(($(date +%s) - t0)) s (module=$have_module test-module=$have_test_module reader=${reader:+yes}${old_ref:+ old=$old_ref:${#old_kos[@]}})"

# the initramfs: busybox and its applets, the modules, reader and tests
root=$out/initramfs
busybox=$(static_busybox) || exit 1
qemu_root "$root" "$busybox"
mkdir -p "$root"/lib/vmlat "$root"/lib/vmlat-tests
install -m 0755 "$here/init" "$root/init"
[ "$have_module" = 1 ] && cp "$build/src/module/vmlat.ko" "$root/lib/vmlat/vmlat.ko"
[ "$have_test_module" = 1 ] && cp "$build/src-test/module/vmlat.ko" "$root/lib/vmlat/vmlat-test.ko"
[ -n "$reader" ] && cp "$reader" "$root/bin/vmlat"
[ "$have_null_probe" = 1 ] && cp "$build/src/bench/nullprobe/vmlat_null.ko" "$root/lib/vmlat/vmlat_null.ko"
for ko in "${extra_kos[@]+"${extra_kos[@]}"}"; do
	cp "$ko" "$root/lib/vmlat/"
done
if [ ${#old_kos[@]} -gt 0 ]; then
	mkdir -p "$root/lib/vmlat/old"
	for ko in "${old_kos[@]}"; do
		cp "${ko%%:*}" "$root/lib/vmlat/old/${ko#*:}"
	done
	git -C "$top" rev-parse --short "$old_ref^{commit}" > "$root/lib/vmlat/old/REF"
fi

# pack_tool - a host binary with the shared libraries and loader it needs,
# for the cross-checks and recipes the guest tests run (trace-cmd, perf,
# cyclictest); returns 1 when the host does not have it
pack_tool()
{
	[ -n "$1" ] && [ -x "$1" ] && qemu_root_exe "$root" "$1" "/usr/bin/$2"
}

# Debian's perf may be a wrapper script that picks perf_<version> by
# `uname -r`; pack the real binary
perf_bin=$(command -v perf || true)
if [ -n "$perf_bin" ] && [ "$(head -c 4 "$perf_bin" | tail -c 3)" != ELF ]; then
	perf_bin=$(ls /usr/bin/perf_[0-9]* 2>/dev/null | sort -V | tail -n 1)
fi
packed=""
pack_tool "$perf_bin" perf && packed="$packed perf"
pack_tool "$(command -v trace-cmd || true)" trace-cmd && packed="$packed trace-cmd"
pack_tool "$(command -v cyclictest || true)" cyclictest && packed="$packed cyclictest"
log "packed tools:${packed:- none}"

cp "$top"/tests/lib/*.sh "$top"/tests/lib/*.awk "$root/lib/vmlat-tests/"
# make check-here's entry point, which 97-check-here.sh runs in the guest
cp "$top/tests/check-here.sh" "$root/lib/vmlat-tests/"

# The tests to run: file names of tests/guest/tests/, or scripts from
# elsewhere (e.g. tests/guest/measure.sh), staged to join the collection
extra_dir=$out/extra-progs
mkdir -p "$extra_dir"
extra_progs=()
if [ ${#tests[@]} -eq 0 ]; then
	(cd "$here/tests" && ls ./*.sh | sed 's|^\./||' | LC_ALL=C sort) > "$root/etc/vmlat-tests.list"
else
	for t in "${tests[@]}"; do
		# a path to one of tests/guest/tests is that test, not a copy
		[ "$(cd "$(dirname "$t")" 2>/dev/null && pwd -P)" = "$(cd "$here/tests" && pwd -P)" ] &&
			t=$(basename "$t")
		case $t in
		*/*)	if [ ! -f "$t" ]; then
				echo "run.sh: no script $t" >&2
				exit 2
			fi
			install -m 0755 "$t" "$extra_dir/"
			extra_progs+=("$extra_dir/$(basename "$t")")
			;;
		*)	if [ ! -f "$here/tests/$t" ]; then
				echo "run.sh: no test tests/guest/tests/$t" >&2
				exit 2
			fi
			;;
		esac
		basename "$t"
	done > "$root/etc/vmlat-tests.list"
fi

# The in-guest suite is a kselftest collection (tests/guest/Makefile, on
# lib.mk of the linux-source tree): built here (the helper programs in
# tests/guest/tools, static) and installed as a kselftest install in
# /kselftest, run_kselftest.sh and kselftest-list.txt included. The
# tests find the helper programs through $VMLAT_LIB/bin.
ksft_root=$root/kselftest
if ksrc=$(ksource_dir) &&
	make -C "$here" KSFT_DIR="$ksrc/tools/testing/selftests" \
		OUTPUT="$out/ksft-build" USERLDFLAGS=-static \
		EXTRA_PROGS="${extra_progs[*]+"${extra_progs[*]}"}" \
		all install INSTALL_PATH="$ksft_root" \
		>"$out/build-kselftest.log" 2>&1 </dev/null &&
	[ -x "$ksft_root/run_kselftest.sh" ] && [ -s "$ksft_root/kselftest-list.txt" ]; then
	ln -sfn /kselftest/vmlat "$root/lib/vmlat-tests/bin"
else
	extra_failures+=("build and install the kselftest collection (tests/guest/Makefile), see $out/build-kselftest.log")
	log "the kselftest collection did not build, see $out/build-kselftest.log:"
	tail -n 15 "$out/build-kselftest.log" | sed 's/^/guest:   /' >&2
fi
# kselftest's runner calls "timeout --foreground"; busybox's timeout runs
# in the foreground anyway and knows no such option
rm -f "$root/usr/bin/timeout"
cat > "$root/usr/bin/timeout" <<'TIMEOUT'
#!/bin/sh
[ "$1" = --foreground ] && shift
exec /bin/busybox timeout "$@"
TIMEOUT
chmod 0755 "$root/usr/bin/timeout"
echo "$test_timeout_s" > "$root/etc/vmlat-test-timeout"
cat > "$root/etc/vmlat-harness.conf" <<CONF
VMLAT_HARNESS_SMP=$smp
VMLAT_HARNESS_TEST_BUILD=$test_build
VMLAT_HARNESS_KERNEL=$kver
VMLAT_HARNESS_MODULE=${module_ko:-built}
VMLAT_MEASURE_S=${VMLAT_MEASURE_S:-10}
VMLAT_HARNESS_TCG=$tcg_thread
VMLAT_HARNESS_CPU='$cpu_model'
CONF
# the caller's VMLAT_GUEST_* settings, quoted for the guest's sh
env | grep -E '^VMLAT_GUEST_[A-Za-z0-9_]*=' | while IFS='=' read -r name value; do
	printf "%s='%s'\n" "$name" "$(printf '%s' "$value" | sed "s/'/'\\\\''/g")"
done >> "$root/etc/vmlat-harness.conf"
# Boots: a test whose header says "# vmlat-tcg: single" runs in a boot of
# its own under single-threaded TCG when the rest run multi-threaded (see
# docs/evidence/platform.md for why), one that says "both" in each boot; one that
# says "# vmlat-cmdline: ARGS" in a boot of its own with ARGS on the
# kernel command line; everything else shares one boot (boots.sh). The
# list file names the tests of a boot; the initramfs is packed once a boot.
. "$here/boots.sh"
vmlat_plan_boots "$root/etc/vmlat-tests.list" "$ksft_root/vmlat" "$tcg_thread" "$out" || exit 2

# Boot (tests/lib/qemu.sh). TCG only: /dev/kvm kills stock kernels
# here. The first serial port is the kernel console, the second the
# tests' results channel.
results=$out/results.log
: > "$results"
consoles=()
boot_ids=()
boot_suffixes=()
boot_whats=()
boot_pids=()
first=1

# boot_guest SUFFIX PHASE ARGS INITRD CONSOLE - one QEMU boot to its end;
# its exit status goes to $out/qemu-rc$SUFFIX, its time to the log
boot_guest()
{
	local suffix=$1 phase=$2 args=$3 initrd=$4 console=$5 rc=0 t0 boot_args
	# A multi-threaded boot comes up on cpu0 alone; the guest's /init
	# brings the other CPUs online before the first test. The kernel
	# patches its own text during boot (static keys: "sched_clock:
	# Marking stable", late in the initcalls), and a second vCPU running
	# meanwhile can execute the stale code (the int3 Oops of
	# docs/evidence/platform.md, "the wedge": once in about 30 multi-threaded
	# boots on 2026-12-03, at 2.1 s, before any module). With one vCPU
	# there is no other to run stale code.
	boot_args=$args
	if [ "$phase" = multi ] && [ "$smp" -gt 1 ]; then
		boot_args="${boot_args:+$boot_args }maxcpus=1"
	fi
	# no_timer_check: the kernel's early check that the IO-APIC timer
	# ticks waits a few ticks of its own clock; a vCPU thread the host
	# does not run for that long (boots side by side) panics the boot
	# ("IO-APIC + timer doesn't work!", seen once in the matrix), as KVM
	# guests avoid the same way.
	# Side by side, the single-threaded boot (the steal and cross-check
	# tests whose baseline is the other vCPU's lateness: host time taken
	# from its one thread lands on one vCPU) has the CPU first; the
	# multi-threaded boots' tests hold with less (a test of 85-stage-
	# steal-sim failed at equal priority, 59 of the 73 late wake-ups
	# it needs to be steal)
	nice_n=0
	[ "$serial_boots" = 0 ] && [ "$phase" = multi ] && nice_n=10
	t0=$(date +%s)
	QEMU_WRAP="timeout -k 10 $timeout_s nice -n $nice_n" qemu_boot \
		name=vmlat-guest accel=tcg,thread="$phase" cpu="$cpu_model" \
		${icount:+icount=$icount} \
		smp="$smp" mem="$mem" kernel="$vmlinuz" initrd="$initrd" \
		args="loglevel=7 panic=-1 printk.time=1 no_timer_check${BK_ARGS:+ $BK_ARGS}${boot_args:+ $boot_args}" \
		log="$out/qemu$suffix.log" serial="$console" \
		serial="$out/results$suffix.part" || rc=$?
	log "guest ran $(($(date +%s) - t0)) s (tcg=$phase${icount:+ icount shift=$icount}${args:+ cmdline=$args}, qemu status $rc)"
	echo "$rc" > "$out/qemu-rc$suffix"
}

# Pack every boot's initramfs, then start the boots together: each is a
# machine of its own and most of a test's time is the guest waiting for
# its timers, so a single-threaded boot beside the multi-threaded one
# costs its host thread, not its length (--serial-boots: one at a time).
# the boot plan on fd 3: nothing in the loop may eat it
while read -r id phase args <&3; do
	# the first TCG boot's logs keep their plain names
	if [ "$first" = 1 ] && [ "$id" = "$phase" ]; then
		suffix=""
	else
		suffix=-$id
	fi
	first=0
	what="tcg=$phase${args:+ cmdline=$args}"
	console=$out/console$suffix.log
	consoles+=("$console")
	cp "$out/tests-$id.list" "$root/etc/vmlat-tests.list"
	sed -i '/^VMLAT_HARNESS_TCG=/d; /^VMLAT_HARNESS_CMDLINE=/d' "$root/etc/vmlat-harness.conf"
	printf "VMLAT_HARNESS_TCG=%s\nVMLAT_HARNESS_CMDLINE='%s'\n" "$phase" \
		"$(printf '%s' "$args" | sed "s/'/'\\\\''/g")" >> "$root/etc/vmlat-harness.conf"
	initrd=$out/initramfs$suffix.cpio.gz
	qemu_pack "$root" "$initrd"
	rm -f "$out/qemu-rc$suffix" "$out/results$suffix.part"
	log "booting $kver: smp=$smp mem=${mem}M cpu=$cpu_model $what ($(wc -l < "$out/tests-$id.list") tests), timeout ${timeout_s}s"
	boot_ids+=("$id")
	boot_suffixes+=("$suffix")
	boot_whats+=("$what")
	if [ "$serial_boots" = 1 ]; then
		boot_guest "$suffix" "$phase" "$args" "$initrd" "$console"
	else
		boot_guest "$suffix" "$phase" "$args" "$initrd" "$console" &
		boot_pids+=($!)
	fi
done 3< "$out/boots"
for pid in "${boot_pids[@]+"${boot_pids[@]}"}"; do
	wait "$pid" || true
done

# the boots' results in plan order
for i in "${!boot_ids[@]}"; do
	suffix=${boot_suffixes[$i]} what=${boot_whats[$i]}
	qemu_rc=$(cat "$out/qemu-rc$suffix" 2>/dev/null || echo "none")
	rm -f "$out/qemu-rc$suffix"
	if [ "$qemu_rc" = 124 ] || [ "$qemu_rc" = 137 ]; then
		extra_failures+=("guest ($what) timed out after ${timeout_s} s")
	elif [ "$qemu_rc" != 0 ]; then
		extra_failures+=("qemu ($what) exited with status $qemu_rc: $(head -c 300 "$out/qemu$suffix.log" | tr '\n' ' ')")
	fi
	# a guest that never reached /init leaves no results channel at all
	[ -f "$out/results$suffix.part" ] && cat "$out/results$suffix.part" >> "$results"
	rm -f "$out/results$suffix.part"
	echo "vmlat-guest: BOOT-END $what" >> "$results"
done

# every splat line in the kernel log is a failure of its own; a log the
# scanner cannot read is one too
for c in "${consoles[@]}"; do
	scan_rc=0
	"$here/scan-log.sh" $BK_SCAN "$c" > "$out/scan.txt" || scan_rc=$?
	while IFS= read -r line; do
		extra_failures+=("guest kernel log: $line")
	done < "$out/scan.txt"
	if [ "$scan_rc" -gt 1 ]; then
		extra_failures+=("scan-log.sh could not scan $c (status $scan_rc)")
	fi
done
rm -f "$out/scan.txt"

printf '%s\n' "${extra_failures[@]+"${extra_failures[@]}"}" | sed '/^$/d' > "$out/host-failures.txt"
awk -v extra="$out/host-failures.txt" -f "$here/report.awk" "$results" | tee "$out/report.tap"
log "console log: ${consoles[*]}"
log "results log: $results"
log "report:      $out/report.tap"
tail -n 1 "$out/report.tap" | grep -q ' 0 failed'
