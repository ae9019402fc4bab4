// SPDX-License-Identifier: GPL-2.0
/*
 * The choice of a CPU's steal source (see vmlat_steal_pick.h). The rule
 * behind it: auto must never show a known 0 where steal is unknown.
 *
 * kcpustat reads the kernel's accounted steal, which is fed only when the
 * kernel enabled a paravirt steal clock at boot (paravirt_steal_enabled,
 * not exported). On KVM that happens exactly when the guest registered
 * the steal time area, i.e. when the kvm source works too, so on a KVM
 * guest auto means kvm or none. Xen PV always feeds it
 * (xen_time_setup_guest() runs unconditionally from xen_time_init()); Xen
 * HVM only with a vector callback, a safe pvclock and without nopv, and
 * VMware only when its steal clock is available: there, and on any other
 * hypervisor, steal already accounted on the CPU is the evidence asked
 * for, since nothing else writes CPUTIME_STEAL on x86.
 *
 * Reasons are static strings: debugfs prints them for as long as the
 * CPU keeps its source.
 */
#include <linux/errno.h>

#include "vmlat_steal_pick.h"

/* kcpustat picked by the evidence rule, per hypervisor */
static const char * const vmlat_pick_fed[VMLAT_HYPER_COUNT] = {
	[VMLAT_HYPER_XEN_HVM] = "Xen HVM steal clock via the kernel's accounting (steal seen on this CPU), tick granularity",
	[VMLAT_HYPER_VMWARE] = "VMware steal clock via the kernel's accounting (steal seen on this CPU), tick granularity",
	[VMLAT_HYPER_OTHER] = "hypervisor steal clock via the kernel's accounting (steal seen on this CPU), tick granularity",
};

/* none by the evidence rule: the steal clock may be off */
static const char * const vmlat_pick_unfed[VMLAT_HYPER_COUNT] = {
	[VMLAT_HYPER_XEN_HVM] = "Xen HVM: no steal accounted on this CPU yet; its steal clock may be off (force steal=kcpustat if it is on)",
	[VMLAT_HYPER_VMWARE] = "VMware: no steal accounted on this CPU yet; its steal clock may be off (force steal=kcpustat if it is on)",
	[VMLAT_HYPER_OTHER] = "this hypervisor: no steal accounted on this CPU yet; it may have no steal clock (force steal=kcpustat if it has one)",
};

/* kvm_pick - the kvm source, or the KVM-specific reason it is missing */
static int kvm_pick(const struct vmlat_steal_facts *f,
		    enum vmlat_steal_source *source, const char **reason)
{
	*source = VMLAT_STEAL_NONE;
	if (!f->kvm_leaf) {
		*reason = "no KVM CPUID leaf: not a KVM guest";
		return -ENODEV;
	}
	if (!f->kvm_steal_time) {
		*reason = "KVM does not offer KVM_FEATURE_STEAL_TIME";
		return -ENODEV;
	}
	if (!f->kvm_msr_read) {
		*reason = "MSR_KVM_STEAL_TIME cannot be read";
		return -ENODEV;
	}
	if (!f->kvm_registered) {
		/* the kernel registers areas only once it identified KVM */
		if (f->hyper == VMLAT_HYPER_NATIVE)
			*reason = "the guest kernel registered no steal time area on this CPU: it identified no hypervisor (booted with nopv, or built without CONFIG_KVM_GUEST)";
		else if (f->hyper != VMLAT_HYPER_KVM)
			*reason = "the guest kernel registered no steal time area on this CPU: it identified another hypervisor, not KVM";
		else
			*reason = "the guest kernel registered no steal time area on this CPU";
		return -ENODEV;
	}
	if (!f->kvm_mapped) {
		*reason = "the steal time area cannot be mapped";
		return -ENODEV;
	}
	*source = VMLAT_STEAL_KVM;
	*reason = "KVM steal time area, read at every expiry";
	return 0;
}

/**
 * vmlat_steal_pick() - choose a CPU's steal source from its facts
 * @wanted: the steal knob: auto, kvm, kcpustat or none (the test build's
 *          sim is the caller's)
 * @f: the CPU's facts
 * @source: the chosen source, always written
 * @reason: why, always written; a static string
 *
 * A forced source is taken as it is or not at all. auto takes kvm on a
 * KVM guest when it works, else none; without a KVM leaf, kcpustat where
 * the kernel's steal accounting is known to be fed, else none.
 *
 * Return: 0; -ENODEV when @wanted is kvm and the CPU does not have it
 * (@source is then none); -EINVAL for a @wanted this does not choose.
 */
int vmlat_steal_pick(enum vmlat_steal_source wanted,
		     const struct vmlat_steal_facts *f,
		     enum vmlat_steal_source *source, const char **reason)
{
	enum vmlat_hyper hyper;

	*source = VMLAT_STEAL_NONE;

	switch (wanted) {
	case VMLAT_STEAL_NONE:
		*reason = "forced by steal=none";
		return 0;
	case VMLAT_STEAL_KCPUSTAT:
		*source = VMLAT_STEAL_KCPUSTAT;
		*reason = "forced by steal=kcpustat: counts only the steal the hypervisor reports to the kernel's accounting, at tick granularity";
		return 0;
	case VMLAT_STEAL_KVM:
		return kvm_pick(f, source, reason);
	case VMLAT_STEAL_AUTO:
		break;
	default:
		*reason = "not a steal source the pick chooses";
		return -EINVAL;
	}

	/* auto: a KVM guest's accounted steal is fed only if kvm works */
	if (f->kvm_leaf) {
		kvm_pick(f, source, reason);
		return 0;
	}

	switch (f->hyper) {
	case VMLAT_HYPER_NATIVE:
		*reason = "no hypervisor steal clock (bare metal, emulator, or booted with nopv)";
		return 0;
	case VMLAT_HYPER_XEN_PV:
		*source = VMLAT_STEAL_KCPUSTAT;
		*reason = "Xen PV steal clock via the kernel's accounting, tick granularity";
		return 0;
	case VMLAT_HYPER_XEN_HVM:
	case VMLAT_HYPER_VMWARE:
		hyper = f->hyper;
		break;
	default:
		/* KVM without a KVM leaf cannot happen: treat it as other */
		hyper = VMLAT_HYPER_OTHER;
		break;
	}
	if (f->steal_accounted) {
		*source = VMLAT_STEAL_KCPUSTAT;
		*reason = vmlat_pick_fed[hyper];
	} else {
		*reason = vmlat_pick_unfed[hyper];
	}
	return 0;
}
