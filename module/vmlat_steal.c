// SPDX-License-Identifier: GPL-2.0
/*
 * Steal sources: find, per CPU, the best clock of "ns stolen by the
 * host", and read it from the timer callback.
 *
 * kvm: the guest kernel's own struct kvm_steal_time for this CPU. Its
 * address is not exported (paravirt_steal_clock() is not either), so it
 * is found the way the host finds it: MSR_KVM_STEAL_TIME, read on the
 * CPU, holds its guest physical address; memremap() gives the kernel's
 * mapping of that RAM.
 * kcpustat: the kernel's steal accounting (CPUTIME_STEAL), fed at tick
 * granularity by whichever paravirt steal clock the kernel enabled, if
 * any: auto takes it only where that is known (vmlat_steal_pick.c).
 * none: no steal clock; steal is unknown, not zero.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/io.h>
#include <linux/kernel_stat.h>
#include <linux/kvm_para.h>
#include <linux/string.h>
#include <asm/hypervisor.h>
#include <asm/msr.h>
#include <asm/processor.h>

#include "compat.h"
#include "vmlat_kst.h"
#include "vmlat_sim.h"
#include "vmlat_steal.h"
#include "vmlat_steal_pick.h"

enum vmlat_steal_source vmlat_steal_wanted = VMLAT_STEAL_AUTO;

/**
 * vmlat_steal_parse() - the steal knob's value
 * @s: "auto", "kvm", "kcpustat", "none", or "sim" in the test build; one
 *     trailing newline allowed
 * @out: the source, written only on success
 *
 * Return: 0 or -EINVAL.
 */
int vmlat_steal_parse(const char *s, enum vmlat_steal_source *out)
{
	size_t len = strlen(s);
	int src;

	if (len && s[len - 1] == '\n')
		len--;
	src = vmlat_steal_name_parse(s, len);
	if (src < 0 || (src == VMLAT_STEAL_SIM && !vmlat_sim_built()))
		return -EINVAL;
	*out = src;
	return 0;
}

/* steal_hyper - the hypervisor the kernel identified, for the pick */
static enum vmlat_hyper steal_hyper(void)
{
	switch (x86_hyper_type) {
	case X86_HYPER_NATIVE:
		return VMLAT_HYPER_NATIVE;
	case X86_HYPER_KVM:
		return VMLAT_HYPER_KVM;
	case X86_HYPER_XEN_PV:
		return VMLAT_HYPER_XEN_PV;
	case X86_HYPER_XEN_HVM:
		return VMLAT_HYPER_XEN_HVM;
	case X86_HYPER_VMWARE:
		return VMLAT_HYPER_VMWARE;
	default:
		return VMLAT_HYPER_OTHER;
	}
}

/*
 * kvm_facts - the KVM leaf and @cpu's steal time area, as far as they go
 *
 * Stops at the first fact that is false. Return: the area mapped, or
 * NULL; the caller unmaps it unless the kvm source is chosen.
 */
static void *kvm_facts(struct vmlat_steal_facts *f, unsigned int cpu)
{
	u32 base = cpuid_base_hypervisor("KVMKVMKVM\0\0\0", 0);
	u64 msr, gpa;
	void *map;

	f->kvm_leaf = base != 0;
	if (!f->kvm_leaf)
		return NULL;
	f->kvm_steal_time = cpuid_eax(base | KVM_CPUID_FEATURES) &
			    BIT(KVM_FEATURE_STEAL_TIME);
	if (!f->kvm_steal_time)
		return NULL;
	f->kvm_msr_read = !rdmsrq_safe_on_cpu(cpu, MSR_KVM_STEAL_TIME, &msr);
	if (!f->kvm_msr_read)
		return NULL;
	f->kvm_registered = vmlat_kst_msr_decode(msr, &gpa);
	if (!f->kvm_registered)
		return NULL;
	map = memremap(gpa, sizeof(struct kvm_steal_time), MEMREMAP_WB);
	f->kvm_mapped = map != NULL;
	return map;
}

/**
 * vmlat_steal_attach() - choose and set up @cpu's steal source
 * @sc: the CPU's steal clock, detached
 * @cpu: the CPU; its MSR is read there
 *
 * Follows vmlat_steal_wanted: gathers @cpu's facts, lets
 * vmlat_steal_pick() choose, keeps the mapping only for kvm. In process
 * context: may sleep.
 *
 * Return: 0, or -ENODEV when the forced source is not available on this
 * CPU (sc->reason says why; the CPU then has source none).
 */
int vmlat_steal_attach(struct vmlat_steal_clock *sc, unsigned int cpu)
{
	enum vmlat_steal_source wanted = vmlat_steal_wanted;
	enum vmlat_steal_source source = VMLAT_STEAL_NONE;
	struct vmlat_steal_facts f = { };
	const char *reason;
	void *map = NULL;
	int ret;

	/*
	 * Field by field, not a memset: debugfs's steal_source reads source
	 * and reason with READ_ONCE() at any time, also while a CPU comes
	 * online; the CPU's timer is not armed yet, so kst and map have no
	 * reader.
	 */
	sc->map = NULL;
	sc->kst = NULL;
	if (wanted == VMLAT_STEAL_SIM) {
		sc->kst = vmlat_sim_area(cpu);
		if (!sc->kst) {
			ret = -ENODEV;
			reason = "test build: no simulated steal area on this CPU (simulator not running, or sim_absent_cpus)";
		} else {
			ret = 0;
			source = VMLAT_STEAL_SIM;
			reason = "test build: simulated host";
		}
		goto publish;
	}

	if (wanted == VMLAT_STEAL_AUTO || wanted == VMLAT_STEAL_KVM)
		map = kvm_facts(&f, cpu);
	f.hyper = steal_hyper();
	f.steal_accounted =
		READ_ONCE(kcpustat_cpu(cpu).cpustat[CPUTIME_STEAL]) != 0;

	ret = vmlat_steal_pick(wanted, &f, &source, &reason);
	if (source == VMLAT_STEAL_KVM) {
		sc->map = map;
		sc->kst = map;
	} else if (map) {
		memunmap(map);
	}
publish:
	WRITE_ONCE(sc->source, source);
	WRITE_ONCE(sc->reason, reason);
	return ret;
}

/* Why a CPU that went offline has no source; indexed by the one it had. */
static const char * const vmlat_steal_offline[] = {
	[VMLAT_STEAL_NONE] = "CPU offline; it had no steal source",
	[VMLAT_STEAL_KCPUSTAT] = "CPU offline; its steal from kcpustat stays in the files",
	[VMLAT_STEAL_KVM] = "CPU offline; its steal from kvm stays in the files",
	[VMLAT_STEAL_SIM] = "CPU offline; its steal from sim stays in the files",
};

/**
 * vmlat_steal_detach() - drop @sc's source when its CPU goes offline
 * @sc: the CPU's steal clock; the CPU's timer is stopped
 *
 * The steal the CPU recorded stays in its statistics; sc->reason says
 * which source it came from.
 */
void vmlat_steal_detach(struct vmlat_steal_clock *sc)
{
	enum vmlat_steal_source was = sc->source;

	if (sc->map)
		memunmap(sc->map);
	sc->map = NULL;
	sc->kst = NULL;
	WRITE_ONCE(sc->source, VMLAT_STEAL_NONE);
	if (was < ARRAY_SIZE(vmlat_steal_offline))
		WRITE_ONCE(sc->reason, vmlat_steal_offline[was]);
}
