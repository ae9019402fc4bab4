/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmlat is written against the newest kernel API. This file, and only
 * this file, lets it build on older kernels: each shim provides a new
 * interface on top of the old one and says when the new one arrived, so
 * a shim can be deleted once the oldest supported kernel has the API.
 *
 * Supported: Debian 12's 6.1, Debian 13's 6.12 and the newest Debian
 * kernel, in their generic, cloud and rt flavours; tests/matrix.sh
 * resolves the newest at run time.
 */
#ifndef VMLAT_COMPAT_H
#define VMLAT_COMPAT_H

#include <linux/hrtimer.h>

/*
 * The VMLAT_HAVE_* feature flags come from Kbuild, which looks for each
 * API in the target kernel's headers (never the build machine's).
 */

/* v6.13: hrtimer_setup() replaces hrtimer_init() + setting ->function. */
#ifndef VMLAT_HAVE_HRTIMER_SETUP
static inline void
hrtimer_setup(struct hrtimer *timer,
	      enum hrtimer_restart (*function)(struct hrtimer *),
	      clockid_t clock_id, enum hrtimer_mode mode)
{
	hrtimer_init(timer, clock_id, mode);
	timer->function = function;
}
#endif

#ifdef CONFIG_X86
/* v6.16: hypervisor_cpuid_base() is renamed cpuid_base_hypervisor(). */
#ifdef VMLAT_HAVE_CPUID_BASE_HYPERVISOR
#include <asm/cpuid/api.h>
#else
#include <asm/processor.h>
static inline u32 cpuid_base_hypervisor(const char *sig, u32 leaves)
{
	return hypervisor_cpuid_base(sig, leaves);
}
#endif

/* v6.16: rdmsrl_safe_on_cpu() is renamed rdmsrq_safe_on_cpu(). */
#include <asm/msr.h>
#ifndef VMLAT_HAVE_RDMSRQ
static inline int rdmsrq_safe_on_cpu(unsigned int cpu, u32 msr_no, u64 *q)
{
	return rdmsrl_safe_on_cpu(cpu, msr_no, q);
}
#endif

#endif /* CONFIG_X86 */

#endif /* VMLAT_COMPAT_H */
