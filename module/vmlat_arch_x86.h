/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86's answers to vmlat_arch.h: the idle instruction is HLT (KVM and
 * TCG guests idle in default_idle()'s "sti; hlt"); the interrupt that
 * interrupts were held against is taken one instruction past the STI
 * (vmlat_x86_insn.h, vmlat_arch_x86.c).
 */
#ifndef VMLAT_ARCH_X86_H
#define VMLAT_ARCH_X86_H

#include <linux/types.h>
#include <linux/uaccess.h>
#include <asm/ptrace.h>


#define VMLAT_X86_HLT	0xf4

/*
 * vmlat_arch_idle_insn - was @regs taken right after a HLT? The byte
 * before the IP may start a module's text (a guard page before it), so
 * it is read without faulting; out of line, the callback remembers the
 * idle instruction it found (vmlat_ctx_slow()).
 */
static inline bool vmlat_arch_idle_insn(const struct pt_regs *regs)
{
	u8 b;

	return !get_kernel_nofault(b, (const u8 *)(regs->ip - 1)) &&
	       b == VMLAT_X86_HLT;
}

bool vmlat_arch_irqs_just_on(const struct pt_regs *regs);
unsigned long vmlat_arch_culprit(struct pt_regs *regs);

#endif /* VMLAT_ARCH_X86_H */
