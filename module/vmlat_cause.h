/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who delayed the timer (docs/steal.md): each expiry's residual (its
 * lateness less its stolen part) goes whole to one cause, decided by
 * what the timer interrupt interrupted:
 *
 * - the idle task in its idle instruction, or user mode: nothing in the
 *   guest held the interrupt, so the host did, and its steal clock did
 *   not count it: unreported host delay;
 * - kernel code one instruction after interrupts came back on: the guest
 *   held it with interrupts off: guest (vmlat_arch_culprit() finds the
 *   site);
 * - anything else, and idle or user mode when another interrupt's
 *   handler ran on this CPU since the previous expiry (it may have held
 *   the timer's with interrupts off, then returned to where the timer's
 *   was taken): undetermined.
 *
 * The callback asks at every expiry: inline, out of line only for kernel
 * code outside the idle instruction.
 */
#ifndef VMLAT_CAUSE_H
#define VMLAT_CAUSE_H

#include <linux/kernel_stat.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <asm/irq_regs.h>
#include <asm/ptrace.h>

#include "vmlat.h"
#include "vmlat_arch.h"

u8 vmlat_kernel_ctx(const struct pt_regs *regs);

#ifdef VMLAT_TEST
/* test build: sim_cause_invert swaps unreported and guest */
extern bool vmlat_cause_inverted;
#else
#define vmlat_cause_inverted	false
#endif

/* vmlat_cause_of - the cause that @ctx gives, @quiet: no other interrupt */
static __always_inline u8 vmlat_cause_of(u8 ctx, bool quiet)
{
	u8 cause;

	if (ctx == VMLAT_CTX_IDLE || ctx == VMLAT_CTX_USER)
		cause = quiet ? VMLAT_CAUSE_UNREPORTED :
			VMLAT_CAUSE_UNDETERMINED;
	else if (ctx == VMLAT_CTX_IRQS_ON)
		cause = VMLAT_CAUSE_GUEST;
	else
		cause = VMLAT_CAUSE_UNDETERMINED;
	/* the negative control: GUEST (1) and UNREPORTED (0) swapped */
	if (vmlat_cause_inverted && cause != VMLAT_CAUSE_UNDETERMINED)
		cause ^= 1;
	return cause;
}

/*
 * vmlat_sample_cause - @x's context and cause, in the timer callback
 * (hard IRQ, interrupts off, on @vc's CPU)
 */
static __always_inline void vmlat_sample_cause(struct vmlat_cpu *vc,
					       struct vmlat_sample *x)
{
	struct pt_regs *regs = get_irq_regs();
	unsigned long irqs = __this_cpu_read(kstat.irqs_sum) +
			     vmlat_arch_ipi_count();
	bool quiet = irqs == vc->last_irqs;

	vc->last_irqs = irqs;
	if (unlikely(!regs))
		x->ctx = VMLAT_CTX_NONE;
	else if (user_mode(regs))
		x->ctx = VMLAT_CTX_USER;
	else if (is_idle_task(current) && !in_serving_softirq() &&
		 vmlat_arch_idle_insn(regs))
		x->ctx = VMLAT_CTX_IDLE;
	else
		x->ctx = vmlat_kernel_ctx(regs);
	x->cause = vmlat_cause_of(x->ctx, quiet);
}

#endif /* VMLAT_CAUSE_H */
