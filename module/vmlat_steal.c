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
 * kcpustat: the kernel's steal accounting (CPUTIME_STEAL), which any
 * paravirt steal clock the kernel knows (Xen, VMware, KVM) feeds at tick
 * granularity.
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

#include "vmlat_kst.h"
#include "vmlat_sim.h"
#include "vmlat_steal.h"

enum vmlat_steal_source vmlat_steal_wanted = VMLAT_STEAL_AUTO;

static const char * const vmlat_steal_names[] = {
	[VMLAT_STEAL_NONE] = "none",
	[VMLAT_STEAL_KCPUSTAT] = "kcpustat",
	[VMLAT_STEAL_KVM] = "kvm",
	[VMLAT_STEAL_SIM] = "sim",
	[VMLAT_STEAL_AUTO] = "auto",
};

const char *vmlat_steal_name(enum vmlat_steal_source src)
{
	if (src >= ARRAY_SIZE(vmlat_steal_names))
		return "?";
	return vmlat_steal_names[src];
}

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
	unsigned int i;

	if (len && s[len - 1] == '\n')
		len--;
	for (i = 0; i < ARRAY_SIZE(vmlat_steal_names); i++) {
		if (i == VMLAT_STEAL_SIM && !vmlat_sim_built())
			continue;
		if (strlen(vmlat_steal_names[i]) == len &&
		    !strncmp(s, vmlat_steal_names[i], len)) {
			*out = i;
			return 0;
		}
	}
	return -EINVAL;
}

/* kvm_attach - map this CPU's struct kvm_steal_time, or say why not */
static int kvm_attach(struct vmlat_steal_clock *sc, unsigned int cpu)
{
	u32 base = hypervisor_cpuid_base("KVMKVMKVM\0\0\0", 0);
	u64 msr, gpa;
	void *map;

	if (!base) {
		sc->reason = "no KVM CPUID leaf: not a KVM guest";
		return -ENODEV;
	}
	if (!(cpuid_eax(base | KVM_CPUID_FEATURES) &
	      BIT(KVM_FEATURE_STEAL_TIME))) {
		sc->reason = "KVM does not offer KVM_FEATURE_STEAL_TIME";
		return -ENODEV;
	}
	if (rdmsrl_safe_on_cpu(cpu, MSR_KVM_STEAL_TIME, &msr)) {
		sc->reason = "MSR_KVM_STEAL_TIME cannot be read";
		return -ENODEV;
	}
	if (!vmlat_kst_msr_decode(msr, &gpa)) {
		sc->reason = "the guest kernel registered no steal time area on this CPU";
		return -ENODEV;
	}
	map = memremap(gpa, sizeof(struct kvm_steal_time), MEMREMAP_WB);
	if (!map) {
		sc->reason = "the steal time area cannot be mapped";
		return -ENOMEM;
	}
	sc->map = map;
	sc->kst = map;
	sc->source = VMLAT_STEAL_KVM;
	sc->reason = "KVM steal time area, read at every expiry";
	return 0;
}

/* kcpustat_fed - does this kernel's steal accounting have a source? */
static bool kcpustat_fed(void)
{
	switch (x86_hyper_type) {
	case X86_HYPER_KVM:
	case X86_HYPER_XEN_PV:
	case X86_HYPER_XEN_HVM:
	case X86_HYPER_VMWARE:
		return true;
	default:
		return false;
	}
}

/**
 * vmlat_steal_attach() - choose and set up @cpu's steal source
 * @sc: the CPU's steal clock, detached
 * @cpu: the CPU; its MSR is read there
 *
 * Follows vmlat_steal_wanted. In process context: may sleep.
 *
 * Return: 0, or -ENODEV when the forced source is not available on this
 * CPU (sc->reason says why; the CPU then has source none).
 */
int vmlat_steal_attach(struct vmlat_steal_clock *sc, unsigned int cpu)
{
	memset(sc, 0, sizeof(*sc));
	sc->source = VMLAT_STEAL_NONE;

	switch (vmlat_steal_wanted) {
	case VMLAT_STEAL_NONE:
		sc->reason = "forced by steal=none";
		return 0;
	case VMLAT_STEAL_KCPUSTAT:
		sc->source = VMLAT_STEAL_KCPUSTAT;
		sc->reason = "forced by steal=kcpustat: accounted steal, tick granularity";
		return 0;
	case VMLAT_STEAL_KVM:
		return kvm_attach(sc, cpu) ? -ENODEV : 0;
	case VMLAT_STEAL_SIM:
		sc->kst = vmlat_sim_area(cpu);
		if (!sc->kst) {
			sc->reason = "test build: simulator not running";
			return -ENODEV;
		}
		sc->source = VMLAT_STEAL_SIM;
		sc->reason = "test build: simulated host";
		return 0;
	default:
		break;
	}

	/* auto: the best that works here */
	if (!kvm_attach(sc, cpu))
		return 0;
	if (kcpustat_fed()) {
		sc->source = VMLAT_STEAL_KCPUSTAT;
		sc->reason = "hypervisor steal accounting, tick granularity";
		return 0;
	}
	if (x86_hyper_type == X86_HYPER_NATIVE)
		sc->reason = "no hypervisor steal clock (bare metal or emulator)";
	else
		sc->reason = "this hypervisor gives the kernel no steal clock";
	return 0;
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

/**
 * vmlat_steal_now() - steal so far on this CPU, in ns
 * @sc: this CPU's steal clock
 * @steal_ns: the value, written only on success
 *
 * Called from the timer callback, on the CPU @sc belongs to.
 *
 * Return: false when the steal area could not be read consistently
 * (vmlat_kst_read() gave up); the caller keeps its last good value.
 */
bool vmlat_steal_now(const struct vmlat_steal_clock *sc, u64 *steal_ns)
{
	switch (sc->source) {
	case VMLAT_STEAL_KVM:
	case VMLAT_STEAL_SIM:
		return vmlat_kst_read(sc->kst, steal_ns);
	case VMLAT_STEAL_KCPUSTAT:
		*steal_ns = __this_cpu_read(kernel_cpustat.cpustat[CPUTIME_STEAL]);
		return true;
	default:
		*steal_ns = 0;
		return true;
	}
}
