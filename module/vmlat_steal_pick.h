/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which steal source a CPU gets, decided from facts vmlat_steal.c
 * gathers (CPUID, the CPU's MSR_KVM_STEAL_TIME, x86_hyper_type, the
 * CPU's accounted steal). The kernel's own answer, paravirt_steal_enabled,
 * is not exported, so the decision rests on what is (docs/steal.md, "How
 * auto decides").
 *
 * Pure code: built in the module and in the host unit tests
 * (tests/unit/test_steal_pick.c), which cover every branch.
 */
#ifndef VMLAT_STEAL_PICK_H
#define VMLAT_STEAL_PICK_H

#include <linux/types.h>

#include "vmlat_names.h"	/* enum vmlat_steal_source */

/* The hypervisor the kernel identified at boot (x86_hyper_type). */
enum vmlat_hyper {
	VMLAT_HYPER_NATIVE = 0,	/* none: bare metal, emulator, or nopv */
	VMLAT_HYPER_KVM,
	VMLAT_HYPER_XEN_PV,
	VMLAT_HYPER_XEN_HVM,
	VMLAT_HYPER_VMWARE,
	VMLAT_HYPER_OTHER,
	VMLAT_HYPER_COUNT,
};

/**
 * struct vmlat_steal_facts - what one CPU offers, as far as vmlat can see
 * @kvm_leaf: the KVM CPUID leaf is visible (a KVM guest, also under nopv)
 * @kvm_steal_time: that leaf offers KVM_FEATURE_STEAL_TIME
 * @kvm_msr_read: MSR_KVM_STEAL_TIME could be read on the CPU
 * @kvm_registered: the MSR's enable bit is set: the guest kernel
 *                  registered a steal time area on the CPU
 * @kvm_mapped: vmlat mapped that area
 * @hyper: the hypervisor the kernel identified (KVM only if it did)
 * @steal_accounted: the CPU's kcpustat CPUTIME_STEAL is non-zero: a
 *                   steal clock has fed the kernel's accounting
 *
 * A KVM fact is only meaningful when the ones before it are true; the
 * gatherer may leave it false otherwise.
 */
struct vmlat_steal_facts {
	bool kvm_leaf;
	bool kvm_steal_time;
	bool kvm_msr_read;
	bool kvm_registered;
	bool kvm_mapped;
	enum vmlat_hyper hyper;
	bool steal_accounted;
};

int vmlat_steal_pick(enum vmlat_steal_source wanted,
		     const struct vmlat_steal_facts *f,
		     enum vmlat_steal_source *source, const char **reason);

#endif /* VMLAT_STEAL_PICK_H */
