#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Steal sources on this platform, with the default build. Under QEMU TCG
# there is no KVM CPUID leaf: auto must say none, with its reason, and
# publish no steal keys (unknown is not zero); forcing kvm must refuse
# the load cleanly, saying why; forcing kcpustat must load and say so.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "steal sources (default build)"
vmlat_unload || tap_bail "cannot unload vmlat"

kvm_leaf=0
grep -q '^flags.* hypervisor' /proc/cpuinfo && dmesg | grep -q 'Hypervisor detected: KVM' && kvm_leaf=1

# auto
vmlat_load || tap_bail "cannot load vmlat.ko"
tap_is "$(vmlat_get steal)" auto "steal defaults to auto"
src=$VMLAT_DEBUGFS/steal_source
tap_is "$(head -n 1 "$src")" "# vmlat-steal-source v1" "steal_source starts with its format line"
ncpu=$(vmlat_cpus_possible | wc -w)
tap_is "$(grep -c '^cpu=[0-9]* source=[a-z]* reason=.' "$src")" "$ncpu" \
	"steal_source has one 'cpu= source= reason=' line per possible CPU"
tap_diag "$(sed -n 2p "$src")"
if [ $kvm_leaf = 1 ]; then
	tap_skip "auto picks none under TCG" "this guest runs on KVM"
else
	tap_is "$(grep -c 'source=none reason=no hypervisor steal clock' "$src")" "$ncpu" \
		"auto: every CPU reports none, with the reason (no hypervisor steal clock)"
	sleep 1
	tap_is "$(vmlat_summary_col steal_source | awk '{print $2}' | sort -u | tr '\n' ' ')" "none " \
		"summary: steal_source=none on every line, cpu=all included"
	leak=$(grep -c 'steal_ns=\|steal_ms_per_s=\|steal_expiries=\|stolen_ns=\|stolen_share=' "$VMLAT_SUMMARY")
	tap_is "$leak" 0 "summary: no steal keys when steal is unknown"
	tap_is "$(sed -n 3p "$VMLAT_DEBUGFS/steal" | sed 's/ missed=[0-9]*//')" \
		"# samples=0 min=0 max=0 sum=0" "steal histogram stays empty"
	vmlat_set enabled 0
	a=$(sed -n '3,$p' "$VMLAT_DEBUGFS/hist" | sed 's/^# //')
	b=$(sed -n '3,$p' "$VMLAT_DEBUGFS/residual" | sed 's/^# //')
	tap_is "$b" "$a" "residual equals lateness, bucket for bucket"
fi
vmlat_unload

# forced kvm
vmlat_dmesg_mark
if [ $kvm_leaf = 1 ]; then
	tap_skip "steal=kvm refused under TCG" "this guest runs on KVM"
else
	out=$(insmod "$VMLAT_KO" steal=kvm 2>&1)
	rc=$?
	tap_run "steal=kvm refuses the load (insmod status $rc)" test $rc -ne 0
	tap_run "nothing is left behind after the refusal" test ! -e /sys/module/vmlat -a ! -e "$VMLAT_DEBUGFS"
	why=$(vmlat_dmesg_since | grep 'vmlat: steal=kvm is not available on cpu0: no KVM CPUID leaf' | head -n 1)
	tap_run "the kernel log says why: ${why#*] }" test -n "$why"
fi

# forced kcpustat
vmlat_load steal=kcpustat || tap_bail "steal=kcpustat does not load"
tap_is "$(vmlat_get steal)" kcpustat "steal reads back kcpustat"
tap_is "$(grep -c 'source=kcpustat reason=forced by steal=kcpustat: counts only the steal the hypervisor reports' "$src")" "$ncpu" \
	"steal_source: kcpustat on every CPU, forced, counting only what the hypervisor reports"
sleep 1
line=$(grep '^cpu=all ' "$VMLAT_SUMMARY")
case $line in
*" steal_source=kcpustat steal_ns="*" steal_ms_per_s="*" steal_expiries="*" stolen_ns="*" stolen_share="*)
	tap_pass "summary carries the steal keys for kcpustat" ;;
*)	tap_fail "summary carries the steal keys for kcpustat"
	tap_diag "$line" ;;
esac
vmlat_unload

# bad values
for v in "" KVM sim auto2 "kvm kcpustat"; do
	out=$(insmod "$VMLAT_KO" steal="$v" 2>&1)
	rc=$?
	tap_run "steal='$v' is refused at load" test $rc -ne 0 -a ! -e /sys/module/vmlat
done
tap_finish
