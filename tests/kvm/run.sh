#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check-kvm`: vmlat against a real KVM hypervisor's steal accounting,
# on machines without hardware virtualization. Three levels:
#
#   L0  this host: qemu-system-x86_64 -accel tcg (never /dev/kvm), an AMD
#       CPU model, so that TCG emulates SVM
#   L1  Debian's stock kernel with its own kvm.ko and kvm-amd.ko: a real KVM
#       host (tests/kvm/l1-init); it runs the hog schedule
#   L2  the same kernel under L1's KVM (qemu-system-x86_64-microvm -accel
#       kvm), with vmlat.ko (steal=auto) and the reader (tests/kvm/l2-init)
#
# KVM writes L2's steal clock from the run_delay of each vCPU thread in
# L1; a SCHED_FIFO hog on that thread's L1 CPU (a duty cycle, or blocks of
# 30-100 ms every 1-2 s) makes steal of a known size. L2 runs segments
# (L2 spinning or idle, steal=auto or kcpustat, the seed's sleep loop with
# `vmlat record`, the wake-up stages with an L1 hog, an L2 hog or none,
# the seed's with the user stage and `vmlat wait --record`, the residual's
# causes with L2 idle and the test build: nothing injected, L1's hard-IRQ
# spin on the vCPU's CPU (tests/kvm/hostspin: host delay KVM does not
# count as steal), L2's own interrupts-off helper; hotplug with
# --l2-smp 2), then L1 boots a second L2 with -kvm-steal-time. The host
# checks (tests/kvm/check.awk) that vmlat's steal per phase agrees with
# L1's run_delay and L2's /proc/stat, that it follows the hog, that each
# block's late expiry is stolen, that stolen + residual = lateness
# exactly, that a wake-up made late by the L1 hog is mostly steal and one
# made late by the L2 hog mostly scheduling delay, that each injected
# cause lands in its part of the residual, what the masked L2
# says, plots the seed's recordings (OUT/seed.svg, OUT/seed-user.svg) and
# scans every kernel's log for splats. TAP,
# then "N passed, N failed[, N skipped]". See docs/evidence/kvm.md.
# Exit 0 pass, 1 fail, 4 SKIP (SVM or kvm-amd missing, with the step).
#
# Usage: tests/kvm/run.sh [--kernel auto|6.12|PACKAGE|ABI] [--out DIR]
#        [--timeout SEC] [--phase-s SEC] [--l2-smp 1|2] [--hog-cpu N]
#        [--cpu MODEL] [--l2-kernel same|debug|debug-kcsan|KERNEL]
#        [--invert-causes]
#   --kernel   the Debian kernel for L1 and L2 (default auto: the one
#              linux-image-amd64 depends on), resolved as tests/guest/run.sh
#   --out      logs and builds (default tests/kvm/out/VER)
#   --timeout  the whole L0 run's limit (default 1800)
#   --phase-s  seconds measured per hog phase (default 15)
#   --l2-smp   L2's vCPUs (default 1); vCPU N runs alone on L1 cpu N+1
#   --hog-cpu  the L1 CPU the hog runs on (default 1, vCPU 0's); another
#              CPU is the negative control: the steal checks must fail
#   --cpu      L1's CPU model (default EPYC); one without svm SKIPs
#   --l2-kernel L2's kernel: the same as L1's (default), the debug
#              kernel (KASAN, lockdep, ...; debug-kcsan: its KCSAN
#              variant) built and cached by tests/debug/build-kernel.sh,
#              or another Debian kernel, resolved as --kernel (e.g.
#              6.12-rt: an -rt L1 cannot run KVM under TCG, which lacks
#              the invariant TSC that KVM on PREEMPT_RT requires)
#   --invert-causes the negative control of the residual's causes: the
#              cause segments load the test build with sim_cause_invert=1
#              (unreported and guest swapped); their checks must fail
# Logs: OUT/l1-console.log (L1's kernel), OUT/l2-console.log (L2's, sent
# up by L1), OUT/results.log (L1's phase records), OUT/report.tap.

set -eEu
export LC_ALL=C
# The run never ends without the report's summary line "N passed, N
# failed": whatever stops it before check.awk's report (set -e, a
# signal) becomes one `not ok` naming the command, then the summary
# (the early tap_finish exits print theirs; report_end sets report_done).
# The trap can run inside a command's redirection (a signal during the
# build), so it writes to a copy of the script's own stdout.
exec {report_fd}>&1
trap 'stop_cmd=$BASH_COMMAND stop_line=$LINENO' ERR
trap 'stop_report $?' EXIT

# stop_report - the EXIT trap: a `not ok` and the summary line when no
# report printed them; status $1, or 1 when that was 0
# shellcheck disable=SC2317 # run by the trap
stop_report()
{
	local rc=$1

	[ -z "${report_done:-}" ] && [ "${TAP_COUNT:-0}" = 0 ] || return "$rc"
	{
		echo "not ok 1 - tests/kvm/run.sh stopped with status $rc before its report${stop_cmd:+ (line ${stop_line:-?}: $stop_cmd)}"
		echo "0 passed, 1 failed"
	} | if [ -d "${out:-}" ]; then tee -a "$out/report.tap"; else cat; fi >&"$report_fd"
	[ "$rc" != 0 ] || rc=1
	exit "$rc"
}

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib/qemu.sh"
. "$top/tests/lib/host.sh"
. "$top/tests/lib/dkernel.sh"
. "$top/tests/lib/tap.sh"
qemu_arch x86_64

kernel=auto
out=""
timeout_s=1800
phase_s=15
l2_smp=1
hog_cpu=1
cpu_model=EPYC
l2_kernel=same
l2_args=""
period_us=1000
invert_causes=0

usage()
{
	sed -n 's/^# \{0,1\}//; /^Usage:/,/^$/p' "$0" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--timeout) timeout_s=$2; shift 2 ;;
	--phase-s) phase_s=$2; shift 2 ;;
	--l2-smp) l2_smp=$2; shift 2 ;;
	--hog-cpu) hog_cpu=$2; shift 2 ;;
	--cpu) cpu_model=$2; shift 2 ;;
	--l2-kernel) l2_kernel=$2; shift 2 ;;
	--invert-causes) invert_causes=1; shift ;;
	-h|--help) usage ;;
	*) echo "kvm: unknown argument $1" >&2; usage ;;
	esac
done
case $l2_smp in
1|2) ;;
*) echo "kvm: --l2-smp takes 1 or 2" >&2; exit 2 ;;
esac

# log - a progress line on stderr
log()
{
	echo "kvm: $*" >&2
}

# build_all - vmlat.ko (the default build, and the test build for the
# cause segments) for L2's kernel, tests/kvm/hostspin for L1's, the static
# reader and the static helpers of tests/kvm/src into $build; 1 on any
# failure
build_all()
{
	local src=$build/src f v

	for v in 0 1; do
		f=$build/src$([ "$v" = 1 ] && echo -test)
		copy_tree "$f"
		if ! kernel_make "$f" module KDIR="$l2_kdir" VMLAT_TEST=$v >"$out/build-module-$v.log" 2>&1 </dev/null ||
			[ ! -f "$f/module/vmlat.ko" ]; then
			log "module build (VMLAT_TEST=$v) failed, see $out/build-module-$v.log"
			return 1
		fi
	done
	f=$src/tests/kvm/hostspin
	# L1 runs a Debian 12 kernel of this host: no chroot
	if ! BK_CHROOT="" kernel_make "$f" -C "$l1_kdir" M="$f" modules >"$out/build-hostspin.log" 2>&1 </dev/null ||
		[ ! -f "$f/vmlat_hostspin.ko" ]; then
		log "tests/kvm/hostspin build failed, see $out/build-hostspin.log"
		return 1
	fi
	if ! build_static_reader "$src" "$out/build-reader.log"; then
		log "no static reader, see $out/build-reader.log"
		return 1
	fi
	mkdir -p "$build/bin"
	for f in "$here"/src/*.c; do
		if ! gcc -static -O2 -Wall -o "$build/bin/$(basename "$f" .c)" "$f" \
			>>"$out/build-tools.log" 2>&1; then
			log "building $f failed, see $out/build-tools.log"
			return 1
		fi
	done
}

# make_l2 - L2's initramfs: busybox, vmlat.ko, the reader, kvm-mon, its init
make_l2()
{
	local root=$build/l2

	qemu_root "$root" "$busybox"
	mkdir -p "$root/lib/vmlat" "$root/lib/vmlat-tests" "$root/tests"
	cp "$build/src/module/vmlat.ko" "$root/lib/vmlat/"
	# the virtio block driver for the virtio segments, in load order
	mkdir -p "$root/lib/virtio"
	: > "$root/etc/virtio-modules"
	[ "$virtio" = 1 ] &&
		modprobe -S "$l2_ver" -a --show-depends virtio_mmio virtio_blk |
		awk '$1 == "insmod" && !seen[$2]++ { print $2 }' |
		while read -r m; do
			f=$(basename "$m" | sed 's/\.\(xz\|zst\|gz\)$//')
			qemu_plain_module "$m" "$root/lib/virtio/$f"
			echo "$f" >> "$root/etc/virtio-modules"
		done
	cp "$build/src-test/module/vmlat.ko" "$root/lib/vmlat/vmlat-test.ko"
	cp "$top"/tests/lib/*.sh "$top"/tests/lib/*.awk "$root/lib/vmlat-tests/"
	for t in $smoke; do
		cp "$top/tests/guest/tests/$t" "$root/tests/"
	done
	cp "$build/src/userspace/vmlat" "$build/bin/kvm-mon" "$build/bin/kvm-sleep" \
		"$build/bin/kvm-hog" "$root/bin/"
	install -m 0755 "$here/l2-init" "$root/init"
	cat > "$root/etc/kvm-l2.conf" <<CONF
SEGS="$segs"
PERIOD_US=$period_us
WATCH_SEG=spin
HOTPLUG_AT=7
STAGE_HOG="$stage_hog"
TAIL_NS=$tail_ns
SMOKE="$smoke"
SMOKE_TIMEOUT=$smoke_timeout
IRQOFF="$irqoff"
CAUSE_PERIOD_US=$cause_period_us
CAUSE_INVERT=$invert_causes
CONF
	qemu_pack "$root" "$build/l2-initrd.gz"
}

# make_l1 - L1's initramfs: busybox, the kvm modules in load order, QEMU's
# microvm binary with its libraries and firmware, the launcher
# (tests/lib/qemu.sh), L2's kernel and initramfs, the hog, its init
make_l1()
{
	local root=$build/l1 m f

	qemu_root "$root" "$busybox"
	mkdir -p "$root/lib/kvm" "$root/lib/kvm-test" "$root/l2" "$root/usr/share/qemu" "$root/lib/vmlat-tests"
	modprobe -S "$kver" --show-depends kvm_amd | awk '$1 == "insmod" { print $2 }' > "$build/kvm-modules.paths"
	: > "$root/etc/kvm-modules"
	while read -r m; do
		f=$(basename "$m" | sed 's/\.\(xz\|zst\|gz\)$//')
		qemu_plain_module "$m" "$root/lib/kvm/$f"
		echo "$f" >> "$root/etc/kvm-modules"
	done < "$build/kvm-modules.paths"
	if ! grep -q '^kvm-amd.ko$' "$root/etc/kvm-modules"; then
		log "no kvm-amd module for $kver in /lib/modules/$kver"
		return 1
	fi
	qemu_root_exe "$root" /usr/bin/qemu-system-x86_64-microvm
	cp "$top/tests/lib/qemu.sh" "$root/lib/vmlat-tests/"
	for f in qboot.rom bios-microvm.bin linuxboot_dma.bin linuxboot.bin kvmvapic.bin; do
		[ -e "/usr/share/qemu/$f" ] && cp -L "/usr/share/qemu/$f" "$root/usr/share/qemu/"
	done
	cp "$build/bin/kvm-hog" "$root/bin/"
	cp "$build/src/tests/kvm/hostspin/vmlat_hostspin.ko" "$root/lib/kvm-test/"
	cp "$l2_vmlinuz" "$root/l2/vmlinuz"
	cp "$build/l2-initrd.gz" "$root/l2/initrd.gz"
	install -m 0755 "$here/l1-init" "$root/init"
	cat > "$root/etc/kvm-l1.conf" <<CONF
L2_SMP=$l2_smp
L2_ARGS="$l2_args"
L2_MEM=256
L2_CPU=host,-xsave
L2_BOOT_S=600
L2_END_S=$((mon_s + 300 + $(echo $smoke | wc -w) * smoke_timeout))
L2_PROBE_CPU="$probe_cpu"
KVM_AMD_PARAMS=""
PHASES="$phases"
L2_DISK_MB=$([ "$virtio" = 1 ] && echo 64 || echo 0)
CONF
	qemu_pack "$root" "$build/l1-initrd.gz"
}

# boot_l0 - L1 under TCG with three serial files; QEMU's status on stdout.
# L1 boots on cpu0 alone and its init brings the others online: the
# kernel's boot-time text patching with a second vCPU running meets
# multi-threaded TCG's stale code (docs/evidence/platform.md, as tests/guest/run.sh)
boot_l0()
{
	local rc=0

	QEMU_WRAP="nice -n 10 timeout -k 10 $timeout_s" qemu_boot \
		name=vmlat-kvm-l1 accel=tcg,thread=multi cpu="$cpu_model" \
		smp=3 mem=3072 kernel="$vmlinuz" initrd="$build/l1-initrd.gz" \
		args="loglevel=5 panic=-1 printk.time=1 maxcpus=1" \
		log="$out/qemu.log" serial="$out/l1-console.raw" \
		serial="$out/results.raw" serial="$out/l2-console.raw" || rc=$?
	echo "$rc"
}

# A boot notice, not a splat: Debian's kernels print it at pr_warn when
# the CPU (here TCG's EPYC, family 17h) lacks the IBPB-extending
# microcode, with "WARNING:" in it; the scanner would take it for a WARN().
srso_notice='Speculative Return Stack Overflow: WARNING: See https://kernel.org/doc/html/latest/admin-guide/hw-vuln/srso.html for mitigation options.$'

# scan - splat lines of console log $1 (named $2) as host failures, with
# scan-log.sh's flags $3...; the SRSO notice alone is dropped first
scan()
{
	local rc=0 line log=$1 name=$2

	shift 2
	grep -v -e "$srso_notice" "$log" > "$out/scan-input.log" || true
	"$top/tests/guest/scan-log.sh" "$@" "$out/scan-input.log" > "$out/scan.txt" || rc=$?
	while IFS= read -r line; do
		echo "$name kernel log: $line"
	done < "$out/scan.txt"
	[ "$rc" -le 1 ] || echo "scan-log.sh could not scan $log (status $rc)"
	rm -f "$out/scan.txt" "$out/scan-input.log"
}

"$top/tests/deps.sh" "$QEMU_PKG" busybox-static cpio make gcc libc6-dev xz-utils kmod
busybox=$(static_busybox) || exit 1
# L1's kernel: one installed here, whose kvm modules L1 loads
case $kernel in
debug*|newest*|trixie*|sid*)
	echo "kvm: --kernel $kernel: L1 needs a Debian 12 kernel installed here (its kvm modules)" >&2
	exit 2
	;;
esac
boot_kernel "$kernel" || exit 1
kver=$BK_VER vmlinuz=$BK_IMAGE l1_kdir=$BK_KDIR
# L2's kernel: L1's, or another one resolved as tests/guest/run.sh does
# (the debug kernel: its build tree is its headers, its arguments and
# scan flags with it); vmlat is built for it (kernel_make)
[ "$l2_kernel" = same ] || boot_kernel "$l2_kernel" || exit 2
l2_vmlinuz=$BK_IMAGE
l2_ver=$BK_VER
l2_kdir=$BK_KDIR
l2_args=$BK_ARGS

[ "$l2_kernel" = same ] || kver_tag="-l2-$l2_kernel"
out=${out:-$here/out/$kver${kver_tag:-}}
rm -rf "$out"
mkdir -p "$out"
build=$out/build
# The schedule. L2's segments "NAME:STEAL:WORKLOAD:SECS" (tests/kvm/l2-init)
# and L1's phases "SEG:NAME:MODE:DUTY:PERIOD_MS:SECS:CPU:EXPECT"
# (tests/kvm/l1-init). Blocks of 30-100 ms every 1-2 s are the seed's
# cloud (20-50 ms/s); half the shortest block is the attribution bound.
block="30-100:1000-2000"
tail_ns=15000000
sched="spin:auto:spin idle:none:0:0:$phase_s fifo25:fifo:25:10:$phase_s fifo50:fifo:50:10:$phase_s"
sched="$sched|cloud:auto:spin cloud:block:$block:20"
sched="$sched|quiet:auto:spin quiet:none:0:0:10"
sched="$sched|idlewl:auto:idle idle-quiet:none:0:0:10 idle-fifo50:fifo:50:10:$phase_s idle-cloud:block:$block:20"
sched="$sched|kcp:kcpustat:spin kcp-fifo25:fifo:25:10:$phase_s"
sched="$sched|seed:auto:seed seed:block:$block:30"
# the wake-up stages (both on, vmlat wait reading): an L1 hog in blocks of
# 20 ms every 40 ms (stolen), a SCHED_FIFO 99 hog inside L2 on cpu0 in
# the same blocks (scheduling delay), neither; then the seed's experiment
# with the user stage at a 10 ms period
stage_hog="50 40"
sched="$sched|stg:auto:stage stg:fifo:50:40:$phase_s"
sched="$sched|stgrt:auto:stage-rt stgrt:none:0:0:$phase_s"
sched="$sched|stgq:auto:stage stgq:none:0:0:10"
sched="$sched|useed:auto:seed-user useed:block:$block:30"
# the residual's causes (docs/steal.md), L2 idle, with the test build
# (test-auto: --invert-causes swaps unreported and guest in it) at a 10 ms
# period: no injection; L1's hard-IRQ spin on the vCPU's CPU, 20 ms at
# 10 Hz (tests/kvm/hostspin: host delay KVM does not count as steal); the
# test build's interrupts-off helper in L2 on cpu0, IRQOFF="US HZ" (the
# guest's). At 1 ms the baseline (L0's emulation of L1 makes each of
# L2's expiries 0.4 ms late) was 367 ms/s, and a 5 ms spin turned 4 of
# its expiries into missed periods: the spins added nothing measurable
irqoff="10000 20"
cause_period_us=10000
sched="$sched|cquiet:test-auto:idle cquiet:none:0:0:10"
sched="$sched|chost:test-auto:idle chost:irqspin:20000:100:$phase_s"
sched="$sched|cguest:test-auto:irqoff cguest:none:0:0:$phase_s"
# the seed's other case: heavy virtio-blk reads in L2 (dd, O_DIRECT),
# which QEMU's main thread serves in L1, on cpu0 (vio0), then moved to
# the vCPU's CPU (vio1, phase mode iothread): what vmlat sees. Where
# L2's kernel has no virtio_blk module here (the debug kernel), none.
virtio=0
if modprobe -S "$l2_ver" -a --show-depends virtio_mmio virtio_blk >/dev/null 2>&1; then
	virtio=1
	sched="$sched|vio0:auto:virtio vio0:none:0:0:10"
	sched="$sched|vio1:auto:virtio vio1:iothread:0:0:$phase_s"
fi
[ "$l2_smp" = 1 ] || sched="$sched|hotplug:auto:hotplug hp-during:fifo:50:10:12:2:2 hp-after:fifo:50:10:$phase_s:2:2"
segs=""
phases=""
mon_s=0
IFS='|' read -r -a seglist <<< "$sched"
for sg in "${seglist[@]}"; do
	read -r -a words <<< "$sg"
	sname=${words[0]%%:*}
	ssecs=6
	for ph in "${words[@]:1}"; do
		IFS=: read -r pname pmode pa pb psecs pcpu pexp <<< "$ph"
		# per phase: the hog's start, 2 s of settling, the measured
		# seconds, the hog's 2 s tail, slack for TCG-slow exec in L1
		ssecs=$((ssecs + psecs + 8))
		phases="$phases $sname:$pname:$pmode:$pa:$pb:$psecs:${pcpu:-$hog_cpu}:${pexp:-1}"
	done
	segs="$segs ${words[0]}:$ssecs"
	mon_s=$((mon_s + ssecs + 10))
done
probe_cpu=host,-xsave,-kvm-steal-time
# the smoke: the guest suite's tests of what the phases do not cover
# (load, files, formats, rates, the tracepoint, the reader), run in L2
# after the schedule, each within smoke_timeout seconds
smoke="10-load.sh 20-files.sh 30-format.sh 40-rate.sh 86-trace.sh 90-reader.sh"
smoke_timeout=300

log "kernel $kver (L2: $l2_kernel, $l2_vmlinuz); L2 smp=$l2_smp, hog on L1 cpu$hog_cpu, $phase_s s a phase"
t0=$(date +%s)
build_all || { tap_fail "build vmlat.ko, the reader and tests/kvm/src"; tap_finish --total; }
make_l2
make_l1 || { tap_fail "L1's initramfs"; tap_finish --total; }
log "built in $(($(date +%s) - t0)) s; L1 initramfs $(du -h "$build/l1-initrd.gz" | cut -f1), L2 $(du -h "$build/l2-initrd.gz" | cut -f1)"

t0=$(date +%s)
log "booting L1 (TCG, -cpu $cpu_model, smp 3), limit ${timeout_s}s; logs in $out"
qemu_rc=$(boot_l0)
wall_s=$(($(date +%s) - t0))
log "L0 QEMU ran $wall_s s, status $qemu_rc"
for f in l1-console results l2-console; do
	tr -d '\r\000' < "$out/$f.raw" > "$out/$f.log" 2>/dev/null || : > "$out/$f.log"
done

{
	case $qemu_rc in
	0) ;;
	124|137) echo "L0 QEMU timed out after $timeout_s s" ;;
	*) echo "L0 QEMU exited with status $qemu_rc: $(head -c 300 "$out/qemu.log" | tr '\n' ' ')" ;;
	esac
	scan "$out/l1-console.log" L1
	scan "$out/l2-console.log" L2 $BK_SCAN
} > "$out/host-failures.txt"

# the seed experiment's recording, the stage segments' wait records and
# every file L2 dumped came up L2's console in frames (tests/kvm/frames.sh):
# each is checked against its length and md5sum before anything reads it.
# From here on nothing stops the script: a step that fails becomes a
# `not ok` of the report, and the report ends in its summary line.
set +e
. "$here/frames.sh"

# wrec_lines SEG - a wait record (JSON lines on stdin) as one line per
# interval with a wake-up, all CPUs: "WREC seg=SEG" and its worst
# wake-up's parts (lateness_ns, irq_ns, irq_stolen_ns, stolen_ns,
# sched_ns), then the interval's sums of them (*_sum_ns)
wrec_lines()
{
	grep '^{"t_s"' | sed 's/.*{"cpu": "all"//' | awk -v seg="$1" '
		/"worst": null/ { next }
		{
			n = split($0, f, /[,{}:]/)
			line = ""
			for (i = 1; i < n; i++) {
				g = f[i]
				gsub(/[ "]/, "", g)
				if (g ~ /^(lateness|irq|irq_stolen|stolen|sched)(_sum)?_ns$/) {
					v = f[i + 1]
					gsub(/ /, "", v)
					line = line " " g "=" v
				}
			}
			print "WREC seg=" seg line
		}'
}

# report_end RC WHAT FILE - FILE, the report WHAT printed with status RC,
# on stdout; when it does not end in the summary line (WHAT stopped
# short), a `not ok` saying so and the summary, counted from FILE, are
# added to it; returns RC, or 1 when they were
report_end()
{
	local rc=$1 p f

	cat "$3"
	if ! tail -n 1 "$3" | grep -Eq '^[0-9]+ passed, [0-9]+ failed'; then
		p=$(grep -c '^ok ' "$3")
		f=$(grep -c '^not ok ' "$3")
		{
			echo "not ok $((p + f + 1)) - $2 stopped with status $rc before its summary line"
			tap_total_line "$p" $((f + 1)) 0
		} | tee -a "$3"
		rc=1
	fi
	report_done=1
	return "$rc"
}

if ! frames_decode "$out/l2-console.log" "$out/frames" > "$out/l2-frames.log"; then
	echo "tests/kvm/frames.sh could not read L2's console: checked the lines as they came" >> "$out/host-failures.txt"
	cp "$out/l2-console.log" "$out/l2-frames.log"
fi
mkdir -p "$out/frames" && touch "$out/frames/frames.txt"
# the seed's recording, sent up as base64 of its gzip; plotted here with
# the reader built above ("damaged": check.awk says why)
plot_rc=none
if [ -s "$out/frames/rec.1.raw" ]; then
	cp "$out/frames/rec.1.raw" "$out/seed.json"
	plot_rc=0
	"$build/src/userspace/vmlat" plot "$out/seed.json" -o "$out/seed.svg" >/dev/null 2>"$out/plot.err" || plot_rc=$?
	[ -s "$out/seed.svg" ] || plot_rc="${plot_rc}-empty"
elif grep -q '^bad rec\.' "$out/frames/frames.txt"; then
	plot_rc=damaged
fi
# the stage segments' wait records: each plotted (the seed's with the user
# stage is OUT/seed-user.svg), and each interval's worst wake-up and sums,
# all CPUs, as "WREC seg=S lateness_ns=.. irq_ns=.. ... stolen_sum_ns=.."
# for the checks
: > "$out/wrec.txt"
wplot_rc=""
while read -r st name tag seg why; do
	[ "$tag" = wrec ] || continue
	seg=${seg%:}
	if [ "$st" != ok ]; then
		wplot_rc="$wplot_rc $seg=damaged"
		continue
	fi
	if [ ! -s "$out/frames/$name.raw" ]; then
		wplot_rc="$wplot_rc $seg=none"
		continue
	fi
	cp "$out/frames/$name.raw" "$out/wait-$seg.json"
	svg=$out/wait-$seg.svg
	[ "$seg" = useed ] && svg=$out/seed-user.svg
	rc=0
	"$build/src/userspace/vmlat" plot "$out/wait-$seg.json" -o "$svg" >/dev/null 2>>"$out/plot.err" || rc=$?
	[ -s "$svg" ] || rc="$rc-empty"
	wplot_rc="$wplot_rc $seg=$rc"
	wrec_lines "$seg" < "$out/wait-$seg.json" >> "$out/wrec.txt"
done < "$out/frames/frames.txt"

awk -v extra="$out/host-failures.txt" -v wall_s="$wall_s" -v l2_smp="$l2_smp" \
	-v tail_ns="$tail_ns" -v plot_rc="$plot_rc" -v smoke="$smoke" \
	-v wplot_rc="$wplot_rc" -v period_us="$period_us" -v cause_period_us="$cause_period_us" \
	-f "$here/check.awk" "$out/results.log" "$out/l2-frames.log" "$out/wrec.txt" > "$out/report.tap"
rc=$?
report_end "$rc" "check.awk" "$out/report.tap"
rc=$?
log "report: $out/report.tap"
exit "$rc"
