/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86's answers to vmlat_arch.h: the idle instruction is HLT (KVM and
 * TCG guests idle in default_idle()'s "sti; hlt"); the interrupt that
 * interrupts were held against is taken one instruction past the STI
 * (vmlat_x86_insn.h, vmlat_arch_x86.c).
 */
#ifndef VMLAT_ARCH_X86_H
#define VMLAT_ARCH_X86_H

#include <linux/mm.h>
#include <linux/types.h>
#include <linux/uaccess.h>
#include <asm/ptrace.h>

#include "compat.h"

#define VMLAT_X86_HLT	0xf4

/*
 * vmlat_arch_idle_insn - was @regs taken right after a HLT? Inline: the
 * callback asks at every expiry in the idle task. The byte before the IP
 * is in the IP's own page, which is mapped, unless the IP starts a page:
 * only then can it fault (a module's text begins after a guard page).
 */
static __always_inline bool vmlat_arch_idle_insn(const struct pt_regs *regs)
{
	u8 b;

	if (likely(offset_in_page(regs->ip)))
		return *(const u8 *)(regs->ip - 1) == VMLAT_X86_HLT;
	return !get_kernel_nofault(b, (const u8 *)(regs->ip - 1)) &&
	       b == VMLAT_X86_HLT;
}

/*
 * vmlat_arch_ipi_count - this CPU's IPIs so far (reschedule and function
 * call; device interrupts are kstat's): their handlers run with
 * interrupts off, as any guest work that can hold the timer's
 */
static __always_inline unsigned int vmlat_arch_ipi_count(void)
{
	return vmlat_irq_stat(RESCHEDULE, irq_resched_count) +
	       vmlat_irq_stat(CALL_FUNCTION, irq_call_count);
}

bool vmlat_arch_irqs_just_on(const struct pt_regs *regs);
unsigned long vmlat_arch_culprit(struct pt_regs *regs);

#endif /* VMLAT_ARCH_X86_H */
