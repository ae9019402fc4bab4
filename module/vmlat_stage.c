// SPDX-License-Identifier: GPL-2.0
/*
 * The wake-up stages' common part: per-CPU state, the hand-off from the
 * timer callback to the woken task, the task's record of its wake-up,
 * resets and snapshots. vmlat_stage.h says what the stages are.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/irq_work.h>
#include <linux/irqflags.h>
#include <linux/ktime.h>
#include <linux/lockdep.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "vmlat_cause.h"
#include "vmlat_fault.h"
#include "vmlat_stage.h"
#include "vmlat_state.h"
#include "vmlat_steal.h"

static struct vmlat_stage_cpu __percpu *vmlat_stage_cpus[VMLAT_NR_STAGES];

/*
 * vmlat_stage_poll_wake - the deferred half of a kick or cancel: wake the
 * wait file's pollers
 *
 * A wait queue's lock is a spinlock_t, which sleeps on PREEMPT_RT, where
 * hard-IRQ context must not take it; so the callback queues this as an
 * irq_work. Not IRQ_WORK_INIT_HARD: on PREEMPT_RT a plain irq_work runs
 * in the per-CPU irq_work thread, where the lock may be taken (the ring
 * buffer wakes its readers the same way); elsewhere it runs in hard IRQ
 * right after the callback, where a spinlock_t is a raw one.
 */
static void vmlat_stage_poll_wake(struct irq_work *work)
{
	/* the work is embedded in its stage's per-CPU state */
	struct vmlat_stage_cpu *sc = container_of(work, struct vmlat_stage_cpu,
						  poll_work);

	/* a hand-off or a change: vmlat_stage_poll() tells which */
	wake_up_interruptible_poll(&sc->poll_wq,
				   EPOLLIN | EPOLLRDNORM | EPOLLERR);
}

/*
 * vmlat_stage_poll_kick - after a cancel, in any context: wake the
 * pollers, if any (pairs with the barrier in vmlat_stage_poll())
 */
static void vmlat_stage_poll_kick(struct vmlat_stage_cpu *sc)
{
	if (wq_has_sleeper(&sc->poll_wq))
		irq_work_queue(&sc->poll_work);
}

/*
 * A stage's statistics end with its own histograms: the kernel-thread
 * stage has no return part, so its per-CPU state stops before it.
 */
static size_t vmlat_stage_stats_size(unsigned int stage)
{
	return offsetof(struct vmlat_stage_stats, part) +
	       vmlat_stage_parts(stage) * sizeof(struct vmlat_hist);
}

/* vmlat_stage_counters_clear - the counters beside the histograms */
static void vmlat_stage_counters_clear(struct vmlat_stage_stats *s)
{
	s->misses = 0;
	s->irq_stolen_sum = 0;
	memset(s->cause_ns, 0, sizeof(s->cause_ns));
}

static void vmlat_stage_stats_clear(struct vmlat_stage_stats *s)
{
	unsigned int p;

	vmlat_stage_counters_clear(s);
	for (p = 0; p < VMLAT_NR_PARTS; p++)
		vmlat_hist_clear(&s->part[p]);
}

/**
 * vmlat_stage_alloc() - @stage's per-CPU state, at its first enable
 * @stage: VMLAT_STAGE_*
 *
 * Called under the control locks; a second call does nothing.
 *
 * Return: 0 or -ENOMEM.
 */
int vmlat_stage_alloc(unsigned int stage)
{
	struct vmlat_stage_cpu __percpu *cpus;
	unsigned int cpu;

	if (vmlat_stage_cpus[stage])
		return 0;
	cpus = __alloc_percpu(offsetof(struct vmlat_stage_cpu, stats) +
			      vmlat_stage_stats_size(stage),
			      __alignof__(struct vmlat_stage_cpu));
	if (!cpus)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct vmlat_stage_cpu *sc = per_cpu_ptr(cpus, cpu);
		unsigned int p;

		seqcount_init(&sc->seq);
		init_waitqueue_head(&sc->poll_wq);
		init_irq_work(&sc->poll_work, vmlat_stage_poll_wake);
		vmlat_stage_counters_clear(&sc->stats);
		for (p = 0; p < vmlat_stage_parts(stage); p++)
			vmlat_hist_clear(&sc->stats.part[p]);
	}
	/* readers test the pointer without the locks */
	smp_store_release(&vmlat_stage_cpus[stage], cpus);
	return 0;
}

/**
 * vmlat_stage_free() - free every stage's per-CPU state
 *
 * At unload or a failed init, once every stage is off and its tasks are
 * gone.
 */
void vmlat_stage_free(void)
{
	unsigned int stage, cpu;

	for (stage = 0; stage < VMLAT_NR_STAGES; stage++) {
		if (!vmlat_stage_cpus[stage])
			continue;
		/* a wake-up of pollers still queued */
		for_each_possible_cpu(cpu)
			irq_work_sync(&per_cpu_ptr(vmlat_stage_cpus[stage],
						   cpu)->poll_work);
		free_percpu(vmlat_stage_cpus[stage]);
		vmlat_stage_cpus[stage] = NULL;
	}
}

/**
 * vmlat_stage_allocated() - does @stage have its per-CPU state yet?
 * @stage: VMLAT_STAGE_*
 *
 * Any context, without the locks: the state, once there, stays until
 * unload.
 */
bool vmlat_stage_allocated(unsigned int stage)
{
	/* pairs with vmlat_stage_alloc()'s release: the state is set up */
	return smp_load_acquire(&vmlat_stage_cpus[stage]) != NULL;
}

/**
 * vmlat_stage_cpu() - @stage's state on @cpu
 * @stage: VMLAT_STAGE_*, allocated
 * @cpu: a possible CPU
 */
struct vmlat_stage_cpu *vmlat_stage_cpu(unsigned int stage, unsigned int cpu)
{
	/* pairs with vmlat_stage_alloc()'s release */
	return per_cpu_ptr(smp_load_acquire(&vmlat_stage_cpus[stage]), cpu);
}

/**
 * vmlat_stage_kick() - the callback's part: hand this expiry to each
 * stage on and wake its task
 * @vc: this CPU's sampler; vc->stages says which stages are on
 * @x: the expiry
 * @seq: its number
 *
 * Hard-IRQ context. wake_up_process() takes the scheduler's locks (raw
 * spinlocks, also on PREEMPT_RT): the one exemption from "the callback
 * takes no locks", paid only while a stage is on; a wait file's pollers
 * are woken from an irq_work (vmlat_stage_poll_wake()). While the stage
 * has an owner, an expiry that finds the owner's last hand-off still
 * pending, or no one waiting (no task blocked, no poller), is a miss:
 * the owner keeps the older one, which is the late one. One pending for
 * an earlier owner is stale: it is replaced.
 */
void vmlat_stage_kick(struct vmlat_cpu *vc, const struct vmlat_sample *x,
		      u64 seq)
{
	unsigned int stage;

	for (stage = 0; stage < VMLAT_NR_STAGES; stage++) {
		struct vmlat_stage_cpu *sc;
		struct task_struct *task;
		bool polled;
		void *owner;

		if (!(vc->stages & BIT(stage)))
			continue;
		sc = this_cpu_ptr(vmlat_stage_cpus[stage]);
		/* disown's cmpxchg() may change it from any CPU at any time */
		owner = READ_ONCE(sc->owner);
		if (!owner)
			continue;
		task = READ_ONCE(sc->task);
		/* a full barrier first: pairs with vmlat_stage_poll()'s */
		polled = wq_has_sleeper(&sc->poll_wq);
		if ((sc->h.pending && sc->h.owner == owner) ||
		    (!task && !polled)) {
			write_seqcount_begin(&sc->seq);
			sc->stats.misses++;
			write_seqcount_end(&sc->seq);
			continue;
		}
		sc->h.expected_ns = x->expected_ns;
		sc->h.irq_ns = x->lateness_ns;
		sc->h.irq_stolen_ns = x->stolen_ns;
		sc->h.steal_ns = vc->last_steal_ns;
		sc->h.have_steal = x->have_steal && !x->stale;
		sc->h.cause = x->cause;
		sc->h.seq = seq;
		/* poll reads these two from any CPU */
		WRITE_ONCE(sc->h.owner, owner);
		WRITE_ONCE(sc->h.pending, true);
		if (task)
			wake_up_process(task);
		if (polled)
			irq_work_queue(&sc->poll_work);
	}
}

/**
 * vmlat_stage_record() - the woken task's part: take the hand-off, split
 * the wake-up's lateness, record it
 * @stage: VMLAT_STAGE_*
 * @vc: the sampler of the CPU the task runs on (it is bound there)
 * @woken_ns: ktime_get_ns() as the task ran
 * @out: the split, for the caller's event or reply
 * @seq: the expiry's number
 *
 * Return: false when there was nothing to take (the stage was turned off
 * or reset meanwhile, or another wake-up took it), or the task is not on
 * @vc's CPU any more.
 */
bool vmlat_stage_record(unsigned int stage, struct vmlat_cpu *vc,
			u64 woken_ns, struct vmlat_split *out, u64 *seq)
{
	struct vmlat_stage_cpu *sc = per_cpu_ptr(vmlat_stage_cpus[stage],
						 vc->cpu);
	struct vmlat_stage_stats *s = &sc->stats;
	struct vmlat_handoff h;
	unsigned long flags;
	u64 steal_ns, after = 0;

	local_irq_save(flags);
	h = sc->h;
	/* a task moved off its CPU as the CPU went offline takes nothing */
	if (!h.pending || smp_processor_id() != vc->cpu) {
		local_irq_restore(flags);
		return false;
	}
	WRITE_ONCE(sc->h.pending, false);
	/* the same clock as the callback's, read on the same CPU */
	if (h.have_steal && vmlat_steal_now(&vc->steal, &steal_ns) &&
	    steal_ns > h.steal_ns)
		after = steal_ns - h.steal_ns;
	vmlat_split(out, h.expected_ns, h.irq_ns, h.irq_stolen_ns, woken_ns,
		    after);
	/* the callback's classification gives one of the causes only */
	if (WARN_ON_ONCE(h.cause >= VMLAT_NR_CAUSES))
		h.cause = VMLAT_CAUSE_UNDETERMINED;
	/* as the IRQ stage's event shows it (the test build may swap) */
	out->cause = vmlat_cause_shown(h.cause);

	write_seqcount_begin(&sc->seq);
	vmlat_hist_add(&s->part[VMLAT_PART_TOTAL], out->total);
	vmlat_hist_add(&s->part[VMLAT_PART_IRQ], out->irq);
	vmlat_hist_add(&s->part[VMLAT_PART_STOLEN], out->stolen);
	vmlat_hist_add(&s->part[VMLAT_PART_SCHED], out->sched);
	s->irq_stolen_sum += out->irq_stolen;
	/* irq_stolen <= irq (vmlat_split()): the rest is the cause's */
	s->cause_ns[h.cause] += out->irq - out->irq_stolen;
	write_seqcount_end(&sc->seq);
	local_irq_restore(flags);
	*seq = h.seq;
	return true;
}

/*
 * vmlat_stage_cancel - tell @sc's owner @why: its waiting task wakes with
 * no hand-off, or its next wait returns it; on the CPU, interrupts off
 */
static void vmlat_stage_cancel(struct vmlat_stage_cpu *sc, int why)
{
	struct task_struct *task;

	WRITE_ONCE(sc->h.pending, false);
	/*
	 * Kept for the owner: a reader between two reads learns it from
	 * its next one, so that no change goes unreported.
	 */
	if (!READ_ONCE(sc->owner))
		return;
	WRITE_ONCE(sc->cancel, why);
	task = READ_ONCE(sc->task);
	if (task)
		wake_up_process(task);
	vmlat_stage_poll_kick(sc);
}

/**
 * vmlat_stage_quiesce_local() - @stage off on this CPU: no more kicks,
 * and a pending hand-off is dropped
 * @vc: this CPU's sampler
 * @stage: VMLAT_STAGE_*
 * @why: for a reader waiting in the user stage: -ENODEV (the stage is
 *       off) or -ENXIO (the CPU goes offline)
 *
 * Interrupts off, on the CPU (or the CPU is offline). The kernel thread
 * is let go; a wait file stays the owner until it is closed.
 */
void vmlat_stage_quiesce_local(struct vmlat_cpu *vc, unsigned int stage,
			       int why)
{
	struct vmlat_stage_cpu *sc;

	vmlat_assert_local(vc->cpu);
	vc->stages &= ~BIT(stage);
	if (!vmlat_stage_cpus[stage])
		return;
	sc = per_cpu_ptr(vmlat_stage_cpus[stage], vc->cpu);
	if (stage == VMLAT_STAGE_USER) {
		vmlat_stage_cancel(sc, why);
		return;
	}
	WRITE_ONCE(sc->h.pending, false);
	WRITE_ONCE(sc->owner, NULL);
	WRITE_ONCE(sc->task, NULL);
}

/**
 * vmlat_stage_cancel_local() - this CPU's timer stopped or moved: a
 * reader waiting in the user stage wakes with @why
 * @vc: this CPU's sampler
 * @why: -ENXIO (sampling stopped here) or -ECANCELED (the period changed)
 *
 * Interrupts off, on the CPU (or the CPU is offline).
 */
void vmlat_stage_cancel_local(struct vmlat_cpu *vc, int why)
{
	vmlat_assert_local(vc->cpu);
	if (vmlat_stage_cpus[VMLAT_STAGE_USER])
		vmlat_stage_cancel(per_cpu_ptr(vmlat_stage_cpus[VMLAT_STAGE_USER],
					       vc->cpu), why);
}

/*
 * vmlat_stage_enter_local - a read's entry: checks, then current becomes
 * the user stage's one waiter on @vc's CPU
 *
 * Interrupts off. Return: 0, or the read's error: then current is not
 * the waiter.
 */
static int vmlat_stage_enter_local(struct vmlat_cpu *vc,
				   struct vmlat_stage_cpu *sc, void *owner,
				   u64 return_ns)
{
	int why;

	lockdep_assert_irqs_disabled();
	/*
	 * This block writes @vc's CPU's state under its plain seqcount, so
	 * it runs there: the caller checked that it is bound there alone,
	 * but another task's sched_setaffinity() may have moved it since.
	 */
	if (smp_processor_id() != vc->cpu)
		return -EINVAL;
	/*
	 * One waiter per stage: a second read of the owner's file (another
	 * thread, a child, io_uring's worker) would take the first one's
	 * place in @task, and no one would wake the first one again.
	 */
	if (READ_ONCE(sc->task))
		return -EBUSY;
	/* a change since the last read returned (sticky, once) */
	why = READ_ONCE(sc->cancel);
	WRITE_ONCE(sc->cancel, 0);
	if (!why &&
	    (!(vc->stages & BIT(VMLAT_STAGE_USER)) || !vc->stats.active))
		why = READ_ONCE(vmlat_knob.user) ? -ENXIO : -ENODEV;
	if (why)
		return why;
	if (return_ns) {
		write_seqcount_begin(&sc->seq);
		vmlat_hist_add(&sc->stats.part[VMLAT_PART_RETURN], return_ns);
		write_seqcount_end(&sc->seq);
	}
	/* one handed to an earlier owner of the stage is not this one's */
	if (sc->h.pending && sc->h.owner != owner)
		WRITE_ONCE(sc->h.pending, false);
	WRITE_ONCE(sc->task, current);
	return 0;
}

/*
 * vmlat_stage_moved - the error of a waiter found off @vc's CPU after its
 * entry: the scheduler pushed it off as the CPU went down (no longer
 * active, before vmlat's own offline callback), or another task's
 * sched_setaffinity() moved it
 */
static int vmlat_stage_moved(const struct vmlat_cpu *vc)
{
	return cpu_active(vc->cpu) ? -EINVAL : -ENXIO;
}

/*
 * vmlat_stage_leave - current stops being the waiter; @why, what its read
 * returns, is reported
 */
static void vmlat_stage_leave(struct vmlat_cpu *vc, struct vmlat_stage_cpu *sc,
			      int why)
{
	unsigned long flags;

	local_irq_save(flags);
	/* only the waiter clears it, wherever it runs now */
	WARN_ON_ONCE(READ_ONCE(sc->task) != current);
	WRITE_ONCE(sc->task, NULL);
	/*
	 * Reported now; one that came with a hand-off waits for the next.
	 * Written on the CPU, or once it is offline (no other writer).
	 */
	if (why && why == READ_ONCE(sc->cancel) &&
	    (smp_processor_id() == vc->cpu || !cpu_online(vc->cpu)))
		WRITE_ONCE(sc->cancel, 0);
	local_irq_restore(flags);
}

/* vmlat_stage_user - @vc's CPU's user stage */
static struct vmlat_stage_cpu *vmlat_stage_user(const struct vmlat_cpu *vc)
{
	return per_cpu_ptr(vmlat_stage_cpus[VMLAT_STAGE_USER], vc->cpu);
}

/* vmlat_stage_enter - vmlat_stage_enter_local() with interrupts off */
static int vmlat_stage_enter(struct vmlat_cpu *vc, struct vmlat_stage_cpu *sc,
			     void *owner, u64 return_ns)
{
	int why;

	local_irq_disable();
	why = vmlat_stage_enter_local(vc, sc, owner, return_ns);
	local_irq_enable();
	return why;
}

/*
 * vmlat_stage_outcome - what a reader that stops waiting gets, in this
 * order: the hand-off recorded (0; one that came wins over a cancel or a
 * signal), the stage's cancel, vmlat_stage_moved()'s error when it is off
 * @vc's CPU; -EAGAIN when there is nothing (yet)
 */
static int vmlat_stage_outcome(struct vmlat_cpu *vc,
			       struct vmlat_stage_cpu *sc,
			       struct vmlat_split *out, u64 *seq)
{
	int cancel;

	if (vmlat_stage_record(VMLAT_STAGE_USER, vc, ktime_get_ns(), out, seq))
		return 0;
	cancel = READ_ONCE(sc->cancel);
	if (cancel)
		return cancel;
	if (raw_smp_processor_id() != vc->cpu)
		return vmlat_stage_moved(vc);
	return -EAGAIN;
}

/**
 * vmlat_stage_wait() - the user stage's blocking read: take the pending
 * hand-off, or block until the next expiry's, and record the wake-up
 * @vc: the sampler of the CPU the caller is bound to (alone)
 * @owner: the caller's wait file, the stage's owner
 * @return_ns: the return to user space and back since the caller's last
 *             read returned, recorded as its part; 0 on the first read
 * @out: the wake-up's split
 * @seq: the expiry's number
 *
 * The lateness is taken when the caller runs here, in the read path:
 * woken by the expiry, or at once for a hand-off already pending (made
 * while the file was polled).
 *
 * Return: 0; -EINVAL when the caller is not on @vc's CPU (moved since
 * its binding was checked), -EBUSY when another task waits here already;
 * -ENODEV when the user stage is off, -ENXIO when this CPU does not
 * sample (offline, not selected, or sampling off), -ECANCELED when the
 * period changed: each while waiting, or since the owner's last read
 * returned (reported once). -ERESTARTSYS on a signal.
 */
int vmlat_stage_wait(struct vmlat_cpu *vc, void *owner, u64 return_ns,
		     struct vmlat_split *out, u64 *seq)
{
	struct vmlat_stage_cpu *sc = vmlat_stage_user(vc);
	int why;

	why = vmlat_stage_enter(vc, sc, owner, return_ns);
	if (why)
		return why;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (READ_ONCE(sc->h.pending) || READ_ONCE(sc->cancel) ||
		    signal_pending(current)) {
			__set_current_state(TASK_RUNNING);
			why = vmlat_stage_outcome(vc, sc, out, seq);
			if (why == -EAGAIN) {
				/* a reset dropped the hand-off: wait on */
				if (!signal_pending(current))
					continue;
				why = -ERESTARTSYS;
			}
			break;
		}
		schedule();
	}
	vmlat_stage_leave(vc, sc, why);
	return why;
}

/**
 * vmlat_stage_take() - the user stage's non-blocking read (O_NONBLOCK):
 * take the pending hand-off, if any, and record the wake-up
 * @vc: as for vmlat_stage_wait()
 * @owner: as for vmlat_stage_wait()
 * @return_ns: as for vmlat_stage_wait()
 * @out: the wake-up's split
 * @seq: the expiry's number
 *
 * Return: as vmlat_stage_wait(), but -EAGAIN where it would block.
 */
int vmlat_stage_take(struct vmlat_cpu *vc, void *owner, u64 return_ns,
		     struct vmlat_split *out, u64 *seq)
{
	struct vmlat_stage_cpu *sc = vmlat_stage_user(vc);
	int why;

	why = vmlat_stage_enter(vc, sc, owner, return_ns);
	if (why)
		return why;
	why = vmlat_stage_outcome(vc, sc, out, seq);
	vmlat_stage_leave(vc, sc, why);
	return why;
}

/**
 * vmlat_stage_poll() - the user stage's poll, for its owner's wait file
 * @cpu: the file's CPU; its user stage is allocated
 * @owner: the file, the stage's owner
 * @f: the file
 * @pt: the poll table
 *
 * Any context a poll runs in, any CPU.
 *
 * Return: EPOLLIN | EPOLLRDNORM while a hand-off to @owner is pending (a
 * read takes it at once); EPOLLERR while a change is kept for @owner (a
 * read returns its error at once); else 0.
 */
__poll_t vmlat_stage_poll(unsigned int cpu, void *owner, struct file *f,
			  poll_table *pt)
{
	struct vmlat_stage_cpu *sc = vmlat_stage_cpu(VMLAT_STAGE_USER, cpu);

	poll_wait(f, &sc->poll_wq, pt);
	/*
	 * Queued before the state is read: pairs with wq_has_sleeper() in
	 * the kick (a poller queued after it looked waits for the next
	 * expiry) and in a cancel (which wrote first).
	 */
	smp_mb();
	if (READ_ONCE(sc->cancel))
		return EPOLLERR;
	if (READ_ONCE(sc->h.pending) && READ_ONCE(sc->h.owner) == owner)
		return EPOLLIN | EPOLLRDNORM;
	return 0;
}

/**
 * vmlat_stage_own() - make @owner the owner of @stage on @cpu, if it has
 * none
 * @stage: VMLAT_STAGE_*, allocated
 * @cpu: a possible CPU
 * @owner: the would-be owner, e.g. an open wait file
 *
 * Any CPU; the cmpxchg() makes two files racing for the stage agree.
 *
 * Return: true when @owner is the owner now.
 */
bool vmlat_stage_own(unsigned int stage, unsigned int cpu, void *owner)
{
	struct vmlat_stage_cpu *sc = vmlat_stage_cpu(stage, cpu);
	void *was = cmpxchg(&sc->owner, NULL, owner);

	/* what was kept for an earlier owner is not the new one's */
	if (!was)
		WRITE_ONCE(sc->cancel, 0);
	return !was || was == owner;
}

/**
 * vmlat_stage_disown() - @owner lets go of @stage on @cpu, if it had it
 * @stage: VMLAT_STAGE_*, allocated
 * @cpu: a possible CPU
 * @owner: the owner letting go
 */
void vmlat_stage_disown(unsigned int stage, unsigned int cpu, void *owner)
{
	cmpxchg(&vmlat_stage_cpu(stage, cpu)->owner, owner, NULL);
}

/**
 * vmlat_stage_reset_local() - zero every allocated stage of @cpu
 * @cpu: the CPU; the caller runs there with interrupts off, or it is not
 *	up for vmlat
 *
 * A pending hand-off is from before the reset: it goes too.
 */
void vmlat_stage_reset_local(unsigned int cpu)
{
	unsigned int stage, p;

	vmlat_assert_local(cpu);
	for (stage = 0; stage < VMLAT_NR_STAGES; stage++) {
		struct vmlat_stage_cpu *sc;

		if (!vmlat_stage_cpus[stage])
			continue;
		sc = per_cpu_ptr(vmlat_stage_cpus[stage], cpu);
		WRITE_ONCE(sc->h.pending, false);
		write_seqcount_begin(&sc->seq);
		vmlat_stage_counters_clear(&sc->stats);
		for (p = 0; p < vmlat_stage_parts(stage); p++)
			vmlat_hist_reset(&sc->stats.part[p]);
		write_seqcount_end(&sc->seq);
	}
}

/* struct vmlat_stage_copy - a snapshot request sent to the owning CPU */
struct vmlat_stage_copy {
	struct vmlat_stage_cpu *sc;
	struct vmlat_stage_stats *out;
	size_t size;
	unsigned int cpu;
};

static void vmlat_stage_copy_local(void *arg)
{
	struct vmlat_stage_copy *c = arg;

	vmlat_assert_local(c->cpu);
	memcpy(c->out, &c->sc->stats, c->size);
}

/**
 * vmlat_stage_snapshot() - a consistent, settled copy of @stage on @cpu
 * @stage: VMLAT_STAGE_*
 * @cpu: a possible CPU
 * @out: the copy; empty when the stage was never on
 *
 * Process context; torn copies are retried, then the CPU is asked
 * (vmlat_copy_consistent()).
 */
void vmlat_stage_snapshot(unsigned int stage, unsigned int cpu,
			  struct vmlat_stage_stats *out)
{
	struct vmlat_stage_copy c = {
		.out = out, .size = vmlat_stage_stats_size(stage), .cpu = cpu,
	};
	unsigned int p;

	/* parts the stage does not have read empty */
	vmlat_stage_stats_clear(out);
	if (!vmlat_stage_allocated(stage))
		return;
	c.sc = vmlat_stage_cpu(stage, cpu);
	vmlat_copy_consistent(&c.sc->seq, out, &c.sc->stats, c.size, cpu,
			      vmlat_stage_copy_local, &c);
	for (p = 0; p < vmlat_stage_parts(stage); p++)
		vmlat_hist_settle(&out->part[p]);
	/* the test build's negative control: shown swapped */
	if (vmlat_cause_invert())
		swap(out->cause_ns[VMLAT_CAUSE_GUEST],
		     out->cause_ns[VMLAT_CAUSE_UNREPORTED]);
}
