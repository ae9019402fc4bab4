/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The clock of the callback's self cost (summary keys self_*_ns).
 *
 * Lateness needs CLOCK_MONOTONIC, the timer's own clock: ktime_get_ns()
 * at entry. The self cost only needs a short interval on one CPU, so
 * it is taken from the TSC, converted with the kernel's calibrated
 * tsc_khz: two RDTSC instead of a second ktime_get_ns() at exit, which
 * costs a read of the clocksource (kvm-clock's pvclock page, or an MMIO
 * exit to the hypervisor with hpet and acpi_pm) at every expiry.
 *
 * Without a calibrated TSC (tsc_khz 0) the exit reads ktime_get_ns(), like
 * the entry. A TSC whose rate follows the CPU's frequency (CPUs without
 * constant_tsc, from before about 2008) scales the figure by the current
 * frequency over the calibrated one.
 * A known limit: tsc_khz is the rate the kernel calibrated at boot, and
 * nothing updates it. After a live migration to a host whose TSC runs at
 * another rate, with no TSC scaling (VMX and SVM have it on hosts of the
 * last decade), the self cost is off by the ratio of the two rates;
 * lateness and steal are not, they come from CLOCK_MONOTONIC and the
 * steal clock. kvm-clock's scale follows the host, but it lives in each
 * vCPU's pvclock page: a versioned read of it at every expiry, the very
 * read the TSC spares (docs/design.md).
 *
 * rdtsc_ordered(): a plain RDTSC may execute before the loads ahead of
 * it retire, or after the stores behind, and so miss part of the
 * callback at either end.
 */
#ifndef VMLAT_SELFCLOCK_H
#define VMLAT_SELFCLOCK_H

#include <linux/cache.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/types.h>
#include <asm/msr.h>

/*
 * struct vmlat_selfclock - TSC cycles to ns: ns = cycles * mult >> shift;
 * mult 0 while there is no calibrated TSC
 */
struct vmlat_selfclock {
	u32 mult;
	u32 shift;
};

extern struct vmlat_selfclock vmlat_selfclock;

void vmlat_selfclock_init(void);

/* vmlat_self_start - the self cost's start, taken at entry after @entry_ns */
static __always_inline u64 vmlat_self_start(u64 entry_ns)
{
	return vmlat_selfclock.mult ? rdtsc_ordered() : entry_ns;
}

/* vmlat_self_ns - ns since @start (from vmlat_self_start()) */
static __always_inline u64 vmlat_self_ns(u64 start)
{
	s64 cycles;

	if (!vmlat_selfclock.mult)
		return ktime_get_ns() - start;
	/* a TSC the hypervisor moved back in between: count nothing */
	cycles = rdtsc_ordered() - start;
	if (cycles <= 0)
		return 0;
	return mul_u64_u32_shr(cycles, vmlat_selfclock.mult,
			       vmlat_selfclock.shift);
}

#endif /* VMLAT_SELFCLOCK_H */
