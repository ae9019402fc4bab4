/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What vmlat needs to know about the CPU it runs on, one header an
 * architecture, chosen here at build time (docs/steal.md, "Who delayed
 * the timer"):
 *
 * vmlat_arch_idle_insn(regs)	was the interrupt taken in the idle
 *				instruction (x86: right after HLT)?
 * vmlat_arch_irqs_just_on(regs)	was it taken as soon as the kernel
 *				re-enabled interrupts (x86: one instruction
 *				past an STI)?
 * vmlat_arch_culprit(regs)	the site that held interrupts off: the
 *				interrupted IP, or, when that is in a lock
 *				primitive, its first caller outside them
 */
#ifndef VMLAT_ARCH_H
#define VMLAT_ARCH_H

#ifdef CONFIG_X86
#include "vmlat_arch_x86.h"
#else
#error "vmlat: no vmlat_arch_*.h for this architecture"
#endif

#endif /* VMLAT_ARCH_H */
