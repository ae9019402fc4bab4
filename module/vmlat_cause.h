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
 * - anything else, and idle or user mode when a device interrupt's
 *   handler ran on this CPU since the previous expiry (it may have held
 *   the timer's with interrupts off, then returned to where the timer's
 *   was taken): undetermined.
 *
 * The callback asks at every expiry: inline for the idle instruction
 * already seen, out of line for the rest.
 */
#ifndef VMLAT_CAUSE_H
#define VMLAT_CAUSE_H

#include <linux/kernel_stat.h>
#include <linux/preempt.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <asm/irq_regs.h>
#include <asm/ptrace.h>

#include "vmlat.h"
#include "vmlat_arch.h"

void vmlat_cause_slow(struct vmlat_cpu *vc, struct pt_regs *regs,
		      unsigned long irqs, struct vmlat_sample *x);

#ifdef VMLAT_TEST
/*
 * test build: sim_cause_invert swaps unreported and guest where they are
 * shown (the event, a snapshot), never in the callback's own figures
 */
extern bool vmlat_cause_inverted;
#define vmlat_cause_invert()	READ_ONCE(vmlat_cause_inverted)
#else
#define vmlat_cause_invert()	false
#endif

/*
 * vmlat_cause_shown - @cause as the event and the files show it: in the
 * test build's negative control, GUEST (1) and UNREPORTED (0) swapped
 */
static inline u8 vmlat_cause_shown(u8 cause)
{
	if (vmlat_cause_invert() &&
	    cause != VMLAT_CAUSE_UNDETERMINED)
		return cause ^ 1;
	return cause;
}

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
	return cause;
}

/*
 * vmlat_sample_cause - @x's context and cause, in the timer callback
 * (hard IRQ, interrupts off, on @vc's CPU); @x zeroed but for its figures
 *
 * Inline for the common expiry: a CPU woken from its idle instruction,
 * with no device interrupt since the previous expiry. The idle
 * instruction's IP is one address, checked once out of line
 * (vmlat_cause_slow()) and then known; the idle task is checked still,
 * as a halting pv spinlock (kvm_wait()) shares that instruction. That
 * case is @x's zero ctx and cause, VMLAT_CTX_IDLE and
 * VMLAT_CAUSE_UNREPORTED: nothing to write. Everything else is out of
 * line.
 */
static __always_inline void vmlat_sample_cause(struct vmlat_cpu *vc,
					       struct vmlat_sample *x)
{
	struct pt_regs *regs = get_irq_regs();
	unsigned long irqs = __this_cpu_read(kstat.irqs_sum);

	BUILD_BUG_ON(VMLAT_CTX_IDLE || VMLAT_CAUSE_UNREPORTED);
	if (likely(irqs == vc->last_irqs && regs &&
		   instruction_pointer(regs) == vc->idle_ip &&
		   is_idle_task(current)))
		return;
	vmlat_cause_slow(vc, regs, irqs, x);
}

#endif /* VMLAT_CAUSE_H */
