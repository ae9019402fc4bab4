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

static const char *vmlat_hist_file_title(unsigned int kind)
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
static bool vmlat_row_range(const struct vmlat_hist_file **cols, int n, int *lo,
			    int *hi)
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
				const struct vmlat_hist_file **cols, int n, FILE *f)
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

/* vmlat_json_hist - one histogram as a JSON object, integers in ns */
void vmlat_json_hist(FILE *f, const struct vmlat_hist_file *h, const char *indent)
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

	for (k = 0; k < VMLAT_NR_HISTS; k++) {
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

/* vmlat_fixed - @v / @scale with @decimals digits after the point */
static void vmlat_fixed(char *buf, size_t len, unsigned long long v,
			unsigned int decimals)
{
	unsigned long long scale = 1;
	unsigned int i;

	for (i = 0; i < decimals; i++)
		scale *= 10;
	if (!decimals)
		snprintf(buf, len, "%llu", v);
	else
		snprintf(buf, len, "%llu.%0*llu", v / scale,
			 (int)(decimals & 15), v % scale);
}

/* vmlat_has_key - is key @k known on this line? */
static bool vmlat_has_key(const struct vmlat_summary_cpu *c, unsigned int k)
{
	return c->seen & VMLAT_KEY_BIT(k) &&
	       (c->has_steal || !(vmlat_keys[k].flags & VMLAT_KF_STEAL));
}

/* vmlat_key_text - key @k of @c as the module prints it; false if unknown */
static bool vmlat_key_text(char *buf, size_t len,
			   const struct vmlat_summary_cpu *c, unsigned int k)
{
	const struct vmlat_key *key = &vmlat_keys[k];

	if (!vmlat_has_key(c, k))
		return false;
	if (key->rule == VMLAT_KEY_CPU && c->cpu == VMLAT_CPU_ALL)
		snprintf(buf, len, "all");
	else if (key->rule == VMLAT_KEY_CPU)
		snprintf(buf, len, "%d", c->cpu);
	else if (key->rule == VMLAT_KEY_SOURCE)
		snprintf(buf, len, "%s", c->steal_source);
	else
		vmlat_fixed(buf, len, c->v[k],
			    key->rule == VMLAT_KEY_RATIO ? key->decimals : 0);
	return true;
}

/*
 * The summary table: a column a figure, from the keys of abi/ and the
 * percentiles of the lateness histogram. Time columns are in --unit; a
 * figure that is unknown (no samples, no steal data) shows "-".
 */
enum vmlat_cell {
	CELL_COUNT,	/* an integer */
	CELL_TIME,	/* ns in --unit */
	CELL_PCT,	/* a percentile of the lateness histogram, in --unit */
	CELL_SECONDS,	/* ns as s, @decimals of them */
	CELL_TEXT,	/* a string, left-aligned */
	CELL_FIXED,	/* fixed-point as printed by the module */
	CELL_PERCENT,	/* a share (4 decimals) as a percentage */
};

struct vmlat_column {
	const char	*head;
	unsigned char	width;
	unsigned char	key;		/* or, for CELL_PCT, the percentile */
	unsigned char	cell;
	unsigned char	decimals;	/* CELL_SECONDS */
	bool		sampled;	/* "-" while samples=0 */
};

static const struct vmlat_column vmlat_columns[] = {
	{ "samples", 10, VMLAT_K_SAMPLES, CELL_COUNT, 0, false },
	{ "missed", 7, VMLAT_K_MISSED, CELL_COUNT, 0, false },
	{ "min", 11, VMLAT_K_MIN, CELL_TIME, 0, true },
	{ "p50", 12, 0, CELL_PCT, 0, false },
	{ "p90", 12, 1, CELL_PCT, 0, false },
	{ "p99", 12, 2, CELL_PCT, 0, false },
	{ "p99.9", 12, 3, CELL_PCT, 0, false },
	{ "p99.99", 12, 4, CELL_PCT, 0, false },
	{ "max", 12, VMLAT_K_MAX, CELL_TIME, 0, true },
	{ "max_at_s", 17, VMLAT_K_MAX_AT, CELL_SECONDS, 6, true },
	{ "source", 8, VMLAT_K_SOURCE, CELL_TEXT, 0, false },
	{ "steal", 12, VMLAT_K_STEAL, CELL_TIME, 0, false },
	{ "steal_ms/s", 10, VMLAT_K_STEAL_RATE, CELL_FIXED, 0, false },
	{ "stolen", 8, VMLAT_K_STOLEN_SHARE, CELL_PERCENT, 0, false },
	{ "self_avg", 9, VMLAT_K_SELF_AVG, CELL_TIME, 0, false },
	{ "self_max", 9, VMLAT_K_SELF_MAX, CELL_TIME, 0, false },
	{ "sampled_s", 11, VMLAT_K_ELAPSED, CELL_SECONDS, 3, false },
};

static void vmlat_table_text(char *buf, size_t len,
			     const struct vmlat_params *p,
			     const struct vmlat_column *col,
			     const struct vmlat_summary_cpu *c,
			     const struct vmlat_hist_file *lat)
{
	unsigned long long v = c->v[col->key], scale = 1000000000ULL;
	unsigned int i;

	if (col->cell == CELL_PCT) {
		if (lat->samples)
			vmlat_format_value(buf, len, vmlat_percentile(lat,
					   vmlat_pcts[col->key].ppm), p->unit);
		return;
	}
	if ((col->sampled && !c->v[VMLAT_K_SAMPLES]) ||
	    !vmlat_key_text(buf, len, c, col->key))
		return;
	switch (col->cell) {
	case CELL_TIME:
		vmlat_format_value(buf, len, v, p->unit);
		break;
	case CELL_SECONDS:
		for (i = 0; i < col->decimals; i++)
			scale /= 10;
		vmlat_fixed(buf, len, v / scale, col->decimals);
		break;
	case CELL_PERCENT:
		vmlat_fixed(buf, len, v, 2);
		strncat(buf, "%", len - strlen(buf) - 1);
		break;
	}
}

static void vmlat_summary_table_row(const struct vmlat_params *p,
				    const struct vmlat_summary_cpu *c,
				    const struct vmlat_hist_file *lat, FILE *f)
{
	const struct vmlat_column *col;
	char buf[48];

	vmlat_key_text(buf, sizeof(buf), c, VMLAT_K_CPU);
	fprintf(f, "%-4s", buf);
	for (col = vmlat_columns; col < vmlat_columns + ARRAY_SIZE(vmlat_columns);
	     col++) {
		snprintf(buf, sizeof(buf), "-");
		vmlat_table_text(buf, sizeof(buf), p, col, c, lat);
		fprintf(f, col->cell == CELL_TEXT ? " %-*s" : " %*s",
			col->width, buf);
	}
	fputc('\n', f);
}

static void vmlat_summary_table(const struct vmlat_params *p,
				const struct vmlat_snapshot *snap, FILE *f)
{
	const struct vmlat_column *col;
	int i;

	if (!p->no_header) {
		fprintf(f, "# vmlat summary: times in %s; pNN are bucket upper bounds, at most 1/16 (6.25%%) above the true value (exact below 16 ns); min and max exact\n",
			vmlat_unit_name(p->unit));
		fprintf(f, "# enabled=%d period_us=%llu cpus=%s\n",
			snap->summary.enabled, snap->summary.period_us,
			snap->summary.cpus);
		fprintf(f, "%-4s", "CPU");
		for (col = vmlat_columns;
		     col < vmlat_columns + ARRAY_SIZE(vmlat_columns); col++)
			fprintf(f, col->cell == CELL_TEXT ? " %-*s" : " %*s",
				col->width, col->head);
		fputc('\n', f);
	}
	for (i = 0; i < snap->nr_cpus; i++)
		vmlat_summary_table_row(p, snap->cpus[i].sum,
					&snap->cpus[i].hist[0], f);
	vmlat_summary_table_row(p, &snap->all_sum, &snap->all[0], f);
}

/*
 * JSON and CSV carry every key of abi/ in its order, integers in ns and
 * fixed-point numbers as the module prints them; the percentiles go after
 * max_at_ns (JSON, an object) or avg_ns (CSV, a column each). A key the
 * line does not have is null (JSON) or empty (CSV).
 */
#define VMLAT_JSON_PCTS_AFTER	VMLAT_K_MAX_AT
#define VMLAT_CSV_PCTS_AFTER	VMLAT_K_AVG

static void vmlat_json_pcts(FILE *f, const struct vmlat_hist_file *lat)
{
	unsigned int k;

	fputs(", \"percentiles_ns\": {", f);
	for (k = 0; k < VMLAT_NR_PCTS; k++) {
		fprintf(f, "%s\"%s\": ", k ? ", " : "", vmlat_pcts[k].name);
		if (lat->samples)
			fprintf(f, "%llu", vmlat_percentile(lat,
							    vmlat_pcts[k].ppm));
		else
			fputs("null", f);
	}
	fputc('}', f);
}

void vmlat_json_summary_cpu(FILE *f, const struct vmlat_summary_cpu *c,
			    const struct vmlat_hist_file *lat)
{
	const struct vmlat_key *key;
	char buf[48];
	unsigned int k;

	fputs("    {", f);
	for (k = 0; k < VMLAT_NR_KEYS; k++) {
		key = &vmlat_keys[k];
		fprintf(f, "%s\"%s\": ", k ? ", " : "", key->name);
		if (!vmlat_key_text(buf, sizeof(buf), c, k))
			fputs("null", f);
		else if (key->rule == VMLAT_KEY_SOURCE ||
			 (key->rule == VMLAT_KEY_CPU && c->cpu == VMLAT_CPU_ALL))
			fprintf(f, "\"%s\"", buf);
		else
			fputs(buf, f);
		if (k == VMLAT_JSON_PCTS_AFTER)
			vmlat_json_pcts(f, lat);
	}
	fputc('}', f);
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
				  const struct vmlat_hist_file *lat, FILE *f)
{
	char buf[48];
	unsigned int k, i;

	for (k = 0; k < VMLAT_NR_KEYS; k++) {
		if (k)
			fputc(',', f);
		if (vmlat_key_text(buf, sizeof(buf), c, k))
			fputs(buf, f);
		if (k != VMLAT_CSV_PCTS_AFTER)
			continue;
		for (i = 0; i < VMLAT_NR_PCTS; i++) {
			fputc(',', f);
			if (lat->samples)
				fprintf(f, "%llu", vmlat_percentile(lat,
						vmlat_pcts[i].ppm));
		}
	}
	fputc('\n', f);
}

static void vmlat_summary_csv(const struct vmlat_params *p,
			      const struct vmlat_snapshot *snap, FILE *f)
{
	unsigned int k, i;
	int c;

	for (k = 0; k < VMLAT_NR_KEYS && !p->no_header; k++) {
		fprintf(f, "%s%s", k ? "," : "", vmlat_keys[k].name);
		for (i = 0; k == VMLAT_CSV_PCTS_AFTER && i < VMLAT_NR_PCTS; i++)
			fprintf(f, ",%s_ns", vmlat_pcts[i].name);
	}
	if (!p->no_header)
		fputc('\n', f);
	for (c = 0; c < snap->nr_cpus; c++)
		vmlat_summary_csv_row(snap->cpus[c].sum, &snap->cpus[c].hist[0],
				      f);
	vmlat_summary_csv_row(&snap->all_sum, &snap->all[0], f);
}

/*
 * The summary in Prometheus: one family a key worth a series, counters
 * and gauges, in seconds where the key is in ns. Names do not collide
 * with the histogram families of "vmlat hist --prom", so both outputs can
 * go into one textfile-collector file.
 */
enum vmlat_prom_kind {
	PROM_KEY,	/* the key's value, @shift more decimals */
	PROM_SECONDS,	/* the key's ns, as seconds */
	PROM_PCTS,	/* the lateness percentiles, a label each */
	PROM_SOURCE,	/* 1, labelled with the steal source */
};

struct vmlat_prom_family {
	const char	*name;
	const char	*type;
	const char	*help;
	unsigned char	key;
	unsigned char	kind;
	unsigned char	shift;
};

static const struct vmlat_prom_family vmlat_prom_families[] = {
	{ "vmlat_samples_total", "counter", "Timer expiries recorded.",
	  VMLAT_K_SAMPLES, PROM_KEY, 0 },
	{ "vmlat_missed_periods_total", "counter",
	  "Timer periods missed because an expiry was more than a period late.",
	  VMLAT_K_MISSED, PROM_KEY, 0 },
	{ "vmlat_sampled_seconds_total", "counter",
	  "CPU time sampled since the last reset.",
	  VMLAT_K_ELAPSED, PROM_SECONDS, 0 },
	{ "vmlat_active_timers", "gauge", "Sampling timers armed now.",
	  VMLAT_K_ACTIVE, PROM_KEY, 0 },
	{ "vmlat_lateness_min_seconds", "gauge",
	  "Smallest lateness since the last reset, exact.",
	  VMLAT_K_MIN, PROM_SECONDS, 0 },
	{ "vmlat_lateness_max_seconds", "gauge",
	  "Largest lateness since the last reset, exact.",
	  VMLAT_K_MAX, PROM_SECONDS, 0 },
	{ "vmlat_lateness_percentile_seconds", "gauge",
	  "Lateness percentile: bucket upper bound, at most 1/16 above the true value.",
	  0, PROM_PCTS, 0 },
	{ "vmlat_probe_self_avg_seconds", "gauge",
	  "Average cost of vmlat's timer callback.",
	  VMLAT_K_SELF_AVG, PROM_SECONDS, 0 },
	{ "vmlat_probe_self_max_seconds", "gauge",
	  "Largest cost of vmlat's timer callback.",
	  VMLAT_K_SELF_MAX, PROM_SECONDS, 0 },
	{ "vmlat_steal_source_info", "gauge",
	  "The steal clock in use (none: steal unknown).",
	  VMLAT_K_SOURCE, PROM_SOURCE, 0 },
	{ "vmlat_steal_ratio", "gauge",
	  "Steal time per second of sampled time since the last reset.",
	  VMLAT_K_STEAL_RATE, PROM_KEY, 3 },
	{ "vmlat_stolen_ratio", "gauge",
	  "Share of the lateness explained by steal.",
	  VMLAT_K_STOLEN_SHARE, PROM_KEY, 0 },
	{ "vmlat_trace_stops_total", "counter",
	  "Times stop_tracing_ns stopped the trace.",
	  VMLAT_K_TRACE_STOPS, PROM_KEY, 0 },
	{ "vmlat_steal_stale_reads_total", "counter",
	  "Expiries whose read of the steal clock gave up.",
	  VMLAT_K_STALE_READS, PROM_KEY, 0 },
	{ "vmlat_hardirq_misses_total", "counter",
	  "Timer callbacks that did not run in hard-IRQ context.",
	  VMLAT_K_HARDIRQ_MISSES, PROM_KEY, 0 },
	{ "vmlat_snapshot_ipis_total", "counter",
	  "Reads that had to ask the measured CPU for its statistics by IPI.",
	  VMLAT_K_SNAPSHOT_IPIS, PROM_KEY, 0 },
};

static void vmlat_prom_sample(FILE *f, const char *name,
			      const struct vmlat_summary_cpu *c,
			      const char *extra)
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
}

static void vmlat_prom_family_rows(FILE *f,
				   const struct vmlat_prom_family *fam,
				   const struct vmlat_summary_cpu *c,
				   const struct vmlat_hist_file *lat)
{
	const struct vmlat_key *key = &vmlat_keys[fam->key];
	char extra[64], buf[48];
	unsigned int k;

	switch (fam->kind) {
	case PROM_PCTS:
		for (k = 0; lat->samples && k < VMLAT_NR_PCTS; k++) {
			snprintf(extra, sizeof(extra), "percentile=\"%s\"",
				 vmlat_pcts[k].name + 1);
			vmlat_prom_sample(f, fam->name, c, extra);
			vmlat_print_seconds(f, vmlat_percentile(lat,
							vmlat_pcts[k].ppm));
			fputc('\n', f);
		}
		return;
	case PROM_SOURCE:
		snprintf(extra, sizeof(extra), "source=\"%s\"", c->steal_source);
		vmlat_prom_sample(f, fam->name, c, extra);
		fputs("1\n", f);
		return;
	}
	if (!vmlat_has_key(c, fam->key))
		return;
	vmlat_prom_sample(f, fam->name, c, NULL);
	if (fam->kind == PROM_SECONDS) {
		vmlat_print_seconds(f, c->v[fam->key]);
	} else {
		vmlat_fixed(buf, sizeof(buf), c->v[fam->key], fam->shift +
			    (key->rule == VMLAT_KEY_RATIO ? key->decimals : 0));
		fputs(buf, f);
	}
	fputc('\n', f);
}

static void vmlat_summary_prom(const struct vmlat_params *p,
			       const struct vmlat_snapshot *snap, FILE *f)
{
	const struct vmlat_prom_family *fam;
	int i;

	for (fam = vmlat_prom_families;
	     fam < vmlat_prom_families + ARRAY_SIZE(vmlat_prom_families);
	     fam++) {
		fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", fam->name,
			fam->help, fam->name, fam->type);
		if (!p->per_cpu) {
			vmlat_prom_family_rows(f, fam, &snap->all_sum,
					       &snap->all[0]);
			continue;
		}
		for (i = 0; i < snap->nr_cpus; i++)
			vmlat_prom_family_rows(f, fam, snap->cpus[i].sum,
					       &snap->cpus[i].hist[0]);
	}
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
