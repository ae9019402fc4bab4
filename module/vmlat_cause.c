// SPDX-License-Identifier: GPL-2.0
/*
 * The out-of-line half of vmlat_cause.h: kernel code outside the idle
 * instruction, and the test build's negative control.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/lockdep.h>
#include <linux/moduleparam.h>

#include "vmlat_cause.h"
#include "vmlat_knob_check.h"

/*
 * vmlat_ctx - what the timer interrupt interrupted, all cases
 *
 * An idle instruction found here (in the idle task, not serving
 * softirqs: the HLT check alone would take a halting pv spinlock for
 * idle) is remembered in @vc->idle_ip, which the inline check compares
 * against from then on.
 */
static u8 vmlat_ctx(struct vmlat_cpu *vc, struct pt_regs *regs)
{
	if (unlikely(!regs))
		return VMLAT_CTX_NONE;
	if (user_mode(regs))
		return VMLAT_CTX_USER;
	if (is_idle_task(current) && !in_serving_softirq() &&
	    vmlat_arch_idle_insn(regs)) {
		vc->idle_ip = instruction_pointer(regs);
		return VMLAT_CTX_IDLE;
	}
	return vmlat_arch_irqs_just_on(regs) ? VMLAT_CTX_IRQS_ON :
	       VMLAT_CTX_KERNEL;
}

/**
 * vmlat_cause_slow() - @x's context and cause, every case but the one
 * vmlat_sample_cause() takes inline
 * @vc: the CPU's sampler, on its CPU with interrupts off
 * @regs: the interrupted registers, or NULL
 * @irqs: the CPU's device interrupts so far (kstat)
 * @x: the sample
 */
noinline void vmlat_cause_slow(struct vmlat_cpu *vc, struct pt_regs *regs,
			       unsigned long irqs, struct vmlat_sample *x)
{
	bool quiet = irqs == vc->last_irqs;

	/* the timer callback's: hard IRQ on @vc's CPU */
	lockdep_assert_irqs_disabled();
	vc->last_irqs = irqs;
	x->ctx = vmlat_ctx(vc, regs);
	x->cause = vmlat_cause_of(x->ctx, quiet);
}

#ifdef VMLAT_TEST
bool vmlat_cause_inverted;
vmlat_test_param(sim_cause_invert, &param_ops_bool, &vmlat_cause_inverted,
		 0644, "1 = show unreported host delay as guest and guest as unreported, in the summary and the event (the negative control of the cause tests; default 0)");
#endif
