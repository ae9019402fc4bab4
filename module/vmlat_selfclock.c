// SPDX-License-Identifier: GPL-2.0
/*
 * The clock of the callback's self cost: TSC cycles to ns, set up once at
 * load from the kernel's calibrated tsc_khz. The readers are inline, in
 * vmlat_selfclock.h, which says why the TSC and what its limit is.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/clocksource.h>
#include <linux/printk.h>
#include <linux/time64.h>
#include <asm/tsc.h>

#include "vmlat_selfclock.h"

struct vmlat_selfclock vmlat_selfclock __read_mostly;

/**
 * vmlat_selfclock_init() - TSC cycles to ns for the self cost
 *
 * From the kernel's calibrated tsc_khz; ktime_get_ns() without one. The
 * 4 s only sets the precision: mul_u64_u32_shr() multiplies in 128 bits
 * on x86-64, so a longer self cost (a vCPU paused in the callback)
 * converts without wrapping. tsc_khz is the boot host's rate and is never
 * updated; vmlat_selfclock.h says what that costs after a migration to a
 * host with another rate.
 */
void vmlat_selfclock_init(void)
{
	u32 khz = READ_ONCE(tsc_khz);

	if (!khz) {
		pr_notice("no calibrated TSC: the callback's self cost is read from ktime_get_ns()\n");
		return;
	}
	clocks_calc_mult_shift(&vmlat_selfclock.mult, &vmlat_selfclock.shift,
			       khz, NSEC_PER_MSEC, 4 * MSEC_PER_SEC);
}
