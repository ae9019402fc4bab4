// SPDX-License-Identifier: GPL-2.0
/*
 * Output of a snapshot: the rtla-like histogram table, the per-CPU
 * summary table, and their JSON, CSV and Prometheus text forms.
 *
 * Tables use the unit the user chose; JSON and CSV always carry integer
 * nanoseconds and Prometheus seconds, so machines never parse rounding.
 * Every value is formatted with integer arithmetic: what is printed is
 * exactly what the module counted.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "vmlat.h"
#include "../module/vmlat_version.h"

struct vmlat_pct {
	unsigned int	ppm;
	const char	*name;		/* JSON and CSV */
	const char	*label;		/* Prometheus */
};

static const struct vmlat_pct vmlat_pcts[] = {
	{ 500000, "p50", "0.5" },
	{ 900000, "p90", "0.9" },
	{ 990000, "p99", "0.99" },
	{ 999000, "p99.9", "0.999" },
	{ 999900, "p99.99", "0.9999" },
};

#define VMLAT_NR_PCTS	ARRAY_SIZE(vmlat_pcts)

const char *vmlat_unit_name(enum vmlat_unit unit)
{
	return unit == VMLAT_UNIT_NS ? "ns" : unit == VMLAT_UNIT_US ? "us" :
	       "ms";
}

int vmlat_format_value(char *buf, size_t len, unsigned long long ns,
			      enum vmlat_unit unit)
{
	switch (unit) {
	case VMLAT_UNIT_US:
		return snprintf(buf, len, "%llu.%03llu", ns / 1000, ns % 1000);
	case VMLAT_UNIT_MS:
		return snprintf(buf, len, "%llu.%06llu", ns / 1000000,
				ns % 1000000);
	default:
		return snprintf(buf, len, "%llu", ns);
	}
}

void vmlat_print_value(FILE *f, unsigned long long ns, enum vmlat_unit unit)
{
	char buf[32];

	vmlat_format_value(buf, sizeof(buf), ns, unit);
	fputs(buf, f);
}

/* vmlat_print_seconds - ns as an exact decimal number of seconds */
void vmlat_print_seconds(FILE *f, unsigned long long ns)
{
	char frac[16];
	int n;

	n = snprintf(frac, sizeof(frac), "%09llu", ns % 1000000000ULL);
	while (n > 1 && frac[n - 1] == '0')
		frac[--n] = '\0';
	fprintf(f, "%llu.%s", ns / 1000000000ULL, frac);
}

static const char *vmlat_hist_file_title(enum vmlat_hist_kind kind)
{
	switch (kind) {
	case VMLAT_HIST_STEAL:
		return "steal per expiry";
	case VMLAT_HIST_RESIDUAL:
		return "residual lateness (lateness minus its stolen part)";
	default:
		return "timer lateness";
	}
}

/* the histograms shown as columns: selected CPUs with samples, then all */
static int vmlat_hist_columns(const struct vmlat_params *p,
			      const struct vmlat_snapshot *snap,
			      const struct vmlat_hist **cols)
{
	int i, n = 0;

	for (i = 0; i < snap->nr_cpus; i++) {
		const struct vmlat_hist *h = &snap->cpus[i].hist[p->hist_kind];

		if (h->samples || p->with_zeros || p->cpu_mask)
			cols[n++] = h;
	}
	cols[n++] = &snap->all[p->hist_kind];
	return n;
}

/* vmlat_row_range - first and last bucket to print; false if none */
static bool vmlat_row_range(const struct vmlat_hist **cols, int n, int *lo,
			    int *hi)
{
	int c, i;

	*lo = VMLAT_NR_BUCKETS;
	*hi = -1;
	for (c = 0; c < n; c++) {
		for (i = 0; i < VMLAT_NR_BUCKETS; i++) {
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

static void vmlat_table_cell(FILE *f, const struct vmlat_hist *h,
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
				const struct vmlat_hist **cols, int n, FILE *f)
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
	const struct vmlat_hist **cols;
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
					   vmlat_bucket_lower(i), p->unit);
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

/* vmlat_json_hist - one histogram as a JSON object, integers in ns */
void vmlat_json_hist(FILE *f, const struct vmlat_hist *h, const char *indent)
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
	for (i = 0; i < VMLAT_NR_BUCKETS; i++) {
		if (!h->count[i])
			continue;
		fprintf(f, "%s[%llu, %llu, %llu]", first ? "" : ", ",
			vmlat_bucket_lower(i), vmlat_bucket_upper(i),
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
			       const struct vmlat_hist *h, FILE *f)
{
	int i;

	for (i = 0; i < VMLAT_NR_BUCKETS; i++) {
		if (!h->count[i] && !p->with_zeros)
			continue;
		if (h->cpu == VMLAT_CPU_ALL)
			fputs("all", f);
		else
			fprintf(f, "%d", h->cpu);
		fprintf(f, ",%s,%llu,%llu,%llu\n", vmlat_hist_kind_name(h->kind),
			vmlat_bucket_lower(i), vmlat_bucket_upper(i),
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
	int i = vmlat_bucket_index(vmlat_prom_targets_ns[k]);

	return vmlat_bucket_upper(i) == vmlat_prom_targets_ns[k] ? i : i - 1;
}

static void vmlat_prom_labels(FILE *f, const struct vmlat_hist *h,
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
				const struct vmlat_hist *h, bool per_cpu)
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
			 vmlat_bucket_upper(b) / 1000000000ULL,
			 vmlat_bucket_upper(b) % 1000000000ULL);
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
	static const char * const help[VMLAT_NR_HIST] = {
		"How late vmlat's hrtimers fired",
		"Steal time per timer expiry (unknown CPUs without a steal source are left out)",
		"Lateness minus its stolen part",
	};
	char name[64];
	int k, i;

	for (k = 0; k < VMLAT_NR_HIST; k++) {
		if (p->hist_kind_set && k != p->hist_kind)
			continue;
		if (k == VMLAT_HIST_STEAL && !snap->all_has_steal)
			continue;
		snprintf(name, sizeof(name), "vmlat_%s_seconds",
			 vmlat_hist_kind_name(k));
		fprintf(f, "# HELP %s %s.\n# TYPE %s histogram\n", name,
			help[k], name);
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

static void vmlat_fixed(char *buf, size_t len, unsigned long long v,
			unsigned int scale, int decimals)
{
	snprintf(buf, len, "%llu.%0*llu", v / scale, decimals, v % scale);
}

static void vmlat_summary_table_row(const struct vmlat_params *p,
				    const struct vmlat_summary_cpu *c,
				    const struct vmlat_hist *lat, FILE *f)
{
	char buf[32];
	unsigned int k;

	if (c->cpu == VMLAT_CPU_ALL)
		fprintf(f, "%-4s", "all");
	else
		fprintf(f, "%-4d", c->cpu);
	fprintf(f, " %10llu %7llu", c->samples, c->missed);
	if (c->samples)
		vmlat_format_value(buf, sizeof(buf), c->min_ns, p->unit);
	else
		snprintf(buf, sizeof(buf), "-");
	fprintf(f, " %11s", buf);
	for (k = 0; k < VMLAT_NR_PCTS; k++)
		vmlat_table_cell(f, lat, vmlat_percentile(lat,
							  vmlat_pcts[k].ppm),
				 p->unit);
	if (c->samples) {
		vmlat_format_value(buf, sizeof(buf), c->max_ns, p->unit);
		fprintf(f, " %12s", buf);
		snprintf(buf, sizeof(buf), "%llu.%06llu",
			 c->max_at_ns / 1000000000ULL,
			 c->max_at_ns % 1000000000ULL / 1000);
		fprintf(f, " %17s", buf);
	} else {
		fprintf(f, " %12s %17s", "-", "-");
	}
	fprintf(f, " %-8s", c->steal_source);
	if (c->has_steal) {
		vmlat_format_value(buf, sizeof(buf), c->steal_ns, p->unit);
		fprintf(f, " %12s", buf);
		vmlat_fixed(buf, sizeof(buf), c->steal_ms_per_s_milli, 1000, 3);
		fprintf(f, " %10s", buf);
		vmlat_fixed(buf, sizeof(buf), c->stolen_share_e4, 100, 2);
		fprintf(f, " %7s%%", buf);
	} else {
		fprintf(f, " %12s %10s %8s", "-", "-", "-");
	}
	vmlat_format_value(buf, sizeof(buf), c->self_avg_ns, p->unit);
	fprintf(f, " %9s", buf);
	vmlat_format_value(buf, sizeof(buf), c->self_max_ns, p->unit);
	fprintf(f, " %9s", buf);
	vmlat_fixed(buf, sizeof(buf), c->elapsed_ns / 1000000ULL, 1000, 3);
	fprintf(f, " %11s\n", buf);
}

static void vmlat_summary_table(const struct vmlat_params *p,
				const struct vmlat_snapshot *snap, FILE *f)
{
	const char *u = vmlat_unit_name(p->unit);
	int i;

	if (!p->no_header) {
		fprintf(f, "# vmlat summary: times in %s; pNN are bucket upper bounds, at most 1/16 (6.25%%) above the true value (exact below 16 ns); min and max exact\n",
			u);
		fprintf(f, "# enabled=%d period_us=%llu cpus=%s\n",
			snap->summary.enabled, snap->summary.period_us,
			snap->summary.cpus);
		fprintf(f, "%-4s %10s %7s %11s %12s %12s %12s %12s %12s %12s %17s %-8s %12s %10s %8s %9s %9s %11s\n",
			"CPU", "samples", "missed", "min", "p50", "p90", "p99",
			"p99.9", "p99.99", "max", "max_at_s", "source",
			"steal", "steal_ms/s", "stolen", "self_avg",
			"self_max", "sampled_s");
	}
	for (i = 0; i < snap->nr_cpus; i++)
		vmlat_summary_table_row(p, snap->cpus[i].sum,
					&snap->cpus[i].hist[0], f);
	vmlat_summary_table_row(p, &snap->all_sum, &snap->all[0], f);
}

void vmlat_json_summary_cpu(FILE *f, const struct vmlat_summary_cpu *c,
			    const struct vmlat_hist *lat)
{
	char buf[32];
	unsigned int k;

	fputs("    {", f);
	if (c->cpu == VMLAT_CPU_ALL)
		fputs("\"cpu\": \"all\"", f);
	else
		fprintf(f, "\"cpu\": %d", c->cpu);
	fprintf(f, ", \"active\": %llu, \"samples\": %llu, \"missed\": %llu, \"elapsed_ns\": %llu, \"min_ns\": %llu, \"avg_ns\": %llu, \"max_ns\": %llu, \"max_at_ns\": %llu,\n",
		c->active, c->samples, c->missed, c->elapsed_ns, c->min_ns,
		c->avg_ns, c->max_ns, c->max_at_ns);
	fputs("     \"percentiles_ns\": {", f);
	for (k = 0; k < VMLAT_NR_PCTS; k++) {
		fprintf(f, "%s\"%s\": ", k ? ", " : "", vmlat_pcts[k].name);
		if (lat->samples)
			fprintf(f, "%llu", vmlat_percentile(lat,
							    vmlat_pcts[k].ppm));
		else
			fputs("null", f);
	}
	fprintf(f, "},\n     \"self_min_ns\": %llu, \"self_avg_ns\": %llu, \"self_max_ns\": %llu, \"trace_stops\": %llu, \"steal_source\": \"%s\", ",
		c->self_min_ns, c->self_avg_ns, c->self_max_ns, c->trace_stops,
		c->steal_source);
	if (c->has_steal) {
		vmlat_fixed(buf, sizeof(buf), c->steal_ms_per_s_milli, 1000, 3);
		fprintf(f, "\"steal_ns\": %llu, \"steal_ms_per_s\": %s, \"steal_expiries\": %llu, \"stolen_ns\": %llu, ",
			c->steal_ns, buf, c->steal_expiries, c->stolen_ns);
		vmlat_fixed(buf, sizeof(buf), c->stolen_share_e4, 10000, 4);
		fprintf(f, "\"stolen_share\": %s}", buf);
	} else {
		fputs("\"steal_ns\": null, \"steal_ms_per_s\": null, \"steal_expiries\": null, \"stolen_ns\": null, \"stolen_share\": null}",
		      f);
	}
}

static void vmlat_summary_json(const struct vmlat_snapshot *snap, FILE *f)
{
	int i;

	fprintf(f, "{\n  \"vmlat_version\": \"%s\",\n  \"abi\": \"%s\",\n  \"unit\": \"ns\",\n  \"enabled\": %s,\n  \"period_us\": %llu,\n  \"cpus_selected\": \"%s\",\n  \"cpus\": [\n",
		VMLAT_VERSION, VMLAT_ABI_VERSION,
		snap->summary.enabled ? "true" : "false",
		snap->summary.period_us, snap->summary.cpus);
	for (i = 0; i < snap->nr_cpus; i++) {
		vmlat_json_summary_cpu(f, snap->cpus[i].sum,
				       &snap->cpus[i].hist[0]);
		fputs(",\n", f);
	}
	vmlat_json_summary_cpu(f, &snap->all_sum, &snap->all[0]);
	fputs("\n  ]\n}\n", f);
}

static void vmlat_summary_csv_row(const struct vmlat_summary_cpu *c,
				  const struct vmlat_hist *lat, FILE *f)
{
	char buf[32];
	unsigned int k;

	if (c->cpu == VMLAT_CPU_ALL)
		fputs("all", f);
	else
		fprintf(f, "%d", c->cpu);
	fprintf(f, ",%llu,%llu,%llu,%llu,%llu,%llu", c->active, c->samples,
		c->missed, c->elapsed_ns, c->min_ns, c->avg_ns);
	for (k = 0; k < VMLAT_NR_PCTS; k++) {
		if (lat->samples)
			fprintf(f, ",%llu", vmlat_percentile(lat,
							     vmlat_pcts[k].ppm));
		else
			fputc(',', f);
	}
	fprintf(f, ",%llu,%llu,%llu,%llu,%llu,%s", c->max_ns, c->max_at_ns,
		c->self_min_ns, c->self_avg_ns, c->self_max_ns,
		c->steal_source);
	if (c->has_steal) {
		vmlat_fixed(buf, sizeof(buf), c->steal_ms_per_s_milli, 1000, 3);
		fprintf(f, ",%llu,%s,%llu,%llu,", c->steal_ns, buf,
			c->steal_expiries, c->stolen_ns);
		vmlat_fixed(buf, sizeof(buf), c->stolen_share_e4, 10000, 4);
		fputs(buf, f);
	} else {
		fputs(",,,,,", f);
	}
	fprintf(f, ",%llu\n", c->trace_stops);
}

static void vmlat_summary_csv(const struct vmlat_params *p,
			      const struct vmlat_snapshot *snap, FILE *f)
{
	int i;

	if (!p->no_header)
		fputs("cpu,active,samples,missed,elapsed_ns,min_ns,avg_ns,p50_ns,p90_ns,p99_ns,p99.9_ns,p99.99_ns,max_ns,max_at_ns,self_min_ns,self_avg_ns,self_max_ns,steal_source,steal_ns,steal_ms_per_s,steal_expiries,stolen_ns,stolen_share,trace_stops\n",
		      f);
	for (i = 0; i < snap->nr_cpus; i++)
		vmlat_summary_csv_row(snap->cpus[i].sum, &snap->cpus[i].hist[0],
				      f);
	vmlat_summary_csv_row(&snap->all_sum, &snap->all[0], f);
}

static void vmlat_prom_family(FILE *f, const char *name, const char *type,
			      const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void vmlat_prom_sample(FILE *f, const char *name,
			      const struct vmlat_summary_cpu *c,
			      const char *extra, unsigned long long ns,
			      bool seconds)
{
	fputs(name, f);
	if (c->cpu != VMLAT_CPU_ALL || extra) {
		fputc('{', f);
		if (c->cpu != VMLAT_CPU_ALL)
			fprintf(f, "cpu=\"%d\"%s", c->cpu, extra ? "," : "");
		if (extra)
			fputs(extra, f);
		fputc('}', f);
	}
	fputc(' ', f);
	if (seconds)
		vmlat_print_seconds(f, ns);
	else
		fprintf(f, "%llu", ns);
	fputc('\n', f);
}

/*
 * vmlat_summary_prom - the summary as gauges and counters
 *
 * Names do not collide with the histogram families of "vmlat hist --prom",
 * so both outputs can go into one textfile-collector file.
 */
static void vmlat_summary_prom(const struct vmlat_params *p,
			       const struct vmlat_snapshot *snap, FILE *f)
{
	const struct vmlat_summary_cpu **rows;
	const struct vmlat_hist **lats;
	char extra[64], buf[32];
	unsigned int k;
	int n = 0, i;

	rows = calloc(snap->nr_cpus + 1, sizeof(*rows));
	lats = calloc(snap->nr_cpus + 1, sizeof(*lats));
	if (!rows || !lats)
		goto out;
	if (p->per_cpu) {
		for (i = 0; i < snap->nr_cpus; i++) {
			rows[n] = snap->cpus[i].sum;
			lats[n++] = &snap->cpus[i].hist[0];
		}
	} else {
		rows[n] = &snap->all_sum;
		lats[n++] = &snap->all[0];
	}

	vmlat_prom_family(f, "vmlat_samples_total", "counter",
			  "Timer expiries recorded.");
	for (i = 0; i < n; i++)
		vmlat_prom_sample(f, "vmlat_samples_total", rows[i], NULL,
				  rows[i]->samples, false);
	vmlat_prom_family(f, "vmlat_missed_periods_total", "counter",
			  "Timer periods missed because an expiry was more than a period late.");
	for (i = 0; i < n; i++)
		vmlat_prom_sample(f, "vmlat_missed_periods_total", rows[i],
				  NULL, rows[i]->missed, false);
	vmlat_prom_family(f, "vmlat_sampled_seconds_total", "counter",
			  "CPU time sampled since the last reset.");
	for (i = 0; i < n; i++)
		vmlat_prom_sample(f, "vmlat_sampled_seconds_total", rows[i],
				  NULL, rows[i]->elapsed_ns, true);
	vmlat_prom_family(f, "vmlat_active_timers", "gauge",
			  "Sampling timers armed now.");
	for (i = 0; i < n; i++)
		vmlat_prom_sample(f, "vmlat_active_timers", rows[i], NULL,
				  rows[i]->active, false);
	vmlat_prom_family(f, "vmlat_lateness_min_seconds", "gauge",
			  "Smallest lateness since the last reset, exact.");
	for (i = 0; i < n; i++)
		vmlat_prom_sample(f, "vmlat_lateness_min_seconds", rows[i],
				  NULL, rows[i]->min_ns, true);
	vmlat_prom_family(f, "vmlat_lateness_max_seconds", "gauge",
			  "Largest lateness since the last reset, exact.");
	for (i = 0; i < n; i++)
		vmlat_prom_sample(f, "vmlat_lateness_max_seconds", rows[i],
				  NULL, rows[i]->max_ns, true);
	vmlat_prom_family(f, "vmlat_lateness_percentile_seconds", "gauge",
			  "Lateness percentile: bucket upper bound, at most 1/16 above the true value.");
	for (i = 0; i < n; i++) {
		if (!lats[i]->samples)
			continue;
		for (k = 0; k < VMLAT_NR_PCTS; k++) {
			snprintf(extra, sizeof(extra), "percentile=\"%s\"",
				 vmlat_pcts[k].name + 1);
			vmlat_prom_sample(f,
					  "vmlat_lateness_percentile_seconds",
					  rows[i], extra,
					  vmlat_percentile(lats[i],
							   vmlat_pcts[k].ppm),
					  true);
		}
	}
	vmlat_prom_family(f, "vmlat_probe_self_avg_seconds", "gauge",
			  "Average cost of vmlat's timer callback.");
	for (i = 0; i < n; i++)
		vmlat_prom_sample(f, "vmlat_probe_self_avg_seconds", rows[i],
				  NULL, rows[i]->self_avg_ns, true);
	vmlat_prom_family(f, "vmlat_probe_self_max_seconds", "gauge",
			  "Largest cost of vmlat's timer callback.");
	for (i = 0; i < n; i++)
		vmlat_prom_sample(f, "vmlat_probe_self_max_seconds", rows[i],
				  NULL, rows[i]->self_max_ns, true);
	vmlat_prom_family(f, "vmlat_steal_source_info", "gauge",
			  "The steal clock in use (none: steal unknown).");
	for (i = 0; i < n; i++) {
		snprintf(extra, sizeof(extra), "source=\"%s\"",
			 rows[i]->steal_source);
		vmlat_prom_sample(f, "vmlat_steal_source_info", rows[i], extra,
				  1, false);
	}
	vmlat_prom_family(f, "vmlat_steal_ratio", "gauge",
			  "Steal time per second of sampled time since the last reset.");
	for (i = 0; i < n; i++) {
		if (!rows[i]->has_steal)
			continue;
		vmlat_fixed(buf, sizeof(buf), rows[i]->steal_ms_per_s_milli,
			    1000000, 6);
		fputs("vmlat_steal_ratio", f);
		if (rows[i]->cpu != VMLAT_CPU_ALL)
			fprintf(f, "{cpu=\"%d\"}", rows[i]->cpu);
		fprintf(f, " %s\n", buf);
	}
	vmlat_prom_family(f, "vmlat_stolen_ratio", "gauge",
			  "Share of the lateness explained by steal.");
	for (i = 0; i < n; i++) {
		if (!rows[i]->has_steal)
			continue;
		vmlat_fixed(buf, sizeof(buf), rows[i]->stolen_share_e4, 10000,
			    4);
		fputs("vmlat_stolen_ratio", f);
		if (rows[i]->cpu != VMLAT_CPU_ALL)
			fprintf(f, "{cpu=\"%d\"}", rows[i]->cpu);
		fprintf(f, " %s\n", buf);
	}
	vmlat_prom_family(f, "vmlat_trace_stops_total", "counter",
			  "Times stop_tracing_ns stopped the trace.");
	for (i = 0; i < n; i++)
		vmlat_prom_sample(f, "vmlat_trace_stops_total", rows[i], NULL,
				  rows[i]->trace_stops, false);
out:
	free(rows);
	free(lats);
}

int vmlat_output_summary(const struct vmlat_params *p,
			 const struct vmlat_snapshot *snap, FILE *f)
{
	switch (p->format) {
	case VMLAT_FMT_JSON:
		vmlat_summary_json(snap, f);
		break;
	case VMLAT_FMT_CSV:
		vmlat_summary_csv(p, snap, f);
		break;
	case VMLAT_FMT_PROM:
		vmlat_summary_prom(p, snap, f);
		break;
	default:
		vmlat_summary_table(p, snap, f);
		break;
	}
	return 0;
}
