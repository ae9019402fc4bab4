/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How a wake-up's lateness splits into its causes (docs/abi.md,
 * "Stages"): the expiry's IRQ lateness, the steal between the IRQ and
 * the woken task running, and the rest, scheduling delay inside the
 * guest. Exact: the parts add up to the lateness, sample by sample. Of
 * the IRQ part, the IRQ's own stolen part is kept too, so that all the
 * steal in a wake-up is known: irq_stolen + stolen.
 *
 * Pure code: built in the module and in the host unit tests.
 */
#ifndef VMLAT_SPLIT_H
#define VMLAT_SPLIT_H

#include <linux/types.h>

/**
 * struct vmlat_split - one wake-up's lateness and its parts, in ns
 * @total: task running - expected expiry
 * @irq: the expiry's IRQ lateness (its own stolen part included)
 * @stolen: steal after the IRQ, while the task was not yet running
 * @sched: the rest
 * @irq_stolen: of @irq, the IRQ's own stolen part (not a fourth part)
 * @cause: who the rest of @irq (@irq - @irq_stolen) goes to, the
 *	expiry's VMLAT_CAUSE_*; set by the stage, not by vmlat_split()
 */
struct vmlat_split {
	u64 total;
	u64 irq;
	u64 stolen;
	u64 sched;
	u64 irq_stolen;
	u8 cause;
};

/**
 * vmlat_split() - split a wake-up's lateness
 * @s: the result
 * @expected_ns: the expiry the timer was armed for
 * @irq_ns: its IRQ lateness, as the callback measured it
 * @irq_stolen_ns: the stolen part of @irq_ns, as the callback split it
 * @woken_ns: when the woken task ran (the same clock)
 * @steal_ns: steal between the callback's steal read and the task's
 *
 * The IRQ's own steal is in @irq_ns already (the callback read the steal
 * clock after entry); @steal_ns counts from that read, so nothing is
 * counted twice. At most all of the time after the IRQ is stolen: steal
 * in that window may have come after the task ran (the task reads the
 * clock first). A task that ran before the callback's entry cannot
 * exist; the clamps keep the parts exact even for a clock that says so,
 * and @irq_stolen within the IRQ part that is kept.
 */
static inline void vmlat_split(struct vmlat_split *s, u64 expected_ns,
			       u64 irq_ns, u64 irq_stolen_ns, u64 woken_ns,
			       u64 steal_ns)
{
	u64 after;

	s->total = woken_ns > expected_ns ? woken_ns - expected_ns : 0;
	s->irq = irq_ns < s->total ? irq_ns : s->total;
	s->irq_stolen = irq_stolen_ns < s->irq ? irq_stolen_ns : s->irq;
	after = s->total - s->irq;
	s->stolen = steal_ns < after ? steal_ns : after;
	s->sched = after - s->stolen;
}

#endif /* VMLAT_SPLIT_H */
