#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-test of the guest harness, so that a green guest run means
# something: the log scanner flags every kind of splat and passes a clean
# log, the report turns a crashed or unfinished test into a failure, the
# boot plan puts each test in the boot its header asks for, the launcher
# (tests/lib/qemu.sh) writes the command line it should, and
# two real guests, one printing a kernel backtrace and one hanging, make
# tests/guest/run.sh fail for the right reason.
# Usage: tests/guest/selftest.sh [--no-boot]

set -u

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tap_header "guest harness self-test"

# the scanner: each kind of report alone in a log must be caught
while IFS= read -r line; do
	printf '[    1.000000] booting\n%s\r\n[    2.000000] more\n' "$line" > "$tmp/log"
	"$here/scan-log.sh" "$tmp/log" > /dev/null
	tap_is "$?" 1 "scan-log.sh catches: $line"
done <<'LINES'
[    3.1] WARNING: CPU: 1 PID: 42 at kernel/time/hrtimer.c:1000 foo+0x10/0x20
[    3.1] BUG: kernel NULL pointer dereference, address: 0000000000000008
[    3.1] Oops: 0002 [#1] PREEMPT SMP NOPTI
[    3.1]  Call Trace:
[    3.1] WARNING: possible circular locking dependency detected
[    3.1] WARNING: inconsistent lock state
[    3.1] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:
[    3.1] rcu: INFO: rcu_sched self-detected stall on CPU
[    3.1] watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [sh:1]
[    3.1] INFO: task rmmod:99 blocked for more than 120 seconds.
[    3.1] Kernel panic - not syncing: Fatal exception
[    3.1] BUG: sleeping function called from invalid context at mm/slab.h:1
[    3.1] BUG: KASAN: slab-out-of-bounds in provoke_kasan+0x4f/0x90 [vmlat_provoke]
[    3.1] ODEBUG: object 00000000a1b2c3d4 is on stack 00000000e5f6a7b8, but NOT annotated.
[    3.1] vmlat-guest: kmemleak: unreferenced object 0xffff888004a1c000 (size 128):
[    3.1] INFO: lockdep is turned off. turning off the locking correctness validator.
[    3.1] BUG: KCSAN: data-race in vmlat_timer_fn [vmlat] / vmlat_ctl_reset [vmlat]
LINES

# --kcsan: a KCSAN report fails only with a frame of vmlat's; one without
# is listed on stderr and passes; every other kind still fails
kcsan_log()
{
	printf '[    1.0] booting\n[    2.0] ==================================================================\n'
	printf '[    2.0] BUG: KCSAN: data-race in %s\n\n[    2.0] write to 0xffff by task 12 on cpu 0:\n' "$1"
	printf '[    2.0]  %s\n[    2.0] CPU: 0 PID: 12 Comm: vmlat Not tainted\n' "$2"
	printf '[    2.0] ==================================================================\n[    3.0] more\n'
}
kcsan_log "tick_sched_do_timer / tick_nohz_next_event" "tick_sched_do_timer+0x1c/0x80" > "$tmp/kcsan1"
"$here/scan-log.sh" --kcsan "$tmp/kcsan1" > "$tmp/kcsan1.out" 2> "$tmp/kcsan1.err"
tap_is "$?" 0 "scan-log.sh --kcsan passes a core-kernel race (the reader's Comm: vmlat is not a frame)"
tap_run "scan-log.sh --kcsan lists the race it passed" grep -q '^kcsan, no vmlat frame: .*tick_sched_do_timer' "$tmp/kcsan1.err"
kcsan_log "hrtimer_interrupt / __hrtimer_run_queues" "vmlat_timer_fn+0x3a/0x200 [vmlat]" > "$tmp/kcsan2"
"$here/scan-log.sh" --kcsan "$tmp/kcsan2" > "$tmp/kcsan2.out" 2>/dev/null
tap_is "$?" 1 "scan-log.sh --kcsan fails a race with a vmlat frame"
"$here/scan-log.sh" "$tmp/kcsan1" > /dev/null
tap_is "$?" 1 "scan-log.sh without --kcsan fails every KCSAN report"
{ cat "$tmp/kcsan1"; echo "[    4.0] BUG: KASAN: use-after-free in x+0x1/0x2"; } > "$tmp/kcsan3"
"$here/scan-log.sh" --kcsan "$tmp/kcsan3" > /dev/null 2>&1
tap_is "$?" 1 "scan-log.sh --kcsan still fails the other kinds"
cat > "$tmp/clean" <<'LOG'
[    0.384855] tsc: Marking TSC unstable due to TSCs unsynchronized
[    3.245441] vmlat: module verification failed: signature and/or required key missing - tainting kernel
[    3.300000] vmlat: version 0.1.0: sampling on, every 1000 us on CPUs 0-1
[    4.000000] kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)
[    4.100000] vmlat-guest: kmemleak at boot, before any test, not counted: unreferenced object 0xffff888004a1c000 (size 64):
LOG
"$here/scan-log.sh" "$tmp/clean" > /dev/null
tap_is "$?" 0 "scan-log.sh passes a clean log"

# the report: a crash, a lost plan and a missing end marker are failures
cat > "$tmp/results" <<'LOG'
vmlat-guest: TEST a.sh
ok 1 - fine
1..1
vmlat-guest: RC a.sh 0
vmlat-guest: TEST b.sh
ok 1 - fine so far
vmlat-guest: RC b.sh 2
vmlat-guest: TEST c.sh
ok 1 - one of two
1..2
vmlat-guest: RC c.sh 0
vmlat-guest: TEST d.sh
1..0 # SKIP no such hardware
vmlat-guest: RC d.sh 4
vmlat-guest: TEST e.sh
ok 1 - started
LOG
: > "$tmp/extra"
awk -v extra="$tmp/extra" -f "$here/report.awk" "$tmp/results" > "$tmp/report"
tap_run "report: a test exiting 2 fails" grep -q '^not ok .* b.sh: exited with status 2' "$tmp/report"
tap_run "report: a short plan fails" grep -q '^not ok .* c.sh: plan 1..2 but 1 results' "$tmp/report"
tap_run "report: skip-all is a skip" grep -q '^ok .* d.sh # SKIP no such hardware' "$tmp/report"
tap_run "report: an unfinished test fails" grep -q '^not ok .* e.sh: did not finish' "$tmp/report"
tap_run "report: a missing end marker fails" grep -q "^not ok .*end marker" "$tmp/report"
tap_is "$(tail -n 1 "$tmp/report")" "4 passed, 4 failed, 1 skipped" "report: the last line counts"

# the same through kselftest's runner (tests/guest/init): the test's TAP
# under the runner's "# " prefix is what counts, the runner's own plan
# and verdict are not results
cat > "$tmp/results4" <<'LOG'
vmlat-guest: TEST a.sh
TAP version 13
1..1
# overriding timeout to 300
# selftests: vmlat: a.sh
# TAP version 13
# # a test
# ok 1 - fine
# ok 2 - also fine
# # # a diagnostic
# 1..2
ok 1 selftests: vmlat: a.sh
vmlat-guest: RC a.sh 0
vmlat-guest: TEST b.sh
TAP version 13
1..1
# selftests: vmlat: b.sh
# TAP version 13
# ok 1 - one of two
# 1..2
ok 1 selftests: vmlat: b.sh
vmlat-guest: RC b.sh 0
vmlat-guest: TEST c.sh
TAP version 13
1..1
# selftests: vmlat: c.sh
# TAP version 13
# 1..0 # SKIP nothing here
ok 1 selftests: vmlat: c.sh # SKIP
vmlat-guest: RC c.sh 4
vmlat-guest: TEST d.sh
TAP version 13
1..1
# selftests: vmlat: d.sh
# TAP version 13
# not ok 1 - broken
#
not ok 1 selftests: vmlat: d.sh # TIMEOUT 300 seconds
vmlat-guest: RC d.sh 124
vmlat-guest: TEST e.sh
TAP version 13
1..1
# selftests: vmlat: e.sh
# TAP version 13
# ok 1 - fine
# 1..1
not ok 1 selftests: vmlat: e.sh # TIMEOUT 300 seconds
vmlat-guest: RC e.sh 124
vmlat-guest: END uptime=10.0
LOG
awk -v extra="$tmp/extra" -f "$here/report.awk" "$tmp/results4" > "$tmp/report4"
tap_run "report (kselftest runner): the test's own results count" \
	grep -q '^ok 2 - a.sh: also fine' "$tmp/report4"
tap_run "report (kselftest runner): a short plan under the prefix fails" \
	grep -q '^not ok .* b.sh: plan 1..2 but 1 results' "$tmp/report4"
tap_run "report (kselftest runner): skip-all is a skip, with its reason" \
	grep -q '^ok .* c.sh # SKIP nothing here' "$tmp/report4"
tap_run "report (kselftest runner): a timed-out test that reported no failure fails" \
	grep -q '^not ok .* e.sh: timed out in the guest' "$tmp/report4"
tap_is "$(grep -c 'selftests:' "$tmp/report4")" 10 "report (kselftest runner): the runner's lines stay, as comments"
tap_is "$(tail -n 1 "$tmp/report4")" "4 passed, 3 failed, 1 skipped" "report (kselftest runner): the last line counts"

# two boots (the multi- and single-threaded TCG phases): each needs its
# own end marker
cat > "$tmp/results2" <<'LOG'
vmlat-guest: TEST a.sh
ok 1 - fine
1..1
vmlat-guest: RC a.sh 0
vmlat-guest: END uptime=10.0
vmlat-guest: BOOT-END tcg=multi
vmlat-guest: TEST f.sh
ok 1 - fine
LOG
echo "vmlat-guest: BOOT-END tcg=single" >> "$tmp/results2"
awk -v extra="$tmp/extra" -f "$here/report.awk" "$tmp/results2" > "$tmp/report2"
tap_run "report: a test the second boot did not finish fails" grep -q '^not ok .* f.sh: did not finish' "$tmp/report2"
tap_run "report: the second boot's missing end marker fails, named" \
	grep -q "^not ok .*end marker 'vmlat-guest: END' missing (tcg=single)" "$tmp/report2"
tap_run "report: the first boot's end marker is not taken for the second's" \
	test "$(grep -c 'end marker' "$tmp/report2")" = 1
tap_is "$(tail -n 1 "$tmp/report2")" "2 passed, 2 failed" "report: two boots, the last line counts"

# a boot with its own kernel command line is named by it too
cat > "$tmp/results3" <<'LOG'
vmlat-guest: TEST a.sh
ok 1 - fine
1..1
vmlat-guest: RC a.sh 0
vmlat-guest: END uptime=10.0
vmlat-guest: BOOT-END tcg=multi
vmlat-guest: TEST g.sh
ok 1 - fine
1..1
vmlat-guest: RC g.sh 0
vmlat-guest: BOOT-END tcg=multi cmdline=highres=off
LOG
awk -v extra="$tmp/extra" -f "$here/report.awk" "$tmp/results3" > "$tmp/report3"
tap_run "report: a command-line boot's missing end marker fails, named by its command line" \
	grep -q "^not ok .*end marker 'vmlat-guest: END' missing (tcg=multi cmdline=highres=off)" "$tmp/report3"
tap_is "$(tail -n 1 "$tmp/report3")" "2 passed, 1 failed" "report: a command-line boot, the last line counts"

# the boot plan (boots.sh): which test runs in which boot
. "$here/boots.sh"
mkdir -p "$tmp/t" "$tmp/plan"
printf '#!/bin/sh\n# plain\n' > "$tmp/t/a.sh"
printf '#!/bin/sh\n# vmlat-tcg: single\n' > "$tmp/t/b.sh"
printf '#!/bin/sh\n# vmlat-tcg: both\n' > "$tmp/t/c.sh"
printf '#!/bin/sh\n# vmlat-cmdline: highres=off\n' > "$tmp/t/d.sh"
printf '#!/bin/sh\n# vmlat-cmdline: highres=off\n' > "$tmp/t/e.sh"
printf '#!/bin/sh\n# vmlat-cmdline: nohz=off highres=off\n' > "$tmp/t/f.sh"
printf '#!/bin/sh\n# vmlat-cmdline: highres=off\n# vmlat-tcg: single\n' > "$tmp/t/x.sh"
# plan - $1 TCG mode, then the tests; prints "ID TCG ARGS: tests" per boot
plan()
{
	local tcg=$1 id phase args
	shift
	printf '%s\n' "$@" > "$tmp/list"
	rm -f "$tmp/plan"/*
	vmlat_plan_boots "$tmp/list" "$tmp/t" "$tcg" "$tmp/plan" 2>"$tmp/plan.err" || return $?
	while read -r id phase args; do
		echo "$id $phase${args:+ $args}:$(sed 's/^/ /' "$tmp/plan/tests-$id.list" | tr -d '\n')"
	done < "$tmp/plan/boots"
}
tap_is "$(plan multi a.sh b.sh c.sh d.sh e.sh f.sh)" "multi multi: a.sh c.sh
single single: b.sh c.sh
cmdline-highres-off multi highres=off: d.sh e.sh
cmdline-nohz-off-highres-off multi nohz=off highres=off: f.sh" \
	"boots: main, single-threaded, then one boot per command line, in that order"
tap_is "$(plan single a.sh b.sh c.sh d.sh)" "single single: a.sh b.sh c.sh
cmdline-highres-off single highres=off: d.sh" \
	"boots under --tcg single: one main boot, the command-line boot single-threaded too"
tap_is "$(plan multi d.sh)" "cmdline-highres-off multi highres=off: d.sh" \
	"boots: a command-line test alone boots only its own command line"
tap_is "$(plan multi c.sh d.sh)" "multi multi: c.sh
cmdline-highres-off multi highres=off: d.sh" \
	"boots: a \"both\" test beside a command-line test still gets the main boot"
tap_is "$(plan multi)" "multi multi:" "boots: an empty list still boots once"
plan multi a.sh x.sh > /dev/null
tap_is "$?" 2 "boots: a test with both a command line and a TCG mode is refused"
tap_run "boots: the refusal names the test" grep -q 'x.sh' "$tmp/plan.err"

# the suite's order is its file names' numbers: each number once
dups=$(ls "$here/tests" | sed -n 's/^\([0-9][0-9]\)-.*\.sh$/\1/p' | sort | uniq -d | tr '\n' ' ')
tap_is "$dups" "" "the guest tests' numbers are unique (tests/guest/tests/NN-name.sh)"

# the launcher (tests/lib/qemu.sh), with a QEMU that prints its arguments
. "$here/../lib/qemu.sh"
qemu_arch sparc 2>"$tmp/arch.err"
tap_is "$?" 2 "qemu.sh: an unknown architecture is refused"
tap_run "qemu.sh: the refusal names it" grep -q "'sparc'" "$tmp/arch.err"
qemu_arch x86_64
printf '#!/bin/sh\n[ -z "$VMLAT_WRAPPED" ] || echo wrapped\nfor a; do echo "$a"; done\n' > "$tmp/fake-qemu"
chmod +x "$tmp/fake-qemu"
(
	QEMU_BIN=$tmp/fake-qemu
	qemu_boot name=n accel=tcg,thread=single smp=2 mem=256 kernel=/k \
		initrd=/i args="panic=-1 x=1" serial=/c serial=/r pidfile=/p \
		log="$tmp/argv"
) > /dev/null
tap_is "$(tr '\n' ' ' < "$tmp/argv")" "-M pc -accel tcg,thread=single -cpu max,cx16=off -smp 2 -m 256 -nodefaults -no-user-config -name n,debug-threads=on -kernel /k -initrd /i -append console=ttyS0,115200 panic=-1 x=1 -no-reboot -display none -monitor none -chardev file,id=s0,path=/c,append=off -serial chardev:s0 -chardev file,id=s1,path=/r,append=off -serial chardev:s1 -pidfile /p " \
	"qemu.sh: x86_64's command line: console first, the serial files in order, TCG's CPU model"
(
	QEMU_BIN=$tmp/fake-qemu QEMU_WRAP="env VMLAT_WRAPPED=1"
	qemu_boot kernel=/k initrd=/i serial=/c append=on cpu=EPYC log="$tmp/argv"
) > /dev/null
tap_is "$(grep -c -x -e 'file,id=s0,path=/c,append=on' -e EPYC -e wrapped "$tmp/argv")" 3 \
	"qemu.sh: append=on and cpu= reach QEMU, run under QEMU_WRAP"
(QEMU_BIN=$tmp/fake-qemu; qemu_boot kernel=/k initrd=/i bogus=1) 2>"$tmp/boot.err"
tap_is "$?" 2 "qemu.sh: an unknown qemu_boot argument is refused"
(QEMU_BIN=$tmp/fake-qemu; qemu_boot initrd=/i) 2>"$tmp/boot.err"
tap_is "$?" 2 "qemu.sh: a boot without a kernel is refused"
if command -v busybox > /dev/null; then
	qemu_root "$tmp/root"
	tap_is "$(readlink "$tmp/root/bin/sh")" /bin/busybox "qemu.sh: the root's applets link to busybox"
	tap_run "qemu.sh: and busybox is there" test -x "$tmp/root/bin/busybox"
else
	tap_skip "qemu.sh: the root's applets" "no busybox on this host"
	tap_skip "qemu.sh: and busybox is there" "no busybox on this host"
fi
printf 'ELF-ish\n' | xz > "$tmp/m.ko.xz"
qemu_plain_module "$tmp/m.ko.xz" "$tmp/m.ko"
tap_is "$(cat "$tmp/m.ko")" ELF-ish "qemu.sh: a compressed module comes out plain"

if [ "${1:-}" = --no-boot ]; then
	tap_skip "a guest printing a backtrace fails the run" "--no-boot"
	tap_skip "a hanging guest fails the run" "--no-boot"
	tap_finish
fi

# real guests: the module build is irrelevant here, only the harness
"$here/run.sh" --no-test-build --out "$here/out/selftest-splat" \
	"$here/selftest/splat.sh" > "$tmp/splat.out" 2>&1
rc=$?
if [ $rc -ne 0 ] && grep -q '^not ok .*guest kernel log: .*Call Trace' "$tmp/splat.out"; then
	tap_pass "a guest printing a backtrace fails the run"
else
	tap_fail "a guest printing a backtrace fails the run"
	tail -n 15 "$tmp/splat.out" | sed 's/^/# /'
fi
"$here/run.sh" --no-test-build --out "$here/out/selftest-hang" --timeout 40 \
	"$here/selftest/hang.sh" > "$tmp/hang.out" 2>&1
rc=$?
if [ $rc -ne 0 ] && grep -q '^not ok .*guest (tcg=[a-z]*) timed out' "$tmp/hang.out" &&
	grep -q '^not ok .*end marker' "$tmp/hang.out"; then
	tap_pass "a hanging guest fails the run (timeout, no end marker)"
else
	tap_fail "a hanging guest fails the run (timeout, no end marker)"
	tail -n 15 "$tmp/hang.out" | sed 's/^/# /'
fi
tap_finish
