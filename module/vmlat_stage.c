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
#include <linux/smp.h>
#include <linux/string.h>

#include "vmlat_stage.h"
#include "vmlat_steal.h"

/* Snapshot attempts under the seqcount before asking the CPU itself. */
#define VMLAT_STAGE_SNAPSHOT_TRIES	16

static struct vmlat_stage_cpu __percpu *vmlat_stage_cpus[VMLAT_NR_STAGES];

static void vmlat_stage_stats_clear(struct vmlat_stage_stats *s)
{
	unsigned int p;

	s->misses = 0;
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
	cpus = alloc_percpu(struct vmlat_stage_cpu);
	if (!cpus)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct vmlat_stage_cpu *sc = per_cpu_ptr(cpus, cpu);

		seqcount_init(&sc->seq);
		vmlat_stage_stats_clear(&sc->stats);
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
	return smp_load_acquire(&vmlat_stage_cpus[stage]) != NULL;
}

/* vmlat_stage_cpu() - @stage's state on @cpu; the stage is allocated */
struct vmlat_stage_cpu *vmlat_stage_cpu(unsigned int stage, unsigned int cpu)
{
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
 * the previous hand-off still pending is a miss: the task keeps the
 * older one, which is the late one.
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
		if (sc->h.pending) {
			write_seqcount_begin(&sc->seq);
			sc->stats.misses++;
			write_seqcount_end(&sc->seq);
			continue;
		}
		sc->h.expected_ns = x->expected_ns;
		sc->h.irq_ns = x->lateness_ns;
		sc->h.steal_ns = vc->last_steal_ns;
		sc->h.have_steal = x->have_steal && !x->stale;
		sc->h.seq = seq;
		sc->h.pending = true;
		task = READ_ONCE(sc->task);
		if (task)
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
 * or reset meanwhile, or another wake-up took it).
 */
bool vmlat_stage_record(unsigned int stage, struct vmlat_cpu *vc,
			u64 woken_ns, struct vmlat_split *out, u64 *seq)
{
	struct vmlat_stage_cpu *sc = this_cpu_ptr(vmlat_stage_cpus[stage]);
	struct vmlat_stage_stats *s = &sc->stats;
	struct vmlat_handoff h;
	unsigned long flags;
	u64 steal_ns, after = 0;

	local_irq_save(flags);
	h = sc->h;
	if (!h.pending) {
		local_irq_restore(flags);
		return false;
	}
	sc->h.pending = false;
	/* the same clock as the callback's, read on the same CPU */
	if (h.have_steal && vmlat_steal_now(&vc->steal, &steal_ns) &&
	    steal_ns > h.steal_ns)
		after = steal_ns - h.steal_ns;
	vmlat_split(out, h.expected_ns, h.irq_ns, woken_ns, after);

	write_seqcount_begin(&sc->seq);
	vmlat_hist_add(&s->part[VMLAT_PART_TOTAL], out->total);
	vmlat_hist_add(&s->part[VMLAT_PART_IRQ], out->irq);
	vmlat_hist_add(&s->part[VMLAT_PART_STOLEN], out->stolen);
	vmlat_hist_add(&s->part[VMLAT_PART_SCHED], out->sched);
	write_seqcount_end(&sc->seq);
	local_irq_restore(flags);
	*seq = h.seq;
	return true;
}

/**
 * vmlat_stage_quiesce_local() - @stage off on this CPU: no more kicks,
 * and a pending hand-off is dropped
 * @vc: this CPU's sampler
 * @stage: VMLAT_STAGE_*
 *
 * Interrupts off, on the CPU (or the CPU is offline).
 */
void vmlat_stage_quiesce_local(struct vmlat_cpu *vc, unsigned int stage)
{
	struct vmlat_stage_cpu *sc;

	vc->stages &= ~BIT(stage);
	if (!vmlat_stage_cpus[stage])
		return;
	sc = per_cpu_ptr(vmlat_stage_cpus[stage], vc->cpu);
	sc->h.pending = false;
	WRITE_ONCE(sc->task, NULL);
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
		sc->stats.misses = 0;
		for (p = 0; p < VMLAT_NR_PARTS; p++)
			vmlat_hist_reset(&sc->stats.part[p]);
		write_seqcount_end(&sc->seq);
	}
}

/* struct vmlat_stage_copy - a snapshot request sent to the owning CPU */
struct vmlat_stage_copy {
	struct vmlat_stage_cpu *sc;
	struct vmlat_stage_stats *out;
};

static void vmlat_stage_copy_local(void *arg)
{
	struct vmlat_stage_copy *c = arg;

	memcpy(c->out, &c->sc->stats, sizeof(*c->out));
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
	struct vmlat_stage_copy c = { .out = out };
	unsigned int seq, tries, p;

	if (!vmlat_stage_allocated(stage)) {
		vmlat_stage_stats_clear(out);
		return;
	}
	c.sc = vmlat_stage_cpu(stage, cpu);
	for (tries = 0; tries < VMLAT_STAGE_SNAPSHOT_TRIES; tries++) {
		seq = read_seqcount_begin(&c.sc->seq);
		memcpy(out, &c.sc->stats, sizeof(*out));
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
	for (p = 0; p < VMLAT_NR_PARTS; p++)
		vmlat_hist_settle(&out->part[p]);
}
