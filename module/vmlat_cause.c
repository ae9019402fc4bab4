// SPDX-License-Identifier: GPL-2.0
/*
 * The out-of-line half of vmlat_cause.h: kernel code outside the idle
 * instruction, and the test build's negative control.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/moduleparam.h>

#include "vmlat_cause.h"
#include "vmlat_knob_check.h"

/**
 * vmlat_kernel_ctx() - the context of an interrupt taken in kernel code
 * @regs: the interrupted registers, kernel mode, not the idle instruction
 *
 * Return: VMLAT_CTX_IRQS_ON if it was taken as soon as interrupts came
 * back on (the guest held it), else VMLAT_CTX_KERNEL.
 */
noinline u8 vmlat_kernel_ctx(const struct pt_regs *regs)
{
	return vmlat_arch_irqs_just_on(regs) ? VMLAT_CTX_IRQS_ON :
	       VMLAT_CTX_KERNEL;
}

#ifdef VMLAT_TEST
bool vmlat_cause_inverted;
vmlat_test_param(sim_cause_invert, &param_ops_bool, &vmlat_cause_inverted,
		 0644, "1 = book unreported host delay as guest and guest as unreported (the negative control of the cause tests; default 0)");
#endif
