// SPDX-License-Identifier: GPL-2.0
/*
 * vmlat's data in /sys/kernel/debug/vmlat/: read-only text files in the
 * versioned formats of docs/abi.md, rendered from consistent per-CPU
 * snapshots at read time. Read-only files keep working under kernel
 * lockdown; the knobs live in module parameters for the same reason.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vmlat.h"
#include "vmlat_debugfs.h"
#include "vmlat_names.h"
#include "vmlat_ratio.h"
#include "vmlat_sampler.h"
#include "vmlat_stage.h"
#include "vmlat_state.h"
#include "vmlat_summary.h"
#include "vmlat_wait.h"

#define VMLAT_ALL_CPUS	(-1)

/* struct vmlat_view - what one histogram file shows */
struct vmlat_view {
	int cpu;			/* or VMLAT_ALL_CPUS */
	enum vmlat_hist_kind kind;
};

static struct dentry *vmlat_dir;
static struct vmlat_view *vmlat_views;

/*
 * struct vmlat_total - one CPU's snapshot, or several added up
 *
 * What adds up over CPUs is kept in 128 bits, so that a total, and every
 * average and ratio computed from it, is exact; only printing saturates,
 * and says so (docs/abi.md, "Overflow"). Bucket counts saturate as u64.
 */
struct vmlat_total {
	struct vmlat_total_hist {
		struct vmlat_wide count;
		struct vmlat_wide sum;
		u64 min;		/* U64_MAX while count is 0 */
		u64 max;
		u64 buckets[VMLAT_HIST_BUCKETS];
	} hist[VMLAT_NR_HISTS];
	struct vmlat_wide missed;
	struct vmlat_wide self_sum_ns;
	struct vmlat_wide steal_expiries;
	struct vmlat_wide stolen_ns;
	struct vmlat_wide steal_stale_reads;
	struct vmlat_wide trace_stops;
	struct vmlat_wide hardirq_misses;
	struct vmlat_wide snapshot_ipis;
	struct vmlat_wide cause_ns[VMLAT_NR_CAUSES];
	struct vmlat_wide elapsed_ns;
	u64 max_at_ns;
	u64 self_min_ns;
	u64 self_max_ns;
	unsigned int active;
	/* the wake-up stages', when @on (summary only) */
	struct vmlat_stage_total {
		bool on;
		struct vmlat_wide misses;
		struct vmlat_wide irq_stolen_sum;
		struct vmlat_wide count[VMLAT_NR_PARTS];
		struct vmlat_wide sum[VMLAT_NR_PARTS];
		u64 max[VMLAT_NR_PARTS];
	} stage[VMLAT_NR_STAGES];
};

static void vmlat_total_hist_clear(struct vmlat_total_hist *th)
{
	memset(th, 0, sizeof(*th));
	th->min = U64_MAX;
}

/* vmlat_total_hist_add - add one CPU's histogram @h into @th */
static void vmlat_total_hist_add(struct vmlat_total_hist *th,
				 const struct vmlat_hist *h)
{
	unsigned int i;

	for (i = 0; i < VMLAT_HIST_BUCKETS; i++)
		th->buckets[i] = vmlat_add_sat(th->buckets[i], h->buckets[i]);
	vmlat_wide_add(&th->count, h->count);
	vmlat_wide_add(&th->sum, h->sum);
	th->min = min(th->min, h->min);
	th->max = max(th->max, h->max);
}

static void vmlat_total_clear(struct vmlat_total *t)
{
	unsigned int k;

	memset(t, 0, sizeof(*t));
	for (k = 0; k < VMLAT_NR_HISTS; k++)
		vmlat_total_hist_clear(&t->hist[k]);
	t->self_min_ns = U64_MAX;
}

/* vmlat_total_add - add one CPU's snapshot @s into @t */
static void vmlat_total_add(struct vmlat_total *t, const struct vmlat_stats *s)
{
	const struct vmlat_hist *lat = &s->hist[VMLAT_HIST_LATENESS];
	unsigned int k;

	if (lat->count && lat->max >= t->hist[VMLAT_HIST_LATENESS].max)
		t->max_at_ns = s->max_at_ns;
	for (k = 0; k < VMLAT_NR_HISTS; k++)
		vmlat_total_hist_add(&t->hist[k], &s->hist[k]);
	vmlat_wide_add(&t->missed, s->missed);
	vmlat_wide_add(&t->self_sum_ns, s->self_sum_ns);
	vmlat_wide_add(&t->steal_expiries, s->steal_expiries);
	vmlat_wide_add(&t->stolen_ns, s->stolen_ns);
	vmlat_wide_add(&t->steal_stale_reads, s->steal_stale_reads);
	vmlat_wide_add(&t->trace_stops, s->trace_stops);
	vmlat_wide_add(&t->hardirq_misses, s->hardirq_misses);
	vmlat_wide_add(&t->snapshot_ipis, s->snapshot_ipis);
	for (k = 0; k < VMLAT_NR_CAUSES; k++)
		vmlat_wide_add(&t->cause_ns[k], s->cause_ns[k]);
	vmlat_wide_add(&t->elapsed_ns, s->elapsed_ns);
	t->self_min_ns = min(t->self_min_ns, s->self_min_ns);
	t->self_max_ns = max(t->self_max_ns, s->self_max_ns);
	t->active += s->active;
}

/* vmlat_stage_total_add - add one CPU's snapshot @s of @stage into @t */
static void vmlat_stage_total_add(struct vmlat_total *t, unsigned int stage,
				  const struct vmlat_stage_stats *s)
{
	struct vmlat_stage_total *st = &t->stage[stage];
	unsigned int p;

	st->on = true;
	vmlat_wide_add(&st->misses, s->misses);
	vmlat_wide_add(&st->irq_stolen_sum, s->irq_stolen_sum);
	for (p = 0; p < vmlat_stage_parts(stage); p++) {
		vmlat_wide_add(&st->count[p], s->part[p].count);
		vmlat_wide_add(&st->sum[p], s->part[p].sum);
		st->max[p] = max(st->max[p], s->part[p].max);
	}
}

/* vmlat_read_total - one CPU, or all CPUs added up, into @t */
static void vmlat_read_total(int cpu, struct vmlat_total *t,
			     struct vmlat_stats *tmp)
{
	u64 now_ns = ktime_get_ns();
	unsigned int c;

	vmlat_total_clear(t);
	if (cpu != VMLAT_ALL_CPUS) {
		vmlat_cpu_snapshot(per_cpu_ptr(vmlat_cpus, cpu), tmp, now_ns);
		vmlat_total_add(t, tmp);
		return;
	}
	for_each_possible_cpu(c) {
		vmlat_cpu_snapshot(per_cpu_ptr(vmlat_cpus, c), tmp, now_ns);
		vmlat_total_add(t, tmp);
	}
}

/*
 * struct vmlat_line - a line being printed, and the keys on it whose
 * values were saturated, for its saturated= key
 */
struct vmlat_line {
	struct seq_file *m;
	char saturated[160];
	size_t len;
};

/* vmlat_put_sum - " key=value", saturated at U64_MAX (and noted) */
static void vmlat_put_sum(struct vmlat_line *l, const char *key,
			  struct vmlat_wide v)
{
	seq_printf(l->m, " %s=%llu", key, vmlat_wide_sat(v));
	if (!vmlat_wide_fits(v))
		l->len += scnprintf(l->saturated + l->len,
				    sizeof(l->saturated) - l->len, "%s%s",
				    l->len ? "," : "", key);
}

/* vmlat_put_ratio - " key=a/b*unit", exact, truncated to @decimals */
static void vmlat_put_ratio(struct vmlat_line *l, const char *key,
			    struct vmlat_wide a, struct vmlat_wide b,
			    u32 unit, unsigned int decimals)
{
	char buf[VMLAT_RATIO_STR_LEN];

	vmlat_ratio_str(buf, a, b, unit, decimals);
	seq_printf(l->m, " %s=%s", key, buf);
}

/* vmlat_line_end - saturated=KEY,... when any value was, then newline */
static void vmlat_line_end(struct vmlat_line *l)
{
	if (l->len)
		seq_printf(l->m, " " VMLAT_KEY_NAME_SATURATED "=%s",
			   l->saturated);
	seq_putc(l->m, '\n');
	l->len = 0;
	l->saturated[0] = '\0';
}

static void vmlat_print_cpu(struct seq_file *m, int cpu)
{
	if (cpu == VMLAT_ALL_CPUS)
		seq_puts(m, VMLAT_KEY_NAME_CPU "=" VMLAT_CPU_ALL_NAME);
	else
		seq_printf(m, VMLAT_KEY_NAME_CPU "=%d", cpu);
}

/* struct vmlat_read_buf - what a reader allocates for one read */
struct vmlat_read_buf {
	struct vmlat_stats snap;
	struct vmlat_total total[3];
	struct vmlat_stage_stats stage_snap;
	struct vmlat_total_hist stage_hist;
};

/*
 * vmlat_read_stage - histogram @kind of a wake-up stage, of one CPU or
 * all added up, into b->stage_hist; its misses into @misses
 */
static void vmlat_read_stage(int cpu, unsigned int kind,
			     struct vmlat_read_buf *b,
			     struct vmlat_wide *misses)
{
	unsigned int stage = kind < VMLAT_HIST_USER ? VMLAT_STAGE_THREAD :
			     VMLAT_STAGE_USER;
	unsigned int part = kind - vmlat_stage_hist(stage, 0);
	unsigned int c;

	vmlat_total_hist_clear(&b->stage_hist);
	*misses = vmlat_wide_u64(0);
	for_each_possible_cpu(c) {
		if (cpu != VMLAT_ALL_CPUS && c != cpu)
			continue;
		vmlat_stage_snapshot(stage, c, &b->stage_snap);
		vmlat_total_hist_add(&b->stage_hist, &b->stage_snap.part[part]);
		vmlat_wide_add(misses, b->stage_snap.misses);
	}
}

static int vmlat_hist_show(struct seq_file *m, void *unused)
{
	const char * const *key = vmlat_hist_hdr_keys;
	const struct vmlat_view *v = m->private;
	struct vmlat_line l = { .m = m };
	struct vmlat_read_buf *b;
	const struct vmlat_total_hist *h;
	const struct vmlat_total *t;
	struct vmlat_wide missed;
	unsigned int i;

	b = kvmalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	t = &b->total[0];
	vmlat_read_total(v->cpu, &b->total[0], &b->snap);
	missed = t->missed;
	/*
	 * A stage's file: the stage's histogram and misses; elapsed is the
	 * sampled time. The IRQ histograms' index is taken only for their
	 * own kinds (UBSAN_BOUNDS, on in Debian's 7.x kernels, reports even
	 * a pointer computed past the array).
	 */
	if (v->kind < VMLAT_NR_HISTS) {
		h = &t->hist[v->kind];
	} else {
		vmlat_read_stage(v->cpu, v->kind, b, &missed);
		h = &b->stage_hist;
	}

	/* the header keys in abi/'s order: cpu= is vmlat_print_cpu()'s */
	seq_printf(m, "# " VMLAT_FMT_HIST " " VMLAT_ABI_VERSION " %s=%s ",
		   key[VMLAT_HH_HIST], vmlat_hist_kind_name(v->kind));
	vmlat_print_cpu(m, v->cpu);
	seq_printf(m, "\n# %s=" VMLAT_HIST_UNIT " %s=%llu", key[VMLAT_HH_UNIT],
		   key[VMLAT_HH_PERIOD],
		   READ_ONCE(vmlat_knob.period_ns) / NSEC_PER_USEC);
	vmlat_put_sum(&l, key[VMLAT_HH_ELAPSED], t->elapsed_ns);
	vmlat_line_end(&l);
	seq_putc(m, '#');
	vmlat_put_sum(&l, key[VMLAT_HH_SAMPLES], h->count);
	vmlat_put_sum(&l, key[VMLAT_HH_MISSED], missed);
	seq_printf(m, " %s=%llu %s=%llu", key[VMLAT_HH_MIN],
		   vmlat_wide_is_zero(h->count) ? 0 : h->min,
		   key[VMLAT_HH_MAX], h->max);
	vmlat_put_sum(&l, key[VMLAT_HH_SUM], h->sum);
	vmlat_line_end(&l);
	seq_puts(m, "# " VMLAT_HIST_COLUMNS "\n");
	for (i = 0; i < VMLAT_HIST_BUCKETS; i++)
		if (h->buckets[i])
			seq_printf(m, "%llu %llu %llu\n", vmlat_hist_lower(i),
				   vmlat_hist_upper(i), h->buckets[i]);
	kvfree(b);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vmlat_hist);

/*
 * vmlat_stage_key - the value of a wake-up stage's summary key @k (not a
 * ratio) in @t
 */
static struct vmlat_wide vmlat_stage_key(const struct vmlat_total *t,
					 unsigned int k)
{
	const struct vmlat_stage_total *th = &t->stage[VMLAT_STAGE_THREAD];
	const struct vmlat_stage_total *u = &t->stage[VMLAT_STAGE_USER];

	switch (k) {
	case VMLAT_K_THREAD_SAMPLES:
		return th->count[VMLAT_PART_TOTAL];
	case VMLAT_K_THREAD_MISSES:
		return th->misses;
	case VMLAT_K_THREAD_MAX:
		return vmlat_wide_u64(th->max[VMLAT_PART_TOTAL]);
	case VMLAT_K_THREAD_SUM:
		return th->sum[VMLAT_PART_TOTAL];
	case VMLAT_K_THREAD_IRQ_SUM:
		return th->sum[VMLAT_PART_IRQ];
	case VMLAT_K_THREAD_STOLEN_SUM:
		return th->sum[VMLAT_PART_STOLEN];
	case VMLAT_K_THREAD_SCHED_SUM:
		return th->sum[VMLAT_PART_SCHED];
	case VMLAT_K_THREAD_IRQ_STOLEN_SUM:
		return th->irq_stolen_sum;
	case VMLAT_K_USER_SAMPLES:
		return u->count[VMLAT_PART_TOTAL];
	case VMLAT_K_USER_MISSES:
		return u->misses;
	case VMLAT_K_USER_MAX:
		return vmlat_wide_u64(u->max[VMLAT_PART_TOTAL]);
	case VMLAT_K_USER_SUM:
		return u->sum[VMLAT_PART_TOTAL];
	case VMLAT_K_USER_IRQ_SUM:
		return u->sum[VMLAT_PART_IRQ];
	case VMLAT_K_USER_STOLEN_SUM:
		return u->sum[VMLAT_PART_STOLEN];
	case VMLAT_K_USER_SCHED_SUM:
		return u->sum[VMLAT_PART_SCHED];
	case VMLAT_K_USER_IRQ_STOLEN_SUM:
		return u->irq_stolen_sum;
	case VMLAT_K_USER_RETURN_SAMPLES:
		return u->count[VMLAT_PART_RETURN];
	case VMLAT_K_USER_RETURN_MAX:
		return vmlat_wide_u64(u->max[VMLAT_PART_RETURN]);
	case VMLAT_K_USER_RETURN_SUM:
		return u->sum[VMLAT_PART_RETURN];
	}
	return vmlat_wide_u64(0);
}

/*
 * vmlat_total_key - the value of summary key @k (not a ratio, the CPU or
 * the source) in @t, 128 bits wide for the sums over CPUs
 */
static struct vmlat_wide vmlat_total_key(const struct vmlat_total *t,
					 unsigned int k)
{
	const struct vmlat_total_hist *lat = &t->hist[VMLAT_HIST_LATENESS];
	bool none = vmlat_wide_is_zero(lat->count);

	switch (k) {
	case VMLAT_K_ACTIVE:
		return vmlat_wide_u64(t->active);
	case VMLAT_K_SAMPLES:
		return lat->count;
	case VMLAT_K_MISSED:
		return t->missed;
	case VMLAT_K_ELAPSED:
		return t->elapsed_ns;
	case VMLAT_K_MIN:
		return vmlat_wide_u64(none ? 0 : lat->min);
	case VMLAT_K_MAX:
		return vmlat_wide_u64(lat->max);
	case VMLAT_K_MAX_AT:
		return vmlat_wide_u64(t->max_at_ns);
	case VMLAT_K_SELF_MIN:
		return vmlat_wide_u64(none ? 0 : t->self_min_ns);
	case VMLAT_K_SELF_MAX:
		return vmlat_wide_u64(t->self_max_ns);
	case VMLAT_K_STEAL:
		return t->hist[VMLAT_HIST_STEAL].sum;
	case VMLAT_K_STEAL_EXPIRIES:
		return t->steal_expiries;
	case VMLAT_K_STOLEN:
		return t->stolen_ns;
	case VMLAT_K_STALE_READS:
		return t->steal_stale_reads;
	case VMLAT_K_TRACE_STOPS:
		return t->trace_stops;
	case VMLAT_K_HARDIRQ_MISSES:
		return t->hardirq_misses;
	case VMLAT_K_SNAPSHOT_IPIS:
		return t->snapshot_ipis;
	case VMLAT_K_LATENESS_SUM:
		return lat->sum;
	case VMLAT_K_SELF_SUM:
		return t->self_sum_ns;
	case VMLAT_K_UNREPORTED_SUM:
		return t->cause_ns[VMLAT_CAUSE_UNREPORTED];
	case VMLAT_K_GUEST_SUM:
		return t->cause_ns[VMLAT_CAUSE_GUEST];
	case VMLAT_K_UNDETERMINED_SUM:
		return t->cause_ns[VMLAT_CAUSE_UNDETERMINED];
	}
	return vmlat_stage_key(t, k);
}

/*
 * vmlat_summary_line - one line of summary, key by key as abi/ lists
 * them: @t for every key but the steal ones, which come from @st, the
 * CPUs of @t that have a steal source (NULL: none has, and the steal keys
 * are left out). For one CPU @st is @t or NULL; for cpu=all, a CPU without
 * a source has no stolen time, so its lateness must not dilute
 * stolen_share either.
 */
static void vmlat_summary_line(struct seq_file *m, int cpu,
			       const struct vmlat_total *t, const char *source,
			       const struct vmlat_total *st)
{
	struct vmlat_line l = { .m = m };
	const struct vmlat_total *from;
	unsigned int k;

	for (k = 0; k < VMLAT_NR_KEYS; k++) {
		const struct vmlat_key *key = &vmlat_keys[k];

		from = key->flags & VMLAT_KF_STEAL ? st : t;
		if (!from)
			continue;
		/* a stage's keys from its first enable on */
		if (((key->flags & VMLAT_KF_THREAD) &&
		     !t->stage[VMLAT_STAGE_THREAD].on) ||
		    ((key->flags & VMLAT_KF_USER) &&
		     !t->stage[VMLAT_STAGE_USER].on))
			continue;
		switch (key->rule) {
		case VMLAT_KEY_CPU:
			vmlat_print_cpu(m, cpu);
			break;
		case VMLAT_KEY_SOURCE:
			seq_printf(m, " %s=%s", key->name, source);
			break;
		case VMLAT_KEY_RATIO:
			/* 0 (with the decimals) while the divisor is 0 */
			vmlat_put_ratio(&l, key->name,
					vmlat_total_key(from, key->num),
					vmlat_total_key(from, key->den),
					key->unit, key->decimals);
			break;
		default:
			vmlat_put_sum(&l, key->name, vmlat_total_key(from, k));
			break;
		}
	}
	vmlat_line_end(&l);
}

static int vmlat_summary_show(struct seq_file *m, void *unused)
{
	enum vmlat_steal_source common = VMLAT_STEAL_AUTO;
	struct vmlat_total *one, *total, *steal_total;
	struct vmlat_read_buf *b;
	const char *all_source;
	bool any_steal = false;
	unsigned int cpu, stage;
	u64 now_ns;

	b = kvmalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	one = &b->total[0];
	total = &b->total[1];
	steal_total = &b->total[2];
	vmlat_total_clear(total);
	vmlat_total_clear(steal_total);

	seq_puts(m, "# " VMLAT_FMT_SUMMARY " " VMLAT_ABI_VERSION "\n");
	seq_printf(m, "# %s=%d %s=%llu %s=%*pbl %s=%u\n",
		   vmlat_summary_hdr_keys[VMLAT_SH_ENABLED],
		   READ_ONCE(vmlat_knob.enabled),
		   vmlat_summary_hdr_keys[VMLAT_SH_PERIOD],
		   READ_ONCE(vmlat_knob.period_ns) / NSEC_PER_USEC,
		   vmlat_summary_hdr_keys[VMLAT_SH_CPUS],
		   cpumask_pr_args(&vmlat_cpus_selected),
		   vmlat_summary_hdr_keys[VMLAT_SH_RESOLUTION],
		   hrtimer_resolution);

	now_ns = ktime_get_ns();
	for_each_possible_cpu(cpu) {
		struct vmlat_cpu *vc = per_cpu_ptr(vmlat_cpus, cpu);
		enum vmlat_steal_source src = READ_ONCE(vc->steal.source);
		bool have_steal;

		vmlat_cpu_snapshot(vc, &b->snap, now_ns);
		/*
		 * Steal is known where the CPU has a source now, or recorded
		 * steal with one before it went offline: that history is in
		 * its steal histogram and in the merged one, so it is in its
		 * line and in cpu=all too, and every file agrees.
		 */
		have_steal = src != VMLAT_STEAL_NONE ||
			     b->snap.hist[VMLAT_HIST_STEAL].count;
		vmlat_total_clear(one);
		vmlat_total_add(one, &b->snap);
		for (stage = 0; stage < VMLAT_NR_STAGES; stage++) {
			if (!vmlat_stage_allocated(stage))
				continue;
			vmlat_stage_snapshot(stage, cpu, &b->stage_snap);
			vmlat_stage_total_add(one, stage, &b->stage_snap);
			vmlat_stage_total_add(total, stage, &b->stage_snap);
		}
		vmlat_summary_line(m, cpu, one, vmlat_steal_name(src),
				   have_steal ? one : NULL);
		vmlat_total_add(total, &b->snap);
		if (have_steal) {
			vmlat_total_add(steal_total, &b->snap);
			any_steal = true;
		}
		if (common == VMLAT_STEAL_AUTO)
			common = src;
		else if (common != src)
			common = VMLAT_STEAL_AUTO;
	}
	all_source = common == VMLAT_STEAL_AUTO ? VMLAT_STEAL_MIXED :
		     vmlat_steal_name(common);

	/*
	 * The steal keys of cpu=all come from the CPUs that have a source
	 * only: steal_ms_per_s is per second those CPUs were sampled, and
	 * stolen_share is over their lateness (docs/abi.md).
	 */
	vmlat_summary_line(m, VMLAT_ALL_CPUS, total, all_source,
			   any_steal ? steal_total : NULL);
	kvfree(b);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vmlat_summary);

/*
 * struct vmlat_causes_row - a line of causes: one stage of one CPU, or of
 * all added up; lateness = stolen + the causes + sched, exactly
 */
struct vmlat_causes_row {
	struct vmlat_wide samples;
	struct vmlat_wide lateness;
	struct vmlat_wide stolen;
	struct vmlat_wide cause_ns[VMLAT_NR_CAUSES];
	struct vmlat_wide sched;
};

/* struct vmlat_causes_buf - what a read of causes allocates */
struct vmlat_causes_buf {
	struct vmlat_stats snap;
	struct vmlat_stage_stats stage_snap;
	struct vmlat_causes_row one;
	/* the IRQ stage's, then each wake-up stage's, over all CPUs */
	struct vmlat_causes_row all[1 + VMLAT_NR_STAGES];
};

/*
 * vmlat_causes_irq - the expiries' row of one CPU's snapshot @s: their
 * residual is lateness less its stolen part, the causes its split
 */
static void vmlat_causes_irq(struct vmlat_causes_row *r,
			     const struct vmlat_stats *s)
{
	const struct vmlat_hist *lat = &s->hist[VMLAT_HIST_LATENESS];
	unsigned int c;

	memset(r, 0, sizeof(*r));
	r->samples = vmlat_wide_u64(lat->count);
	r->lateness = vmlat_wide_u64(lat->sum);
	r->stolen = vmlat_wide_u64(s->stolen_ns);
	for (c = 0; c < VMLAT_NR_CAUSES; c++)
		r->cause_ns[c] = vmlat_wide_u64(s->cause_ns[c]);
}

/*
 * vmlat_causes_stage - a wake-up stage's row of one CPU's snapshot @s:
 * all its steal (the IRQs' own and after them), the rest of the irq part
 * by its expiries' causes, and sched
 */
static void vmlat_causes_stage(struct vmlat_causes_row *r,
			       const struct vmlat_stage_stats *s)
{
	unsigned int c;

	memset(r, 0, sizeof(*r));
	r->samples = vmlat_wide_u64(s->part[VMLAT_PART_TOTAL].count);
	r->lateness = vmlat_wide_u64(s->part[VMLAT_PART_TOTAL].sum);
	r->stolen = vmlat_wide_u64(s->irq_stolen_sum);
	vmlat_wide_add(&r->stolen, s->part[VMLAT_PART_STOLEN].sum);
	for (c = 0; c < VMLAT_NR_CAUSES; c++)
		r->cause_ns[c] = vmlat_wide_u64(s->cause_ns[c]);
	r->sched = vmlat_wide_u64(s->part[VMLAT_PART_SCHED].sum);
}

static void vmlat_causes_row_add(struct vmlat_causes_row *sum,
				 const struct vmlat_causes_row *r)
{
	unsigned int c;

	vmlat_wide_add_wide(&sum->samples, r->samples);
	vmlat_wide_add_wide(&sum->lateness, r->lateness);
	vmlat_wide_add_wide(&sum->stolen, r->stolen);
	for (c = 0; c < VMLAT_NR_CAUSES; c++)
		vmlat_wide_add_wide(&sum->cause_ns[c], r->cause_ns[c]);
	vmlat_wide_add_wide(&sum->sched, r->sched);
}

/* vmlat_causes_line - one line of causes, keys in abi/'s order */
static void vmlat_causes_line(struct seq_file *m, int cpu, const char *stage,
			      const struct vmlat_causes_row *r)
{
	const char * const *key = vmlat_causes_keys;
	struct vmlat_line l = { .m = m };
	unsigned int c;

	vmlat_print_cpu(m, cpu);
	seq_printf(m, " %s=%s", key[VMLAT_CK_STAGE], stage);
	vmlat_put_sum(&l, key[VMLAT_CK_SAMPLES], r->samples);
	vmlat_put_sum(&l, key[VMLAT_CK_LATENESS], r->lateness);
	vmlat_put_sum(&l, key[VMLAT_CK_STOLEN], r->stolen);
	for (c = 0; c < VMLAT_NR_CAUSES; c++)
		vmlat_put_sum(&l, key[VMLAT_CK_UNREPORTED + c], r->cause_ns[c]);
	vmlat_put_sum(&l, key[VMLAT_CK_SCHED], r->sched);
	vmlat_line_end(&l);
}

/*
 * causes: each CPU's expiries and wake-up stages split into stolen, the
 * residual's causes and sched (docs/abi.md, "causes"), then cpu=all's.
 * A wake-up stage has lines from its first enable on, as in summary.
 */
static int vmlat_causes_show(struct seq_file *m, void *unused)
{
	struct vmlat_causes_buf *b;
	unsigned int cpu, stage;
	u64 now_ns;

	b = kvzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	seq_puts(m, "# " VMLAT_FMT_CAUSES " " VMLAT_ABI_VERSION "\n");
	now_ns = ktime_get_ns();
	for_each_possible_cpu(cpu) {
		vmlat_cpu_snapshot(per_cpu_ptr(vmlat_cpus, cpu), &b->snap,
				   now_ns);
		vmlat_causes_irq(&b->one, &b->snap);
		vmlat_causes_line(m, cpu, VMLAT_CAUSES_STAGE_IRQ, &b->one);
		vmlat_causes_row_add(&b->all[0], &b->one);
		for (stage = 0; stage < VMLAT_NR_STAGES; stage++) {
			if (!vmlat_stage_allocated(stage))
				continue;
			vmlat_stage_snapshot(stage, cpu, &b->stage_snap);
			vmlat_causes_stage(&b->one, &b->stage_snap);
			vmlat_causes_line(m, cpu, vmlat_stage_name(stage),
					  &b->one);
			vmlat_causes_row_add(&b->all[1 + stage], &b->one);
		}
	}
	vmlat_causes_line(m, VMLAT_ALL_CPUS, VMLAT_CAUSES_STAGE_IRQ,
			  &b->all[0]);
	for (stage = 0; stage < VMLAT_NR_STAGES; stage++)
		if (vmlat_stage_allocated(stage))
			vmlat_causes_line(m, VMLAT_ALL_CPUS,
					  vmlat_stage_name(stage),
					  &b->all[1 + stage]);
	kvfree(b);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vmlat_causes);

static int vmlat_steal_source_show(struct seq_file *m, void *unused)
{
	unsigned int cpu;

	seq_puts(m, "# " VMLAT_FMT_SOURCES " " VMLAT_ABI_VERSION "\n");
	for_each_possible_cpu(cpu) {
		const struct vmlat_steal_clock *sc =
			&per_cpu_ptr(vmlat_cpus, cpu)->steal;
		const char *reason = READ_ONCE(sc->reason);

		seq_printf(m, "%s=%u %s=%s %s=%s\n",
			   vmlat_source_keys[VMLAT_SK_CPU], cpu,
			   vmlat_source_keys[VMLAT_SK_SOURCE],
			   vmlat_steal_name(READ_ONCE(sc->source)),
			   vmlat_source_keys[VMLAT_SK_REASON],
			   reason ? reason : "CPU offline since load");
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vmlat_steal_source);

static void vmlat_debugfs_hists(struct dentry *dir, struct vmlat_view *v,
				int cpu)
{
	unsigned int k;

	for (k = 0; k < VMLAT_NR_KINDS; k++, v++) {
		v->cpu = cpu;
		v->kind = k;
		debugfs_create_file(vmlat_hist_file_name(k), 0400, dir, v,
				    &vmlat_hist_fops);
	}
}

/**
 * vmlat_debugfs_init() - create /sys/kernel/debug/vmlat/
 *
 * Like all debugfs users, vmlat does not check debugfs return values: a
 * missing file costs the reader, never the sampler.
 */
void vmlat_debugfs_init(void)
{
	struct dentry *percpu;
	unsigned int cpu;
	char name[24];

	/* One view per histogram file: all CPUs first, then each CPU. */
	vmlat_views = kcalloc((nr_cpu_ids + 1) * VMLAT_NR_KINDS,
			      sizeof(*vmlat_views), GFP_KERNEL);
	if (!vmlat_views)
		return;

	vmlat_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file(VMLAT_FILE_SUMMARY, 0400, vmlat_dir, NULL,
			    &vmlat_summary_fops);
	debugfs_create_file(VMLAT_FILE_SOURCES, 0400, vmlat_dir, NULL,
			    &vmlat_steal_source_fops);
	debugfs_create_file(VMLAT_FILE_CAUSES, 0400, vmlat_dir, NULL,
			    &vmlat_causes_fops);
	vmlat_debugfs_hists(vmlat_dir, vmlat_views, VMLAT_ALL_CPUS);

	percpu = debugfs_create_dir(VMLAT_DIR_PER_CPU, vmlat_dir);
	for_each_possible_cpu(cpu) {
		struct dentry *d;

		snprintf(name, sizeof(name), VMLAT_DIR_CPU "%u", cpu);
		d = debugfs_create_dir(name, percpu);
		vmlat_debugfs_hists(d, vmlat_views + (cpu + 1) * VMLAT_NR_KINDS,
				    cpu);
		debugfs_create_file(VMLAT_FILE_WAIT, 0444, d,
				    (void *)(unsigned long)cpu,
				    &vmlat_wait_fops);
	}
}

/**
 * vmlat_debugfs_exit() - remove /sys/kernel/debug/vmlat/ and free the views
 *
 * First at exit, so that no read runs on what exit frees next.
 */
void vmlat_debugfs_exit(void)
{
	/* Waits for readers inside our files, so the views can go next. */
	debugfs_remove_recursive(vmlat_dir);
	vmlat_dir = NULL;
	kfree(vmlat_views);
	vmlat_views = NULL;
}
