// SPDX-License-Identifier: GPL-2.0
/*
 * x86: was the timer interrupt held by the guest's interrupts-off
 * section, and where did that section end? Out of line: only expiries
 * taken in kernel code outside the idle instruction ask.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kallsyms.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <asm/unwind.h>

#include "vmlat_arch.h"
#include "vmlat_x86_insn.h"

/* how many frames the culprit may be above the interrupted one */
#define VMLAT_CULPRIT_FRAMES	8

/**
 * vmlat_arch_irqs_just_on() - was @regs taken one instruction past an STI?
 * @regs: the interrupted registers, kernel mode
 *
 * Reads the VMLAT_X86_BEFORE bytes before the IP (without faulting: they
 * may start in a module's guard page) and asks vmlat_x86_after_sti().
 */
bool vmlat_arch_irqs_just_on(const struct pt_regs *regs)
{
	u8 before[VMLAT_X86_BEFORE];

	if (copy_from_kernel_nofault(before,
				     (const void *)(regs->ip - sizeof(before)),
				     sizeof(before)))
		return false;
	return vmlat_x86_after_sti(before);
}

/**
 * vmlat_arch_culprit() - the site that held the timer interrupt
 * @regs: the interrupted registers, taken one instruction past an STI
 *
 * The interrupted IP, unless it lies in a lock primitive
 * (spin_unlock_irqrestore() and its kin re-enable interrupts for their
 * caller): then the first return address outside them, by the kernel's
 * unwinder. 0 if the unwinder finds none.
 */
unsigned long vmlat_arch_culprit(struct pt_regs *regs)
{
	struct unwind_state state;
	unsigned long addr = regs->ip;
	unsigned int i;

	if (!in_lock_functions(addr))
		return addr;
	unwind_start(&state, current, regs, NULL);
	for (i = 0; i < VMLAT_CULPRIT_FRAMES && !unwind_done(&state); i++) {
		addr = unwind_get_return_address(&state);
		if (addr && !in_lock_functions(addr))
			return addr;
		unwind_next_frame(&state);
	}
	return 0;
}
