// SPDX-License-Identifier: GPL-2.0
/*
 * The per-CPU sampler: an hrtimer armed at absolute times one period
 * apart, in hard-IRQ context and pinned to its CPU. Each expiry records
 * how late it fired, how many periods it missed, how much the host stole
 * since the previous one, and what the callback itself cost.
 *
 * Only the owning CPU writes its statistics, with interrupts off: the
 * timer callback, or a control function sent there by IPI. (A CPU that
 * is offline has no timer; control code then writes its statistics
 * directly.) Readers on other CPUs take snapshots under a seqcount, so a
 * snapshot's count always equals the sum of its buckets.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/clocksource.h>
#include <linux/cpu.h>
#include <linux/hrtimer.h>
#include <linux/kernel.h>
#include <linux/preempt.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <asm/tsc.h>

#include "compat.h"
#include "vmlat.h"
#include "vmlat_cause.h"
#include "vmlat_fault.h"
#include "vmlat_kst.h"
#include "vmlat_sampler.h"
#include "vmlat_selfclock.h"
#include "vmlat_stage.h"
#include "vmlat_state.h"
#include "vmlat_steal.h"

#define CREATE_TRACE_POINTS
#include "vmlat_trace.h"

/*
 * make VMLAT_NOTRACE=1 (platform tests only): no call site for the event,
 * so enabling it patches no vmlat text (docs/evidence/platform.md).
 */
#ifdef VMLAT_NOTRACE
#define vmlat_trace_sample(...)	do { } while (0)
#define vmlat_trace_on()	false
#else
#define vmlat_trace_sample	trace_vmlat_sample
#define vmlat_trace_on()	trace_vmlat_sample_enabled()
#endif

/*
 * vmlat_record - add @x's figures to @s, all but its self cost; inlined
 * into the callback, whose cost it is. What can be derived from the
 * histograms is not counted here (vmlat_stats_derive()).
 */
static __always_inline void vmlat_record(struct vmlat_stats *s,
					 const struct vmlat_sample *x)
{
	struct vmlat_hist *lat = &s->hist[VMLAT_HIST_LATENESS];

	if (!lat->count || x->lateness_ns > lat->max)
		s->max_at_ns = x->expected_ns;
	vmlat_hist_add(lat, x->lateness_ns);
	if (s->residual_live)
		vmlat_hist_add(&s->hist[VMLAT_HIST_RESIDUAL],
			       x->lateness_ns - x->stolen_ns);
	if (x->have_steal) {
		vmlat_hist_add(&s->hist[VMLAT_HIST_STEAL], x->steal_delta_ns);
		s->steal_stale_reads += x->stale;
	}
	s->cause_ns[x->cause] += x->lateness_ns - x->stolen_ns;
	s->missed += x->missed;
	s->trace_stops += x->stop;
	s->hardirq_misses += x->hardirq_miss;
}

static __always_inline void vmlat_record_self(struct vmlat_stats *s,
					      u64 self_ns)
{
	s->self_sum_ns += self_ns;
	if (self_ns < s->self_min_ns)
		s->self_min_ns = self_ns;
	if (self_ns > s->self_max_ns)
		s->self_max_ns = self_ns;
}

/*
 * vmlat_unpark - record the parked samples; inside the write section.
 * Out of line: most expiries have none (the caller checks).
 */
static noinline void vmlat_unpark(struct vmlat_cpu *vc)
{
	unsigned int i;

	for (i = 0; i < vc->nr_parked; i++) {
		vmlat_record(&vc->stats, &vc->park[i]);
		vmlat_record_self(&vc->stats, vc->park[i].self_ns);
	}
	vc->nr_parked = 0;
}

/*
 * vmlat_expiries - how many expiries this CPU has had since the module
 * loaded: every one is counted, parked, or was dropped by a reset (which
 * adds what it drops to seq_base). The trace's seq of the next is this + 1.
 */
static inline u64 vmlat_expiries(const struct vmlat_cpu *vc)
{
	return vc->seq_base + vc->stats.hist[VMLAT_HIST_LATENESS].count +
	       vc->nr_parked;
}

/*
 * vmlat_may_park - may this expiry park its sample instead of writing?
 *
 * Asked only while a reader copies (the caller checks), and only so far: a
 * full park, or one whose first sample is VMLAT_PARK_MAX_NS old, is
 * recorded now (a reader then retries), so a reader that never stops cannot
 * hold samples back for long. The reader count is only a hint: the seqcount
 * keeps copies whole.
 */
static bool vmlat_may_park(const struct vmlat_cpu *vc, u64 now_ns)
{
	if (vc->nr_parked == VMLAT_PARK_SLOTS)
		return false;
	return !vc->nr_parked ||
	       now_ns - vc->park[0].expected_ns < VMLAT_PARK_MAX_NS;
}

/*
 * vmlat_sample_steal - @x's steal since this CPU's previous expiry, and
 * its stolen part; only with a steal source
 *
 * A read that gives up keeps the last good value: this expiry sees no
 * steal, the next good read sees it all. If the arming read gave up,
 * there is no value to count from: the first good read becomes it.
 */
static __always_inline void vmlat_sample_steal(struct vmlat_cpu *vc,
					       struct vmlat_sample *x)
{
	u64 steal_ns;

	if (!vmlat_steal_now(&vc->steal, &steal_ns)) {
		x->stale = true;
		return;
	}
	/* A steal clock never goes back; guard against one that does. */
	if (vc->last_steal_ok && steal_ns > vc->last_steal_ns)
		x->steal_delta_ns = steal_ns - vc->last_steal_ns;
	vc->last_steal_ns = steal_ns;
	vc->last_steal_ok = true;
	x->stolen_ns = vmlat_stolen_part(x->lateness_ns, x->steal_delta_ns);
}

/*
 * vmlat_trace - the event, and stop_tracing_ns; only while the event is
 * on or stop_tracing_ns is set, so out of line
 *
 * The event fires when lateness >= floor, the least of the threshold and
 * stop_tracing_ns. The knobs are published one word at a time, so this
 * may see a new stop with an old floor: it stops only for an expiry that
 * passed the very floor its event was checked against, so every
 * tracing_off() has its event. After the event, so the outlier is the
 * last one in the buffer.
 */
static noinline void vmlat_trace(const struct vmlat_cpu *vc,
				 struct vmlat_sample *x, u64 stop_ns)
{
	u64 floor_ns = READ_ONCE(vmlat_knob.trace_floor_ns);
	/* this expiry's number: it is not yet counted nor parked */
	u64 seq = vmlat_expiries(vc) + 1;
	struct pt_regs *regs = get_irq_regs();
	/* the interrupted kernel instruction; none in user mode */
	unsigned long ip = regs && !user_mode(regs) ?
			   instruction_pointer(regs) : 0;
	/* the culprit: only for a guest delay the event will carry */
	unsigned long site = x->cause == VMLAT_CAUSE_GUEST && regs && ip &&
			     x->lateness_ns >= floor_ns ?
			     vmlat_arch_culprit(regs) : 0;

	vmlat_trace_sample(seq, x, vmlat_cause_shown(x->cause),
			   vc->steal.source, ip, site, floor_ns);
	x->stop = stop_ns && x->lateness_ns >= stop_ns &&
		  x->lateness_ns >= floor_ns && tracing_is_on();
	if (x->stop)
		tracing_off();
}

/*
 * vmlat_timer_fn - one expiry: measure, record, trace, re-arm
 *
 * What it costs is measured from outside in docs/evidence/benchmarks.md (the
 * lean-probe benchmark): against an empty re-arming hrtimer, every
 * instruction here is vmlat's.
 */
static enum hrtimer_restart vmlat_timer_fn(struct hrtimer *timer)
{
	/*
	 * Each timer is embedded in its CPU's vmlat_cpu and pinned there, so
	 * the state is found from the timer itself, with no per-CPU lookup.
	 */
	struct vmlat_cpu *vc = container_of(timer, struct vmlat_cpu, timer);
	u64 entry_ns = ktime_get_ns();
	u64 self_start = vmlat_self_start(entry_ns);
	/* the timer's own period: a new knob value comes with a re-arm */
	u64 period_ns = vc->period_ns;
	u64 stop_ns = READ_ONCE(vmlat_knob.stop_tracing_ns);
	struct vmlat_sample x = {
		.expected_ns = ktime_to_ns(hrtimer_get_expires(timer)),
		.have_steal = vc->steal.source != VMLAT_STEAL_NONE,
		/* _HARD must keep us in hard IRQ, on PREEMPT_RT too */
		.hardirq_miss = !in_hardirq(),
	};
	u64 overruns;

	x.lateness_ns = entry_ns > x.expected_ns ? entry_ns - x.expected_ns : 0;

	/*
	 * Re-arm one period on. On time, that is what hrtimer_forward()
	 * would do, without its division; its clamp of the interval to
	 * hrtimer_resolution cannot apply, as the period knob is never below
	 * it (vmlat_period_floor_us(); the resolution only ever drops, when
	 * high-resolution mode starts). Late by a period or more, forward
	 * past now: every period skipped on the way is a miss.
	 */
	if (likely(x.lateness_ns < period_ns)) {
		hrtimer_add_expires_ns(timer, period_ns);
	} else {
		overruns = hrtimer_forward(timer, ns_to_ktime(entry_ns),
					   ns_to_ktime(period_ns));
		x.missed = overruns ? overruns - 1 : 0;
	}

	if (x.have_steal)
		vmlat_sample_steal(vc, &x);
	vmlat_sample_cause(vc, &x);

	if (vmlat_trace_on() || unlikely(stop_ns))
		vmlat_trace(vc, &x, stop_ns);

	if (unlikely(atomic_read(&vc->readers)) &&
	    vmlat_may_park(vc, entry_ns)) {
		x.self_ns = vmlat_self_ns(self_start);
		vc->park[vc->nr_parked++] = x;
	} else {
		write_seqcount_begin(&vc->seq);
		if (unlikely(vc->nr_parked))
			vmlat_unpark(vc);
		vmlat_record(&vc->stats, &x);
		vmlat_record_self(&vc->stats, vmlat_self_ns(self_start));
		write_seqcount_end(&vc->seq);
	}

	/*
	 * Last, after the self cost: waking a stage's task is the stage's cost
	 * (docs/evidence/benchmarks.md). The expiry is counted or parked now.
	 */
	if (unlikely(vc->stages))
		vmlat_stage_kick(vc, &x, vmlat_expiries(vc));

	return HRTIMER_RESTART;
}

/* struct vmlat_stage_req - a stage change, as the CPU's own call sees it */
struct vmlat_stage_req {
	struct vmlat_cpu *vc;
	unsigned int stage;
	struct task_struct *task;
	int why;
};

static void vmlat_stage_on_local(void *arg)
{
	struct vmlat_stage_req *r = arg;
	struct vmlat_stage_cpu *sc;

	vmlat_assert_local(r->vc->cpu);
	/* a kernel thread owns its stage; a wait file takes it at its read */
	if (r->task) {
		sc = vmlat_stage_cpu(r->stage, r->vc->cpu);
		WRITE_ONCE(sc->task, r->task);
		WRITE_ONCE(sc->owner, r->task);
	}
	r->vc->stages |= BIT(r->stage);
}

static void vmlat_stage_off_local(void *arg)
{
	struct vmlat_stage_req *r = arg;

	vmlat_assert_local(r->vc->cpu);
	vmlat_stage_quiesce_local(r->vc, r->stage, r->why);
}

/**
 * vmlat_cpu_stage_on() - start a wake-up stage on @vc's CPU
 * @vc: the CPU's sampler
 * @stage: VMLAT_STAGE_*, allocated
 * @task: the kernel thread stage's thread; NULL for the user stage, whose
 *	reader takes the stage at its read
 *
 * Under the control locks or in @vc's hotplug callback.
 */
void vmlat_cpu_stage_on(struct vmlat_cpu *vc, unsigned int stage,
			struct task_struct *task)
{
	struct vmlat_stage_req r = { .vc = vc, .stage = stage, .task = task };

	/* a stage bit implies its memory: the callback kicks on the bit */
	if (WARN_ON_ONCE(!vmlat_stage_allocated(stage)))
		return;
	vmlat_on_cpu(vc->cpu, vmlat_stage_on_local, &r);
}

/**
 * vmlat_cpu_stage_off() - stop a wake-up stage on @vc's CPU
 * @vc: the CPU's sampler
 * @stage: VMLAT_STAGE_*, allocated
 * @why: what a reader waiting in the user stage gets (-errno)
 *
 * Under the control locks or in @vc's hotplug callback. Drops a pending
 * hand-off; once it returns, no callback on that CPU kicks the stage.
 */
void vmlat_cpu_stage_off(struct vmlat_cpu *vc, unsigned int stage, int why)
{
	struct vmlat_stage_req r = { .vc = vc, .stage = stage, .why = why };

	vmlat_on_cpu(vc->cpu, vmlat_stage_off_local, &r);
}

static void vmlat_attach_local(void *arg)
{
	struct vmlat_cpu *vc = arg;
	struct vmlat_stats *s = &vc->stats;

	vmlat_assert_local(vc->cpu);
	write_seqcount_begin(&vc->seq);
	s->hist[VMLAT_HIST_RESIDUAL] = s->hist[VMLAT_HIST_LATENESS];
	s->residual_live = true;
	write_seqcount_end(&vc->seq);
}

/**
 * vmlat_cpu_attach_stats() - a steal source came with the CPU: write the
 * residual histogram from now on
 * @vc: the sampler of a CPU coming online, not up for vmlat yet
 *
 * Until then residual was lateness, sample by sample: the histogram
 * starts as a copy of lateness.
 */
void vmlat_cpu_attach_stats(struct vmlat_cpu *vc)
{
	if (vc->steal.source != VMLAT_STEAL_NONE && !vc->stats.residual_live)
		vmlat_on_cpu(vc->cpu, vmlat_attach_local, vc);
}

static void vmlat_arm_local(void *arg)
{
	struct vmlat_cpu *vc = arg;
	u64 now_ns = ktime_get_ns();

	vmlat_assert_local(vc->cpu);
	vc->last_steal_ok = vc->steal.source != VMLAT_STEAL_NONE &&
			    vmlat_steal_now(&vc->steal, &vc->last_steal_ns);

	write_seqcount_begin(&vc->seq);
	vc->stats.armed_at_ns = now_ns;
	vc->stats.active = true;
	write_seqcount_end(&vc->seq);

	vc->period_ns = READ_ONCE(vmlat_knob.period_ns);
	hrtimer_start(&vc->timer, ns_to_ktime(now_ns + vc->period_ns),
		      HRTIMER_MODE_ABS_PINNED_HARD);
}

/*
 * vmlat_close_local - close the open interval at @now_ns, inside the
 * write section; the timer is not running and will not fire on its
 * current expiry: a disarm or a re-arm
 *
 * Its time goes into elapsed_ns. A timer already late (its vCPU stalled
 * while the control IPI waited) never fires for that expiry: the periods
 * it would have counted as missed, had it fired now, are counted here, by
 * the callback's own rule and with the period it was armed with, so that
 * samples + missed still covers elapsed_ns.
 */
static void vmlat_close_local(struct vmlat_cpu *vc, u64 now_ns)
{
	u64 due_ns = ktime_to_ns(hrtimer_get_expires(&vc->timer));

	if (!vc->stats.active)
		return;
	vc->stats.elapsed_ns += now_ns - vc->stats.armed_at_ns;
	if (now_ns > due_ns)
		vc->stats.missed += div64_u64(now_ns - due_ns, vc->period_ns);
}

/*
 * vmlat_disarm_local - close the sampled interval; the timer is cancelled
 * (a stop from another CPU may have cancelled it late: its vCPU stalled)
 */
static void vmlat_disarm_local(void *arg)
{
	struct vmlat_cpu *vc = arg;
	u64 now_ns = ktime_get_ns();

	vmlat_assert_local(vc->cpu);
	/* a reader waiting for this CPU's next expiry would wait forever */
	vmlat_stage_cancel_local(vc, -ENXIO);
	/* nothing parks any more */
	write_seqcount_begin(&vc->seq);
	vmlat_unpark(vc);
	vmlat_close_local(vc, now_ns);
	vc->stats.active = false;
	write_seqcount_end(&vc->seq);
}

/*
 * vmlat_rearm_local - a new period: close the interval sampled under the
 * old one (its overdue periods too: the control IPI may have waited out a
 * stall, and the timer, restarted, never fires for them), then arm one new
 * period from now, opening a new interval
 */
static void vmlat_rearm_local(void *arg)
{
	struct vmlat_cpu *vc = arg;
	u64 now_ns;

	vmlat_assert_local(vc->cpu);
	/* Interrupts are off: the callback cannot be running meanwhile. */
	vmlat_stage_cancel_local(vc, -ECANCELED);
	now_ns = ktime_get_ns();
	write_seqcount_begin(&vc->seq);
	vmlat_close_local(vc, now_ns);
	vc->stats.armed_at_ns = now_ns;
	write_seqcount_end(&vc->seq);

	vc->period_ns = READ_ONCE(vmlat_knob.period_ns);
	hrtimer_start(&vc->timer, ns_to_ktime(now_ns + vc->period_ns),
		      HRTIMER_MODE_ABS_PINNED_HARD);
}

/*
 * vmlat_stats_reset - zero @s in O(1), keeping whether it is active: the
 * histograms by forgetting their live buckets (vmlat_hist_reset()), the
 * counters in one memset of ~100 bytes
 */
static void vmlat_stats_reset(struct vmlat_stats *s, u64 now_ns)
{
	bool active = s->active;
	unsigned int i;

	for (i = 0; i < VMLAT_NR_HISTS; i++)
		vmlat_hist_reset(&s->hist[i]);
	memset(&s->counters, 0, sizeof(s->counters));
	s->self_min_ns = U64_MAX;
	s->active = active;
	s->armed_at_ns = active ? now_ns : 0;
}

/*
 * vmlat_reset_local - zero the statistics with interrupts off, in O(1):
 * each histogram forgets which buckets are live (vmlat_hist_reset()), so
 * no bucket is touched here. Parked samples are from before the reset:
 * they go too. Residual is written from now on only with a steal source.
 */
static void vmlat_reset_local(void *arg)
{
	struct vmlat_cpu *vc = arg;

	vmlat_assert_local(vc->cpu);
	write_seqcount_begin(&vc->seq);
	/* the trace seq goes on counting */
	vc->seq_base = vmlat_expiries(vc);
	vmlat_stats_reset(&vc->stats, ktime_get_ns());
	vc->stats.residual_live = vc->steal.source != VMLAT_STEAL_NONE;
	vc->nr_parked = 0;
	write_seqcount_end(&vc->seq);
	vmlat_stage_reset_local(vc->cpu);
}

#ifdef VMLAT_TEST
/* struct vmlat_preload_req - vmlat_cpu_preload()'s request to the CPU */
struct vmlat_preload_req {
	struct vmlat_cpu *vc;
	const struct vmlat_preload *p;
};

/* vmlat_hist_preload - @n values of mean @sum / @n, in the mean's bucket */
static void vmlat_hist_preload(struct vmlat_hist *h, u64 n, u64 sum)
{
	u64 mean = div64_u64(sum, n);

	vmlat_hist_clear(h);
	h->count = n;
	h->sum = sum;
	h->min = mean;
	h->max = mean;
	h->buckets[vmlat_hist_index(mean)] = n;
}

static void vmlat_preload_local(void *arg)
{
	struct vmlat_preload_req *r = arg;
	const struct vmlat_preload *p = r->p;
	struct vmlat_stats *s = &r->vc->stats;

	vmlat_assert_local(r->vc->cpu);
	write_seqcount_begin(&r->vc->seq);
	/* the trace seq goes on from the planted count */
	r->vc->seq_base = vmlat_expiries(r->vc) - p->samples;
	vmlat_stats_clear(s);
	s->residual_live = true;
	r->vc->nr_parked = 0;
	vmlat_hist_preload(&s->hist[VMLAT_HIST_LATENESS], p->samples,
			   p->lateness_sum_ns);
	/* as the callback: steal is recorded only with a source */
	if (r->vc->steal.source != VMLAT_STEAL_NONE)
		vmlat_hist_preload(&s->hist[VMLAT_HIST_STEAL], p->samples,
				   p->steal_sum_ns);
	/* steal_expiries and stolen_ns follow from these two */
	vmlat_hist_preload(&s->hist[VMLAT_HIST_RESIDUAL], p->samples,
			   p->lateness_sum_ns - p->stolen_ns);
	/* the causes add up to residual: all of it undetermined */
	s->cause_ns[VMLAT_CAUSE_UNDETERMINED] = p->lateness_sum_ns - p->stolen_ns;
	s->self_sum_ns = p->self_sum_ns;
	s->self_min_ns = div64_u64(p->self_sum_ns, p->samples);
	s->self_max_ns = s->self_min_ns;
	s->elapsed_ns = p->elapsed_ns;
	write_seqcount_end(&r->vc->seq);
}

/**
 * vmlat_cpu_preload() - test build: replace a stopped CPU's statistics
 * @vc: the CPU's sampler, not armed
 * @p: what to plant; p->samples > 0, p->stolen_ns <= both sums, and both
 *     0 unless the CPU has a steal source (its steal histogram then stays
 *     empty)
 */
void vmlat_cpu_preload(struct vmlat_cpu *vc, const struct vmlat_preload *p)
{
	struct vmlat_preload_req r = { .vc = vc, .p = p };

	vmlat_on_cpu(vc->cpu, vmlat_preload_local, &r);
}
#endif

/*
 * vmlat_stats_derive - in a settled snapshot, what the callback does not
 * count: residual where it is not written (it equals lateness sample by
 * sample), stolen_ns and steal_expiries. Exact: stolen + residual =
 * lateness for every sample, and an expiry with no steal lands in the
 * steal histogram's bucket 0, which holds 0 alone.
 */
static void vmlat_stats_derive(struct vmlat_stats *s)
{
	const struct vmlat_hist *lat = &s->hist[VMLAT_HIST_LATENESS];
	const struct vmlat_hist *steal = &s->hist[VMLAT_HIST_STEAL];

	if (!s->residual_live)
		s->hist[VMLAT_HIST_RESIDUAL] = *lat;
	s->stolen_ns = lat->sum - s->hist[VMLAT_HIST_RESIDUAL].sum;
	/* the test build's negative control: shown swapped */
	if (vmlat_cause_invert())
		swap(s->cause_ns[VMLAT_CAUSE_GUEST],
		     s->cause_ns[VMLAT_CAUSE_UNREPORTED]);
	s->steal_expiries = steal->count - steal->buckets[0];
}

/* struct vmlat_copy - a snapshot request sent to the owning CPU */
struct vmlat_copy {
	struct vmlat_cpu *vc;
	struct vmlat_stats *out;
};

static void vmlat_copy_local(void *arg)
{
	struct vmlat_copy *c = arg;

	vmlat_assert_local(c->vc->cpu);
	write_seqcount_begin(&c->vc->seq);
	c->vc->stats.snapshot_ipis++;
	write_seqcount_end(&c->vc->seq);
	memcpy(c->out, &c->vc->stats, sizeof(*c->out));
}

/**
 * vmlat_cpu_setup() - set up @cpu's sampler at load, its timer not armed
 * @vc: the CPU's sampler
 * @cpu: the CPU it samples
 *
 * The timer is set up once for every possible CPU, so that hotplug only
 * ever starts and stops it.
 */
void vmlat_cpu_setup(struct vmlat_cpu *vc, unsigned int cpu)
{
	vc->cpu = cpu;
	seqcount_init(&vc->seq);
	vmlat_stats_clear(&vc->stats);
	atomic_set(&vc->readers, 0);
	vc->nr_parked = 0;
	hrtimer_setup(&vc->timer, vmlat_timer_fn, CLOCK_MONOTONIC,
		      HRTIMER_MODE_ABS_PINNED_HARD);
}

/**
 * vmlat_cpu_start() - start sampling on @vc's CPU
 * @vc: the CPU's sampler; its CPU is online
 *
 * The timer is armed from its own CPU: hrtimer_start() with a pinned mode
 * from another CPU would move the timer to the caller's CPU.
 */
void vmlat_cpu_start(struct vmlat_cpu *vc)
{
	if (vc->armed)
		return;
	/* a CPU not up for vmlat would never run vmlat's teardown */
	if (WARN_ON_ONCE(!cpumask_test_cpu(vc->cpu, &vmlat_cpus_up)))
		return;
	smp_call_function_single(vc->cpu, vmlat_arm_local, vc, 1);
	vc->armed = true;
}

/**
 * vmlat_cpu_stop() - stop sampling on @vc's CPU and close its interval
 * @vc: the CPU's sampler
 */
void vmlat_cpu_stop(struct vmlat_cpu *vc)
{
	if (!vc->armed)
		return;
	hrtimer_cancel(&vc->timer);
	vmlat_on_cpu(vc->cpu, vmlat_disarm_local, vc);
	vc->armed = false;
}

/**
 * vmlat_cpu_rearm() - restart a running timer one (new) period from now
 * @vc: the CPU's sampler
 *
 * The interval sampled under the old period is closed first, overdue
 * periods counted as missed (vmlat_close_local()).
 */
void vmlat_cpu_rearm(struct vmlat_cpu *vc)
{
	if (vc->armed)
		smp_call_function_single(vc->cpu, vmlat_rearm_local, vc, 1);
}

/**
 * vmlat_cpu_reset() - zero @vc's statistics; a running timer keeps running
 * @vc: the CPU's sampler
 */
void vmlat_cpu_reset(struct vmlat_cpu *vc)
{
	vmlat_on_cpu(vc->cpu, vmlat_reset_local, vc);
}

/**
 * vmlat_cpu_snapshot() - a consistent copy of @vc's statistics
 * @vc: the CPU's sampler
 * @out: the copy; elapsed_ns includes the open interval up to @now_ns
 * @now_ns: ktime_get_ns() at the read
 *
 * Process context. While it copies, the CPU's callback parks its samples
 * instead of writing (vmlat_may_park()), so the copy is normally whole at
 * the first try, however short the period; parked samples show in the
 * next snapshot. A copy torn all the same (the park was full or old) is
 * retried under the seqcount; one that keeps losing asks the CPU for the
 * copy by IPI, which the CPU counts in snapshot_ipis (a CPU not up for
 * vmlat counts it too: the copy is then made here, under the control
 * locks).
 */
void vmlat_cpu_snapshot(struct vmlat_cpu *vc, struct vmlat_stats *out,
			u64 now_ns)
{
	struct vmlat_copy c = { .vc = vc, .out = out };
	unsigned int k;

	atomic_inc(&vc->readers);
	/* the count visible to the callback before the copy starts */
	smp_mb__after_atomic();
	vmlat_copy_consistent(&vc->seq, out, &vc->stats, sizeof(*out), vc->cpu,
			      vmlat_copy_local, &c);
	atomic_dec(&vc->readers);
	for (k = 0; k < VMLAT_NR_HISTS; k++)
		vmlat_hist_settle(&out->hist[k]);
	vmlat_stats_derive(out);
	if (out->active && now_ns > out->armed_at_ns)
		out->elapsed_ns += now_ns - out->armed_at_ns;
}

/**
 * vmlat_stats_clear() - zero everything in @s, every bucket included
 * @s: the statistics
 *
 * O(buckets), so only at setup and for the test build's preloads; a reset
 * of live statistics is vmlat_stats_reset()'s, in O(1).
 */
void vmlat_stats_clear(struct vmlat_stats *s)
{
	unsigned int i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < VMLAT_NR_HISTS; i++)
		vmlat_hist_clear(&s->hist[i]);
	s->self_min_ns = U64_MAX;
}
