/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading KVM's paravirt steal clock, struct kvm_steal_time: decoding
 * MSR_KVM_STEAL_TIME and the lock-free read of the steal counter.
 *
 * The host updates the struct while the vCPU is out of the guest:
 * version becomes odd, steal (and the rest) change, version becomes even
 * again. A reader that saw an odd version, or a version that changed
 * while it read, retries. This is the protocol kvm_steal_clock() in
 * arch/x86/kernel/kvm.c follows.
 *
 * Pure code: the module and the host unit tests (which race it against a
 * writer thread) build the same inline functions.
 */
#ifndef VMLAT_KST_H
#define VMLAT_KST_H

#include <linux/compiler.h>
#include <linux/kvm_para.h>
#include <linux/types.h>
#include <asm/barrier.h>

/* Bits 63:6 of MSR_KVM_STEAL_TIME hold the area's guest physical address. */
#define VMLAT_KST_ALIGN		64ULL
#define VMLAT_KST_ADDR_MASK	(~(VMLAT_KST_ALIGN - 1))

/**
 * vmlat_kst_msr_decode() - where a CPU's steal area is, if registered
 * @msr: the value of MSR_KVM_STEAL_TIME read on that CPU
 * @gpa: the area's guest physical address, written when registered
 *
 * Return: true when bit 0 (KVM_MSR_ENABLED) says the area is registered.
 */
static inline bool vmlat_kst_msr_decode(u64 msr, u64 *gpa)
{
	if (!(msr & KVM_MSR_ENABLED))
		return false;
	*gpa = msr & VMLAT_KST_ADDR_MASK;
	return true;
}

/*
 * Reads of the version loop before giving up. The host updates a vCPU's
 * area only while that vCPU is out of the guest, so a vCPU reading its own
 * area should never even see an update in progress; the bound is for an
 * area that stays odd (a host that died halfway, a wrong mapping), which
 * would otherwise hold the timer callback, interrupts off, forever.
 */
#define VMLAT_KST_TRIES		16

/**
 * vmlat_kst_read() - the steal counter, in ns, read consistently
 * @st: the CPU's struct kvm_steal_time, as mapped by the guest
 * @steal: the value, written only when the read succeeds
 *
 * Never returns a value the host wrote while an update was in progress.
 * Unlike kvm_steal_clock(), gives up after VMLAT_KST_TRIES reads that saw
 * an odd or changing version: it runs in hard-IRQ context.
 *
 * Return: true when *@steal was read, false when the read gave up.
 */
static inline bool vmlat_kst_read(const struct kvm_steal_time *st, u64 *steal)
{
	unsigned int tries;
	u32 version;
	u64 v;

	for (tries = 0; tries < VMLAT_KST_TRIES; tries++) {
		version = READ_ONCE(st->version);
		/* read version before steal; pairs with the host's wmb */
		virt_rmb();
		v = READ_ONCE(st->steal);
		/* read steal before re-reading version */
		virt_rmb();
		if (!(version & 1) && version == READ_ONCE(st->version)) {
			*steal = v;
			return true;
		}
	}
	return false;
}

/**
 * vmlat_stolen_part() - how much of a lateness the host stole
 * @lateness_ns: how late the timer fired
 * @steal_delta_ns: steal since this CPU's previous expiry
 *
 * Steal since the previous expiry may have happened anywhere in the
 * period, not only after the expected expiry, so at most all of the
 * lateness is attributed to it; the residual is lateness minus this.
 */
static inline u64 vmlat_stolen_part(u64 lateness_ns, u64 steal_delta_ns)
{
	return lateness_ns < steal_delta_ns ? lateness_ns : steal_delta_ns;
}

#endif /* VMLAT_KST_H */
