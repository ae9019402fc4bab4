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
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "vmlat.h"

#define VMLAT_ALL_CPUS	(-1)

/* struct vmlat_view - what one histogram file shows */
struct vmlat_view {
	int cpu;			/* or VMLAT_ALL_CPUS */
	enum vmlat_hist_kind kind;
};

static const char * const vmlat_hist_names[VMLAT_NR_HISTS] = {
	[VMLAT_HIST_LATENESS] = "lateness",
	[VMLAT_HIST_STEAL] = "steal",
	[VMLAT_HIST_RESIDUAL] = "residual",
};

/* File names: the lateness histogram is plain "hist". */
static const char * const vmlat_hist_files[VMLAT_NR_HISTS] = {
	[VMLAT_HIST_LATENESS] = "hist",
	[VMLAT_HIST_STEAL] = "steal",
	[VMLAT_HIST_RESIDUAL] = "residual",
};

static struct dentry *vmlat_dir;
static struct vmlat_view *vmlat_views;

/* vmlat_read_stats - snapshot one CPU, or all CPUs merged, into @out */
static void vmlat_read_stats(int cpu, struct vmlat_stats *out,
			     struct vmlat_stats *tmp)
{
	u64 now_ns = ktime_get_ns();
	unsigned int c;

	if (cpu != VMLAT_ALL_CPUS) {
		vmlat_cpu_snapshot(per_cpu_ptr(vmlat_cpus, cpu), out, now_ns);
		return;
	}
	vmlat_stats_clear(out);
	for_each_possible_cpu(c) {
		vmlat_cpu_snapshot(per_cpu_ptr(vmlat_cpus, c), tmp, now_ns);
		vmlat_stats_merge(out, tmp);
	}
}

static void vmlat_print_cpu(struct seq_file *m, int cpu)
{
	if (cpu == VMLAT_ALL_CPUS)
		seq_puts(m, "cpu=all");
	else
		seq_printf(m, "cpu=%d", cpu);
}

static int vmlat_hist_show(struct seq_file *m, void *unused)
{
	const struct vmlat_view *v = m->private;
	struct vmlat_stats *s;
	const struct vmlat_hist *h;
	unsigned int i;

	s = kvmalloc_array(2, sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	vmlat_read_stats(v->cpu, &s[0], &s[1]);
	h = &s[0].hist[v->kind];

	seq_printf(m, "# vmlat-hist v1 hist=%s ", vmlat_hist_names[v->kind]);
	vmlat_print_cpu(m, v->cpu);
	seq_printf(m, "\n# unit=ns period_us=%llu elapsed_ns=%llu\n",
		   READ_ONCE(vmlat_period_ns) / NSEC_PER_USEC,
		   s[0].elapsed_ns);
	seq_printf(m, "# samples=%llu missed=%llu min=%llu max=%llu sum=%llu\n",
		   h->count, s[0].missed, h->count ? h->min : 0, h->max,
		   h->sum);
	seq_puts(m, "# lower_ns upper_ns count\n");
	for (i = 0; i < VMLAT_HIST_BUCKETS; i++)
		if (h->buckets[i])
			seq_printf(m, "%llu %llu %llu\n", vmlat_hist_lower(i),
				   vmlat_hist_upper(i), h->buckets[i]);
	kvfree(s);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vmlat_hist);

/* vmlat_ratio_print - a / b with @decimals decimals, b > 0, no float */
static void vmlat_ratio_print(struct seq_file *m, const char *key, u64 a,
			      u64 b, u32 scale, unsigned int decimals)
{
	u64 q = div64_u64(mul_u64_u32_div(a, scale, 1), b);
	u32 pow = 1;
	unsigned int i;

	for (i = 0; i < decimals; i++)
		pow *= 10;
	seq_printf(m, " %s=%llu.%0*llu", key, div_u64(q, pow), decimals,
		   q % pow);
}

static void vmlat_summary_line(struct seq_file *m, int cpu,
			       const struct vmlat_stats *s,
			       unsigned int active, const char *source,
			       bool have_steal, u64 steal_elapsed_ns)
{
	const struct vmlat_hist *lat = &s->hist[VMLAT_HIST_LATENESS];
	const struct vmlat_hist *st = &s->hist[VMLAT_HIST_STEAL];
	u64 n = lat->count;

	vmlat_print_cpu(m, cpu);
	seq_printf(m, " active=%u samples=%llu missed=%llu elapsed_ns=%llu",
		   active, n, s->missed, s->elapsed_ns);
	seq_printf(m, " min_ns=%llu avg_ns=%llu max_ns=%llu max_at_ns=%llu",
		   n ? lat->min : 0, n ? div64_u64(lat->sum, n) : 0, lat->max,
		   s->max_at_ns);
	seq_printf(m, " self_min_ns=%llu self_avg_ns=%llu self_max_ns=%llu",
		   n ? s->self_min_ns : 0,
		   n ? div64_u64(s->self_sum_ns, n) : 0, s->self_max_ns);
	seq_printf(m, " steal_source=%s", source);
	if (have_steal) {
		seq_printf(m, " steal_ns=%llu", st->sum);
		if (steal_elapsed_ns)
			vmlat_ratio_print(m, "steal_ms_per_s", st->sum,
					  steal_elapsed_ns, 1000000, 3);
		else
			seq_puts(m, " steal_ms_per_s=0.000");
		seq_printf(m, " steal_expiries=%llu stolen_ns=%llu",
			   s->steal_expiries, s->stolen_ns);
		if (lat->sum)
			vmlat_ratio_print(m, "stolen_share", s->stolen_ns,
					  lat->sum, 10000, 4);
		else
			seq_puts(m, " stolen_share=0.0000");
	}
	seq_printf(m, " trace_stops=%llu hardirq_misses=%llu\n",
		   s->trace_stops, s->hardirq_misses);
}

static int vmlat_summary_show(struct seq_file *m, void *unused)
{
	enum vmlat_steal_source common = VMLAT_STEAL_AUTO;
	const char *all_source;
	struct vmlat_stats *s, *total, *steal_total;
	unsigned int cpu, active = 0;
	bool any_steal = false;
	u64 now_ns;

	s = kvmalloc_array(3, sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	total = &s[1];
	steal_total = &s[2];
	vmlat_stats_clear(total);
	vmlat_stats_clear(steal_total);

	seq_puts(m, "# vmlat-summary v1\n");
	seq_printf(m, "# enabled=%d period_us=%llu cpus=%*pbl\n",
		   READ_ONCE(vmlat_enabled),
		   READ_ONCE(vmlat_period_ns) / NSEC_PER_USEC,
		   cpumask_pr_args(&vmlat_cpus_selected));

	now_ns = ktime_get_ns();
	for_each_possible_cpu(cpu) {
		struct vmlat_cpu *vc = per_cpu_ptr(vmlat_cpus, cpu);
		enum vmlat_steal_source src = READ_ONCE(vc->steal.source);
		bool have_steal = src != VMLAT_STEAL_NONE;

		vmlat_cpu_snapshot(vc, s, now_ns);
		vmlat_summary_line(m, cpu, s, s->active,
				   vmlat_steal_name(src), have_steal,
				   s->elapsed_ns);
		vmlat_stats_merge(total, s);
		active += s->active;
		if (have_steal) {
			vmlat_stats_merge(steal_total, s);
			any_steal = true;
		}
		if (common == VMLAT_STEAL_AUTO)
			common = src;
		else if (common != src)
			common = VMLAT_STEAL_AUTO;
	}
	all_source = common == VMLAT_STEAL_AUTO ? "mixed" :
		     vmlat_steal_name(common);

	/*
	 * The steal keys of cpu=all add up the CPUs that have a source, and
	 * steal_ms_per_s is per second those CPUs were sampled.
	 */
	total->hist[VMLAT_HIST_STEAL] = steal_total->hist[VMLAT_HIST_STEAL];
	total->steal_expiries = steal_total->steal_expiries;
	total->stolen_ns = steal_total->stolen_ns;
	vmlat_summary_line(m, VMLAT_ALL_CPUS, total, active, all_source,
			   any_steal, steal_total->elapsed_ns);
	kvfree(s);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vmlat_summary);

static int vmlat_steal_source_show(struct seq_file *m, void *unused)
{
	unsigned int cpu;

	seq_puts(m, "# vmlat-steal-source v1\n");
	for_each_possible_cpu(cpu) {
		const struct vmlat_steal_clock *sc =
			&per_cpu_ptr(vmlat_cpus, cpu)->steal;
		const char *reason = READ_ONCE(sc->reason);

		seq_printf(m, "cpu=%u source=%s reason=%s\n", cpu,
			   vmlat_steal_name(READ_ONCE(sc->source)),
			   reason ? reason : "CPU offline since load");
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vmlat_steal_source);

static void vmlat_debugfs_hists(struct dentry *dir, struct vmlat_view *v,
				int cpu)
{
	unsigned int k;

	for (k = 0; k < VMLAT_NR_HISTS; k++, v++) {
		v->cpu = cpu;
		v->kind = k;
		debugfs_create_file(vmlat_hist_files[k], 0400, dir, v,
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
	vmlat_views = kcalloc((nr_cpu_ids + 1) * VMLAT_NR_HISTS,
			      sizeof(*vmlat_views), GFP_KERNEL);
	if (!vmlat_views)
		return;

	vmlat_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("summary", 0400, vmlat_dir, NULL,
			    &vmlat_summary_fops);
	debugfs_create_file("steal_source", 0400, vmlat_dir, NULL,
			    &vmlat_steal_source_fops);
	vmlat_debugfs_hists(vmlat_dir, vmlat_views, VMLAT_ALL_CPUS);

	percpu = debugfs_create_dir("per_cpu", vmlat_dir);
	for_each_possible_cpu(cpu) {
		struct dentry *d;

		snprintf(name, sizeof(name), "cpu%u", cpu);
		d = debugfs_create_dir(name, percpu);
		vmlat_debugfs_hists(d, vmlat_views + (cpu + 1) * VMLAT_NR_HISTS,
				    cpu);
	}
}

void vmlat_debugfs_exit(void)
{
	/* Waits for readers inside our files, so the views can go next. */
	debugfs_remove_recursive(vmlat_dir);
	vmlat_dir = NULL;
	kfree(vmlat_views);
	vmlat_views = NULL;
}
