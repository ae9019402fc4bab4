/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The wake-up stages (docs/design.md, "Stages"): at each expiry the
 * callback hands its figures to a task on the same CPU and wakes it, a
 * per-CPU kernel thread (vmlat_thread.c) or a user-space thread blocked
 * in read() of the CPU's wait file; the task, once running, measures how
 * late it woke and splits that (vmlat_split.h).
 *
 * A stage's per-CPU state is allocated when the stage is first enabled
 * and kept until unload, so its figures stay readable once it is off.
 * Its statistics are written on their CPU only, with interrupts off: by
 * the callback (a miss) or by the woken task (a sample); readers take
 * snapshots under the seqcount.
 */
#ifndef VMLAT_STAGE_H
#define VMLAT_STAGE_H

#include <linux/fs.h>
#include <linux/irq_work.h>
#include <linux/poll.h>
#include <linux/seqlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "vmlat.h"
#include "vmlat_hist.h"
#include "vmlat_names.h"	/* enum vmlat_stage, enum vmlat_part */
#include "vmlat_split.h"

/*
 * struct vmlat_handoff - one expiry's figures, from the callback to the
 * woken task; written by the callback, taken by the task, both on the
 * CPU with interrupts off
 */
struct vmlat_handoff {
	u64 expected_ns;
	u64 irq_ns;		/* the expiry's IRQ lateness */
	u64 irq_stolen_ns;	/* its stolen part */
	u64 steal_ns;		/* the steal clock at the callback's read */
	u64 seq;		/* the expiry's number, as in the IRQ event */
	void *owner;		/* the owner it was handed to */
	bool have_steal;	/* steal_ns is a good read */
	bool pending;		/* not taken yet */
	u8 cause;		/* the expiry's VMLAT_CAUSE_* */
};

/* struct vmlat_stage_stats - one stage of one CPU, as a reader sees it */
struct vmlat_stage_stats {
	u64 misses;		/* expiries that found the task still busy */
	u64 irq_stolen_sum;	/* of the irq part's sum, the IRQs' stolen */
	/* the rest of the irq part's sum by the expiries' VMLAT_CAUSE_* */
	u64 cause_ns[VMLAT_NR_CAUSES];
	struct vmlat_hist part[VMLAT_NR_PARTS];
};

/*
 * struct vmlat_stage_cpu - one stage's state on one CPU
 *
 * @owner is who takes the hand-offs: the kernel thread, or an open wait
 * file. While there is an owner, each expiry hands off, unless the last
 * hand-off to that owner is not taken yet: then it is a miss. @task is
 * the one task to wake (the thread, or the wait file's one reader
 * blocked in read()); @poll_wq the wait file's pollers, woken through
 * @poll_work. @cancel tells the owner's reader why it was woken without
 * a hand-off (-errno, docs/abi.md "wait").
 */
struct vmlat_stage_cpu {
	seqcount_t seq;			/* guards stats */
	struct vmlat_handoff h;
	void *owner;
	struct task_struct *task;	/* the task to wake, or NULL */
	int cancel;
	struct wait_queue_head poll_wq;
	struct irq_work poll_work;
	struct vmlat_stage_stats stats;
};

int vmlat_stage_alloc(unsigned int stage);
void vmlat_stage_free(void);
bool vmlat_stage_allocated(unsigned int stage);
struct vmlat_stage_cpu *vmlat_stage_cpu(unsigned int stage, unsigned int cpu);

void vmlat_stage_kick(struct vmlat_cpu *vc, const struct vmlat_sample *x,
		      u64 seq);
bool vmlat_stage_record(unsigned int stage, struct vmlat_cpu *vc,
			u64 woken_ns, struct vmlat_split *out, u64 *seq);
void vmlat_stage_quiesce_local(struct vmlat_cpu *vc, unsigned int stage,
			       int why);
void vmlat_stage_cancel_local(struct vmlat_cpu *vc, int why);
int vmlat_stage_wait(struct vmlat_cpu *vc, void *owner, u64 return_ns,
		     struct vmlat_split *out, u64 *seq);
int vmlat_stage_take(struct vmlat_cpu *vc, void *owner, u64 return_ns,
		     struct vmlat_split *out, u64 *seq);
__poll_t vmlat_stage_poll(unsigned int cpu, void *owner, struct file *f,
			  poll_table *pt);
void vmlat_stage_reset_local(unsigned int cpu);
bool vmlat_stage_own(unsigned int stage, unsigned int cpu, void *owner);
void vmlat_stage_disown(unsigned int stage, unsigned int cpu, void *owner);
void vmlat_stage_snapshot(unsigned int stage, unsigned int cpu,
			  struct vmlat_stage_stats *out);

#endif /* VMLAT_STAGE_H */
