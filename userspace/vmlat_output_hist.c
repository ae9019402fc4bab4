// SPDX-License-Identifier: GPL-2.0
/*
 * A histogram of a snapshot: the rtla-like table (a column per CPU and
 * all, a row per bucket), and its JSON, CSV and Prometheus forms.
 *
 * Tables use the unit the user chose; JSON and CSV always carry integer
 * nanoseconds and Prometheus seconds, so machines never parse rounding.
 */
#include <stdlib.h>
#include <string.h>

#include "vmlat_reader.h"
#include "../abi/vmlat_version.h"

/*
 * What each kind holds: the table's title and the Prometheus help. A
 * stage part's value is its share of each wake-up's lateness.
 */
static const char * const vmlat_hist_titles[VMLAT_NR_KINDS] = {
	[VMLAT_HIST_LATENESS] = "timer lateness",
	[VMLAT_HIST_STEAL] = "steal per expiry",
	[VMLAT_HIST_RESIDUAL] = "residual lateness (lateness minus its stolen part)",
	[VMLAT_HIST_THREAD] = "kernel-thread stage wake-up lateness",
	[VMLAT_HIST_THREAD_IRQ] = "kernel-thread stage wake-up lateness: its irq part",
	[VMLAT_HIST_THREAD_STOLEN] = "kernel-thread stage wake-up lateness: its stolen part",
	[VMLAT_HIST_THREAD_SCHED] = "kernel-thread stage wake-up lateness: its sched part",
	[VMLAT_HIST_USER] = "user stage wake-up lateness",
	[VMLAT_HIST_USER_IRQ] = "user stage wake-up lateness: its irq part",
	[VMLAT_HIST_USER_STOLEN] = "user stage wake-up lateness: its stolen part",
	[VMLAT_HIST_USER_SCHED] = "user stage wake-up lateness: its sched part",
	[VMLAT_HIST_USER_RETURN] = "user stage return to user space and back",
};

static const char *vmlat_hist_file_title(unsigned int kind)
{
	return kind < VMLAT_NR_KINDS ? vmlat_hist_titles[kind] : "?";
}

/* vmlat_kind_stage - the stage of a kind, or -1 for the IRQ stage's */
static int vmlat_kind_stage(unsigned int kind)
{
	if (kind < VMLAT_NR_HISTS)
		return -1;
	return kind < VMLAT_HIST_USER ? VMLAT_STAGE_THREAD : VMLAT_STAGE_USER;
}

/* the histograms shown as columns: selected CPUs with samples, then all */
static int vmlat_hist_columns(const struct vmlat_params *p,
			      const struct vmlat_snapshot *snap,
			      const struct vmlat_hist_file **cols)
{
	int i, n = 0;

	for (i = 0; i < snap->nr_cpus; i++) {
		const struct vmlat_hist_file *h = &snap->cpus[i].hist[p->hist_kind];

		if (h->samples || p->with_zeros || p->cpu_mask)
			cols[n++] = h;
	}
	cols[n++] = &snap->all[p->hist_kind];
	return n;
}

/* vmlat_row_range - first and last bucket to print; false if none */
static bool vmlat_row_range(const struct vmlat_hist_file **cols, int n,
			    int *lo, int *hi)
{
	int c, i;

	*lo = VMLAT_HIST_BUCKETS;
	*hi = -1;
	for (c = 0; c < n; c++) {
		for (i = 0; i < VMLAT_HIST_BUCKETS; i++) {
			if (!cols[c]->count[i])
				continue;
			if (i < *lo)
				*lo = i;
			if (i > *hi)
				*hi = i;
		}
	}
	return *hi >= 0;
}

static void vmlat_table_cell(FILE *f, const struct vmlat_hist_file *h,
			     unsigned long long ns, enum vmlat_unit unit)
{
	char buf[32];

	if (!h->samples)
		snprintf(buf, sizeof(buf), "-");
	else
		vmlat_format_value(buf, sizeof(buf), ns, unit);
	fprintf(f, " %12s", buf);
}

static void vmlat_table_summary(const struct vmlat_params *p,
				const struct vmlat_hist_file **cols, int n,
				FILE *f)
{
	unsigned int k;
	int c;

	fprintf(f, "%-14s", "count:");
	for (c = 0; c < n; c++)
		fprintf(f, " %12llu", cols[c]->samples);
	fprintf(f, "\n%-14s", "missed:");
	for (c = 0; c < n; c++)
		fprintf(f, " %12llu", cols[c]->missed);
	fprintf(f, "\n%-14s", "min:");
	for (c = 0; c < n; c++)
		vmlat_table_cell(f, cols[c], cols[c]->min_ns, p->unit);
	fprintf(f, "\n%-14s", "avg:");
	for (c = 0; c < n; c++)
		vmlat_table_cell(f, cols[c], vmlat_hist_avg(cols[c]), p->unit);
	for (k = 0; k < VMLAT_NR_PCTS; k++) {
		fprintf(f, "\n%s:%*s", vmlat_pcts[k].name,
			(int)(13 - strlen(vmlat_pcts[k].name)), "");
		for (c = 0; c < n; c++)
			vmlat_table_cell(f, cols[c],
					 vmlat_percentile(cols[c],
							  vmlat_pcts[k].ppm),
					 p->unit);
	}
	fprintf(f, "\n%-14s", "max:");
	for (c = 0; c < n; c++)
		vmlat_table_cell(f, cols[c], cols[c]->max_ns, p->unit);
	fputc('\n', f);
}

static void vmlat_hist_table(const struct vmlat_params *p,
			     const struct vmlat_snapshot *snap, FILE *f)
{
	const struct vmlat_hist_file **cols;
	unsigned long long elapsed = 0;
	int n, c, i, lo, hi;
	char idx[32];

	cols = calloc(snap->nr_cpus + 1, sizeof(*cols));
	if (!cols)
		return;
	n = vmlat_hist_columns(p, snap, cols);
	for (c = 0; c < n - 1; c++)
		if (cols[c]->elapsed_ns > elapsed)
			elapsed = cols[c]->elapsed_ns;

	if (!p->no_header) {
		fprintf(f, "# vmlat %s histogram\n",
			vmlat_hist_file_title(p->hist_kind));
		fprintf(f, "# Time unit is %s; Index is the lower bound of a bucket %s wide at most 1/16 of it\n",
			vmlat_unit_name(p->unit),
			"(log-linear buckets, exact below 16 ns),");
		fprintf(f, "# Duration: %llu.%03llu s sampled per CPU (longest), period %llu us\n",
			elapsed / 1000000000ULL,
			elapsed % 1000000000ULL / 1000000ULL,
			snap->all[p->hist_kind].period_us);
		if (p->hist_kind == VMLAT_HIST_STEAL &&
		    (snap->loaded & VMLAT_LOAD_SOURCES) && !snap->all_has_steal)
			fprintf(f, "# Steal source: none: steal is unknown on this machine, not zero\n");
		if (vmlat_kind_stage(p->hist_kind) >= 0 &&
		    !vmlat_stage_shown(snap, vmlat_kind_stage(p->hist_kind)))
			fprintf(f, "# The %s stage has no figures: vmlat set %s=1 turns it on\n",
				vmlat_stage_name(vmlat_kind_stage(p->hist_kind)),
				vmlat_stage_name(vmlat_kind_stage(p->hist_kind)));
		fprintf(f, "%-14s", "Index");
		for (c = 0; c < n - 1; c++)
			fprintf(f, "      CPU-%03d", cols[c]->cpu);
		fprintf(f, " %12s\n", "all");
	}

	if (vmlat_row_range(cols, n, &lo, &hi)) {
		for (i = lo; i <= hi; i++) {
			bool any = false;

			for (c = 0; c < n; c++)
				any |= cols[c]->count[i] != 0;
			if (!any && !p->with_zeros)
				continue;
			vmlat_format_value(idx, sizeof(idx),
					   vmlat_hist_lower(i), p->unit);
			fprintf(f, "%-14s", idx);
			for (c = 0; c < n; c++)
				fprintf(f, " %12llu", cols[c]->count[i]);
			fputc('\n', f);
		}
	}
	if (!p->no_summary)
		vmlat_table_summary(p, cols, n, f);
	free(cols);
}

/**
 * vmlat_json_hist() - one histogram as a JSON object, integers in ns
 * @f: where to
 * @h: the histogram
 * @indent: what starts each of the object's lines
 *
 * Shared by the hist command's JSON and by recordings, so that a
 * recording's final histograms read as the command's do.
 */
void vmlat_json_hist(FILE *f, const struct vmlat_hist_file *h,
		     const char *indent)
{
	unsigned int k;
	bool first = true;
	int i;

	fprintf(f, "%s{", indent);
	if (h->cpu == VMLAT_CPU_ALL)
		fprintf(f, "\"cpu\": \"all\"");
	else
		fprintf(f, "\"cpu\": %d", h->cpu);
	fprintf(f, ", \"hist\": \"%s\", \"period_us\": %llu, \"elapsed_ns\": %llu, \"samples\": %llu, \"missed\": %llu, ",
		vmlat_hist_kind_name(h->kind), h->period_us, h->elapsed_ns,
		h->samples, h->missed);
	fprintf(f, "\"min_ns\": %llu, \"avg_ns\": %llu, \"max_ns\": %llu, \"sum_ns\": %llu,\n%s  \"percentiles_ns\": {",
		h->min_ns, vmlat_hist_avg(h), h->max_ns, h->sum_ns, indent);
	for (k = 0; k < VMLAT_NR_PCTS; k++) {
		fprintf(f, "%s\"%s\": ", k ? ", " : "", vmlat_pcts[k].name);
		if (h->samples)
			fprintf(f, "%llu", vmlat_percentile(h,
							    vmlat_pcts[k].ppm));
		else
			fputs("null", f);
	}
	fprintf(f, "},\n%s  \"buckets\": [", indent);
	for (i = 0; i < VMLAT_HIST_BUCKETS; i++) {
		if (!h->count[i])
			continue;
		fprintf(f, "%s[%llu, %llu, %llu]", first ? "" : ", ",
			vmlat_hist_lower(i), vmlat_hist_upper(i),
			h->count[i]);
		first = false;
	}
	fputs("]}", f);
}

static void vmlat_hist_json(const struct vmlat_params *p,
			    const struct vmlat_snapshot *snap, FILE *f)
{
	int i;

	fprintf(f, "{\n  \"vmlat_version\": \"%s\",\n  \"abi\": \"%s\",\n  \"hist\": \"%s\",\n  \"unit\": \"ns\",\n  \"cpus\": [\n",
		VMLAT_VERSION, VMLAT_ABI_VERSION,
		vmlat_hist_kind_name(p->hist_kind));
	for (i = 0; i < snap->nr_cpus; i++) {
		vmlat_json_hist(f, &snap->cpus[i].hist[p->hist_kind], "    ");
		fputs(",\n", f);
	}
	vmlat_json_hist(f, &snap->all[p->hist_kind], "    ");
	fputs("\n  ]\n}\n", f);
}

static void vmlat_hist_csv_one(const struct vmlat_params *p,
			       const struct vmlat_hist_file *h, FILE *f)
{
	int i;

	for (i = 0; i < VMLAT_HIST_BUCKETS; i++) {
		if (!h->count[i] && !p->with_zeros)
			continue;
		if (h->cpu == VMLAT_CPU_ALL)
			fputs("all", f);
		else
			fprintf(f, "%d", h->cpu);
		fprintf(f, ",%s,%llu,%llu,%llu\n", vmlat_hist_kind_name(h->kind),
			vmlat_hist_lower(i), vmlat_hist_upper(i),
			h->count[i]);
	}
}

static void vmlat_hist_csv(const struct vmlat_params *p,
			   const struct vmlat_snapshot *snap, FILE *f)
{
	int i;

	if (!p->no_header)
		fputs("cpu,hist,lower_ns,upper_ns,count\n", f);
	for (i = 0; i < snap->nr_cpus; i++)
		vmlat_hist_csv_one(p, &snap->cpus[i].hist[p->hist_kind], f);
	vmlat_hist_csv_one(p, &snap->all[p->hist_kind], f);
}

/*
 * The Prometheus le set: 1-2-5 steps from 100 ns to 10 s, each moved down
 * to the nearest bucket upper bound, so every cumulative count is exact.
 */
static const unsigned long long vmlat_prom_targets_ns[] = {
	100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000,
	100000, 200000, 500000, 1000000, 2000000, 5000000,
	10000000, 20000000, 50000000, 100000000, 200000000, 500000000,
	1000000000, 2000000000, 5000000000ULL, 10000000000ULL,
};

#define VMLAT_NR_LE	ARRAY_SIZE(vmlat_prom_targets_ns)

static int vmlat_prom_le_bucket(unsigned int k)
{
	int i = vmlat_hist_index(vmlat_prom_targets_ns[k]);

	return vmlat_hist_upper(i) == vmlat_prom_targets_ns[k] ? i : i - 1;
}

static void vmlat_prom_labels(FILE *f, const struct vmlat_hist_file *h,
			      bool per_cpu, const char *le)
{
	if (!per_cpu && !le)
		return;
	fputc('{', f);
	if (per_cpu)
		fprintf(f, "cpu=\"%d\"%s", h->cpu, le ? "," : "");
	if (le)
		fprintf(f, "le=\"%s\"", le);
	fputc('}', f);
}

static void vmlat_prom_hist_one(FILE *f, const char *name,
				const struct vmlat_hist_file *h, bool per_cpu)
{
	unsigned long long cum = 0;
	unsigned int k;
	char le[40];
	int i = 0, b;

	for (k = 0; k < VMLAT_NR_LE; k++) {
		b = vmlat_prom_le_bucket(k);
		for (; i <= b; i++)
			cum += h->count[i];
		snprintf(le, sizeof(le), "%llu.%09llu",
			 vmlat_hist_upper(b) / 1000000000ULL,
			 vmlat_hist_upper(b) % 1000000000ULL);
		fprintf(f, "%s_bucket", name);
		vmlat_prom_labels(f, h, per_cpu, le);
		fprintf(f, " %llu\n", cum);
	}
	fprintf(f, "%s_bucket", name);
	vmlat_prom_labels(f, h, per_cpu, "+Inf");
	fprintf(f, " %llu\n%s_sum", h->samples, name);
	vmlat_prom_labels(f, h, per_cpu, NULL);
	fputc(' ', f);
	vmlat_print_seconds(f, h->sum_ns);
	fprintf(f, "\n%s_count", name);
	vmlat_prom_labels(f, h, per_cpu, NULL);
	fprintf(f, " %llu\n", h->samples);
}

static void vmlat_hist_prom(const struct vmlat_params *p,
			    const struct vmlat_snapshot *snap, FILE *f)
{
	static const char * const help[VMLAT_NR_HISTS] = {
		"How late vmlat's hrtimers fired",
		"Steal time per timer expiry (unknown CPUs without a steal source are left out)",
		"Lateness minus its stolen part",
	};
	char name[64];
	int k, i;

	for (k = 0; k < VMLAT_NR_KINDS; k++) {
		if (p->hist_kind_set && k != p->hist_kind)
			continue;
		if (!(snap->kinds & (1U << k)))
			continue;
		if (k == VMLAT_HIST_STEAL && !snap->all_has_steal)
			continue;
		/* a stage's families only while it has figures, or asked for */
		if (!p->hist_kind_set && vmlat_kind_stage(k) >= 0 &&
		    !vmlat_stage_shown(snap, vmlat_kind_stage(k)))
			continue;
		snprintf(name, sizeof(name), "vmlat_%s_seconds",
			 vmlat_hist_kind_name(k));
		if (k < VMLAT_NR_HISTS)
			fprintf(f, "# HELP %s %s.\n", name, help[k]);
		else
			fprintf(f, "# HELP %s vmlat's %s.\n", name,
				vmlat_hist_file_title(k));
		fprintf(f, "# TYPE %s histogram\n", name);
		if (!p->per_cpu) {
			vmlat_prom_hist_one(f, name, &snap->all[k], false);
			continue;
		}
		for (i = 0; i < snap->nr_cpus; i++) {
			if (k == VMLAT_HIST_STEAL &&
			    !vmlat_cpu_has_steal(&snap->cpus[i]))
				continue;
			vmlat_prom_hist_one(f, name, &snap->cpus[i].hist[k],
					    true);
		}
	}
}

/**
 * vmlat_output_hist() - the hist command's output, in the format asked for
 * @p: the options: --hist, the format and the table's options
 * @snap: the snapshot, with the histograms they need loaded
 * @f: where to
 *
 * Return: 0.
 */
int vmlat_output_hist(const struct vmlat_params *p,
		      const struct vmlat_snapshot *snap, FILE *f)
{
	switch (p->format) {
	case VMLAT_FMT_JSON:
		vmlat_hist_json(p, snap, f);
		break;
	case VMLAT_FMT_CSV:
		vmlat_hist_csv(p, snap, f);
		break;
	case VMLAT_FMT_PROM:
		vmlat_hist_prom(p, snap, f);
		break;
	default:
		vmlat_hist_table(p, snap, f);
		break;
	}
	return 0;
}
