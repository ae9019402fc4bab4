// SPDX-License-Identifier: GPL-2.0
/*
 * The wake-up stages' common part: per-CPU state, the hand-off from the
 * timer callback to the woken task, the task's record of its wake-up,
 * resets and snapshots. See vmlat_stage.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/irqflags.h>
#include <linux/ktime.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "vmlat_stage.h"
#include "vmlat_steal.h"

/* Snapshot attempts under the seqcount before asking the CPU itself. */
#define VMLAT_STAGE_SNAPSHOT_TRIES	16

static struct vmlat_stage_cpu __percpu *vmlat_stage_cpus[VMLAT_NR_STAGES];

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
		vmlat_stage_counters_clear(&sc->stats);
		for (p = 0; p < vmlat_stage_parts(stage); p++)
			vmlat_hist_clear(&sc->stats.part[p]);
	}
	/* readers test the pointer without the locks */
	smp_store_release(&vmlat_stage_cpus[stage], cpus);
	return 0;
}

/* vmlat_stage_free() - at unload, every stage off and its tasks gone */
void vmlat_stage_free(void)
{
	unsigned int stage;

	for (stage = 0; stage < VMLAT_NR_STAGES; stage++) {
		free_percpu(vmlat_stage_cpus[stage]);
		vmlat_stage_cpus[stage] = NULL;
	}
}

bool vmlat_stage_allocated(unsigned int stage)
{
	/* pairs with vmlat_stage_alloc()'s release: the state is set up */
	return smp_load_acquire(&vmlat_stage_cpus[stage]) != NULL;
}

/* vmlat_stage_cpu() - @stage's state on @cpu; the stage is allocated */
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
 * takes no locks", paid only while a stage is on. An expiry that finds
 * the previous hand-off still pending, or no task waiting, is a miss:
 * the task keeps the older one, which is the late one.
 */
void vmlat_stage_kick(struct vmlat_cpu *vc, const struct vmlat_sample *x,
		      u64 seq)
{
	unsigned int stage;

	for (stage = 0; stage < VMLAT_NR_STAGES; stage++) {
		struct vmlat_stage_cpu *sc;
		struct task_struct *task;

		if (!(vc->stages & BIT(stage)))
			continue;
		sc = this_cpu_ptr(vmlat_stage_cpus[stage]);
		/* disown's cmpxchg() may change it from any CPU at any time */
		if (!READ_ONCE(sc->owner))
			continue;
		task = READ_ONCE(sc->task);
		if (sc->h.pending || !task) {
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
		sc->h.seq = seq;
		sc->h.pending = true;
		wake_up_process(task);
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
	sc->h.pending = false;
	/* the same clock as the callback's, read on the same CPU */
	if (h.have_steal && vmlat_steal_now(&vc->steal, &steal_ns) &&
	    steal_ns > h.steal_ns)
		after = steal_ns - h.steal_ns;
	vmlat_split(out, h.expected_ns, h.irq_ns, h.irq_stolen_ns, woken_ns,
		    after);

	write_seqcount_begin(&sc->seq);
	vmlat_hist_add(&s->part[VMLAT_PART_TOTAL], out->total);
	vmlat_hist_add(&s->part[VMLAT_PART_IRQ], out->irq);
	vmlat_hist_add(&s->part[VMLAT_PART_STOLEN], out->stolen);
	vmlat_hist_add(&s->part[VMLAT_PART_SCHED], out->sched);
	s->irq_stolen_sum += out->irq_stolen;
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
	sc->h.pending = false;
	/*
	 * Kept for the owner: a reader between two reads learns it from
	 * its next one, so that no change goes unreported
	 */
	if (!sc->owner)
		return;
	sc->cancel = why;
	if (sc->task)
		wake_up_process(sc->task);
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

	vc->stages &= ~BIT(stage);
	if (!vmlat_stage_cpus[stage])
		return;
	sc = per_cpu_ptr(vmlat_stage_cpus[stage], vc->cpu);
	if (stage == VMLAT_STAGE_USER) {
		vmlat_stage_cancel(sc, why);
		return;
	}
	sc->h.pending = false;
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
	if (vmlat_stage_cpus[VMLAT_STAGE_USER])
		vmlat_stage_cancel(per_cpu_ptr(vmlat_stage_cpus[VMLAT_STAGE_USER],
					       vc->cpu), why);
}

/**
 * vmlat_stage_wait() - the user stage's wait: block until this CPU's next
 * expiry, then record the wake-up
 * @vc: the sampler of the CPU the caller is bound to (alone)
 * @return_ns: the return to user space and back since the caller's last
 *             wait returned, recorded as its part; 0 on the first wait
 * @out: the wake-up's split
 * @seq: the expiry's number
 *
 * The caller owns the CPU's user stage (its wait file). The lateness is
 * taken when the woken caller runs here, in the read path.
 *
 * Return: 0; -ENODEV when the user stage is off, -ENXIO when this CPU
 * does not sample (offline, not selected, or sampling off), -ECANCELED
 * when the period changed; each while waiting, or since the caller's
 * last wait returned (reported once). -ERESTARTSYS on a signal.
 */
int vmlat_stage_wait(struct vmlat_cpu *vc, u64 return_ns,
		     struct vmlat_split *out, u64 *seq)
{
	struct vmlat_stage_cpu *sc = per_cpu_ptr(vmlat_stage_cpus[VMLAT_STAGE_USER],
						 vc->cpu);
	int why;

	local_irq_disable();
	/* a change since the last read returned (sticky, once) */
	why = sc->cancel;
	sc->cancel = 0;
	if (!why && (!(vc->stages & BIT(VMLAT_STAGE_USER)) || !vc->stats.active))
		why = READ_ONCE(vmlat_knob.user) ? -ENXIO : -ENODEV;
	if (why) {
		local_irq_enable();
		return why;
	}
	if (return_ns) {
		write_seqcount_begin(&sc->seq);
		vmlat_hist_add(&sc->stats.part[VMLAT_PART_RETURN], return_ns);
		write_seqcount_end(&sc->seq);
	}
	/* the next expiry, not one that came while the caller was away */
	sc->h.pending = false;
	sc->task = current;
	local_irq_enable();

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (READ_ONCE(sc->h.pending) || READ_ONCE(sc->cancel) ||
		    signal_pending(current)) {
			__set_current_state(TASK_RUNNING);
			/* a hand-off that came wins over a cancel or a signal */
			if (vmlat_stage_record(VMLAT_STAGE_USER, vc,
					       ktime_get_ns(), out, seq))
				why = 0;
			/* moved off as its CPU went offline */
			else if (raw_smp_processor_id() != vc->cpu)
				why = -ENXIO;
			else if (READ_ONCE(sc->cancel))
				why = READ_ONCE(sc->cancel);
			else if (signal_pending(current))
				why = -ERESTARTSYS;
			else
				continue;	/* reset meanwhile: wait on */
			break;
		}
		schedule();
	}
	local_irq_disable();
	sc->task = NULL;
	/* reported now; one that came with a hand-off waits for the next */
	if (why && why == sc->cancel)
		sc->cancel = 0;
	local_irq_enable();
	return why;
}

/*
 * vmlat_stage_own() - make @owner the owner of @stage on @cpu, if it has
 * none; true when @owner is the owner now
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

/* vmlat_stage_disown() - @owner lets go of @stage on @cpu, if it had it */
void vmlat_stage_disown(unsigned int stage, unsigned int cpu, void *owner)
{
	cmpxchg(&vmlat_stage_cpu(stage, cpu)->owner, owner, NULL);
}

/*
 * vmlat_stage_reset_local() - zero every allocated stage of @cpu; a
 * pending hand-off is from before the reset: it goes too
 */
void vmlat_stage_reset_local(unsigned int cpu)
{
	unsigned int stage, p;

	for (stage = 0; stage < VMLAT_NR_STAGES; stage++) {
		struct vmlat_stage_cpu *sc;

		if (!vmlat_stage_cpus[stage])
			continue;
		sc = per_cpu_ptr(vmlat_stage_cpus[stage], cpu);
		sc->h.pending = false;
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
};

static void vmlat_stage_copy_local(void *arg)
{
	struct vmlat_stage_copy *c = arg;

	memcpy(c->out, &c->sc->stats, c->size);
}

/**
 * vmlat_stage_snapshot() - a consistent, settled copy of @stage on @cpu
 * @stage: VMLAT_STAGE_*
 * @cpu: a possible CPU
 * @out: the copy; empty when the stage was never on
 *
 * Process context. The writers run once a period, briefly: a copy torn
 * 16 times in a row asks the CPU by IPI.
 */
void vmlat_stage_snapshot(unsigned int stage, unsigned int cpu,
			  struct vmlat_stage_stats *out)
{
	struct vmlat_stage_copy c = {
		.out = out, .size = vmlat_stage_stats_size(stage),
	};
	unsigned int seq, tries, p;

	/* parts the stage does not have read empty */
	vmlat_stage_stats_clear(out);
	if (!vmlat_stage_allocated(stage))
		return;
	c.sc = vmlat_stage_cpu(stage, cpu);
	for (tries = 0; tries < VMLAT_STAGE_SNAPSHOT_TRIES; tries++) {
		seq = read_seqcount_begin(&c.sc->seq);
		memcpy(out, &c.sc->stats, c.size);
		if (!read_seqcount_retry(&c.sc->seq, seq))
			goto done;
	}
	cpus_read_lock();
	if (cpumask_test_cpu(cpu, &vmlat_cpus_up))
		smp_call_function_single(cpu, vmlat_stage_copy_local, &c, 1);
	else
		vmlat_stage_copy_local(&c);
	cpus_read_unlock();
done:
	for (p = 0; p < vmlat_stage_parts(stage); p++)
		vmlat_hist_settle(&out->part[p]);
}
