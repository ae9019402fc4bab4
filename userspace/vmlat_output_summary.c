// SPDX-License-Identifier: GPL-2.0
/*
 * The summary of a snapshot: a table, JSON, CSV and Prometheus, each
 * made from abi/'s summary keys (vmlat_summary.h) by a table of its own
 * (columns, families), so a key added there reaches every format.
 */
#include <string.h>

#include "vmlat_reader.h"
#include "../abi/vmlat_version.h"

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
		snprintf(buf, len, VMLAT_CPU_ALL_NAME);
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
	/* the residual by cause (docs/steal.md): host, guest, undetermined */
	{ "unrep", 8, VMLAT_K_UNREPORTED_SHARE, CELL_PERCENT, 0, false },
	{ "guest", 8, VMLAT_K_GUEST_SHARE, CELL_PERCENT, 0, false },
	{ "undet", 8, VMLAT_K_UNDETERMINED_SHARE, CELL_PERCENT, 0, false },
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
	vmlat_summary_stage_tables(p, snap, f);
}

/*
 * JSON and CSV carry every key of abi/ in its order, integers in ns and
 * fixed-point numbers as the module prints them, but a wake-up stage's keys
 * only when some line has them, so that a summary without stage figures
 * gives no empty stage columns. The percentiles of the lateness histogram
 * go after max_at_ns (JSON, an object) or avg_ns (CSV, a column each), a
 * stage's after its max (JSON) or avg (CSV). A key the line does not have
 * is null (JSON) or empty (CSV).
 */
static const struct {
	unsigned char	json_after;
	unsigned char	csv_after;
	unsigned char	kind;
} vmlat_pcts_at[] = {
	{ VMLAT_K_MAX_AT, VMLAT_K_AVG, VMLAT_HIST_LATENESS },
	{ VMLAT_K_THREAD_MAX, VMLAT_K_THREAD_AVG, VMLAT_HIST_THREAD },
	{ VMLAT_K_USER_MAX, VMLAT_K_USER_AVG, VMLAT_HIST_USER },
};

/* vmlat_pcts_after - the histogram kind whose percentiles follow key @k */
static int vmlat_pcts_after(unsigned int k, bool csv)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vmlat_pcts_at); i++)
		if (k == (csv ? vmlat_pcts_at[i].csv_after :
			  vmlat_pcts_at[i].json_after))
			return vmlat_pcts_at[i].kind;
	return -1;
}

/* "", or "thread_": what a stage's percentile names start with */
static const char *vmlat_pcts_prefix(unsigned int kind)
{
	return kind == VMLAT_HIST_THREAD ? "thread_" :
	       kind == VMLAT_HIST_USER ? "user_" : "";
}

/* vmlat_key_shown - does output of @snap carry key @k at all? */
static bool vmlat_key_shown(const struct vmlat_snapshot *snap, unsigned int k)
{
	unsigned int s;

	for (s = 0; s < VMLAT_NR_STAGES; s++)
		if (vmlat_keys[k].flags & vmlat_stage_flag(s))
			return vmlat_stage_shown(snap, s);
	return true;
}

/* vmlat_pcts_known - @h (a CPU's histograms) has kind @kind with samples */
static bool vmlat_pcts_known(const struct vmlat_snapshot *snap,
			     const struct vmlat_hist_file *h, unsigned int kind)
{
	return (snap->kinds & (1U << kind)) && h[kind].samples;
}

static void vmlat_json_pcts(FILE *f, const struct vmlat_snapshot *snap,
			    const struct vmlat_hist_file *h, unsigned int kind)
{
	unsigned int k;

	fprintf(f, ", \"%spercentiles_ns\": {", vmlat_pcts_prefix(kind));
	for (k = 0; k < VMLAT_NR_PCTS; k++) {
		fprintf(f, "%s\"%s\": ", k ? ", " : "", vmlat_pcts[k].name);
		if (vmlat_pcts_known(snap, h, kind))
			fprintf(f, "%llu", vmlat_percentile(&h[kind],
							    vmlat_pcts[k].ppm));
		else
			fputs("null", f);
	}
	fputc('}', f);
}

/* vmlat_causes_slot_name - "irq" or a wake-up stage's name */
static const char *vmlat_causes_slot_name(unsigned int slot)
{
	return slot ? vmlat_stage_name(slot - 1) : VMLAT_CAUSES_STAGE_IRQ;
}

/*
 * vmlat_json_causes - a line's lines of causes, where read: "causes",
 * an object by stage with the file's keys
 */
static void vmlat_json_causes(FILE *f, const struct vmlat_summary_cpu *c)
{
	unsigned int slot, k;
	bool first = true;

	for (slot = 0; slot < VMLAT_CAUSES_SLOTS; slot++) {
		if (!c->causes[slot])
			continue;
		fprintf(f, "%s\"%s\": {", first ? ", \"causes\": {" : ", ",
			vmlat_causes_slot_name(slot));
		first = false;
		for (k = VMLAT_CK_SAMPLES; k < VMLAT_NR_CAUSES_KEYS; k++)
			fprintf(f, "%s\"%s\": %llu",
				k > VMLAT_CK_SAMPLES ? ", " : "",
				vmlat_causes_keys[k], c->causes[slot]->v[k]);
		fputc('}', f);
	}
	if (!first)
		fputc('}', f);
}

/**
 * vmlat_json_summary_cpu() - one summary line as a JSON object
 * @f: where to
 * @snap: the snapshot: which stages it shows, which histograms it read
 * @c: the line
 * @h: the line's histograms, by kind (a CPU's, or all)
 */
void vmlat_json_summary_cpu(FILE *f, const struct vmlat_snapshot *snap,
			    const struct vmlat_summary_cpu *c,
			    const struct vmlat_hist_file *h)
{
	const struct vmlat_key *key;
	char buf[48];
	unsigned int k;
	int kind;

	fputs("    {", f);
	for (k = 0; k < VMLAT_NR_KEYS; k++) {
		key = &vmlat_keys[k];
		if (!vmlat_key_shown(snap, k))
			continue;
		fprintf(f, "%s\"%s\": ", k ? ", " : "", key->name);
		if (!vmlat_key_text(buf, sizeof(buf), c, k))
			fputs("null", f);
		else if (key->rule == VMLAT_KEY_SOURCE ||
			 (key->rule == VMLAT_KEY_CPU && c->cpu == VMLAT_CPU_ALL))
			fprintf(f, "\"%s\"", buf);
		else
			fputs(buf, f);
		kind = vmlat_pcts_after(k, false);
		if (kind >= 0)
			vmlat_json_pcts(f, snap, h, kind);
	}
	vmlat_json_causes(f, c);
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
		vmlat_json_summary_cpu(f, snap, snap->cpus[i].sum,
				       snap->cpus[i].hist);
		fputs(",\n", f);
	}
	vmlat_json_summary_cpu(f, snap, &snap->all_sum, snap->all);
	fputs("\n  ]\n}\n", f);
}

/*
 * vmlat_csv_causes_shown - does the CSV carry @stage's causes? Where the
 * module has causes, for every stage shown: a CPU without the stage's
 * line has empty cells
 */
static bool vmlat_csv_causes_shown(const struct vmlat_snapshot *snap,
				   unsigned int stage)
{
	return snap->causes.nr && vmlat_stage_shown(snap, stage);
}

/*
 * vmlat_csv_causes - after the summary's keys, each wake-up stage's rest
 * of the irq part by cause (the expiries' are the summary's keys):
 * the header's names, or @c's values
 */
static void vmlat_csv_causes(const struct vmlat_snapshot *snap,
			     const struct vmlat_summary_cpu *c, FILE *f)
{
	const struct vmlat_causes_row *r;
	unsigned int s, k;

	for (s = 0; s < VMLAT_NR_STAGES; s++) {
		if (!vmlat_csv_causes_shown(snap, s))
			continue;
		r = c ? c->causes[1 + s] : NULL;
		for (k = VMLAT_CK_UNREPORTED; k <= VMLAT_CK_UNDETERMINED; k++) {
			if (!c)
				fprintf(f, ",%s_%s", vmlat_stage_name(s),
					vmlat_causes_keys[k]);
			else if (r)
				fprintf(f, ",%llu", r->v[k]);
			else
				fputc(',', f);
		}
	}
}

static void vmlat_summary_csv_row(const struct vmlat_snapshot *snap,
				  const struct vmlat_summary_cpu *c,
				  const struct vmlat_hist_file *h, FILE *f)
{
	char buf[48];
	unsigned int k, i;
	int kind;

	for (k = 0; k < VMLAT_NR_KEYS; k++) {
		if (!vmlat_key_shown(snap, k))
			continue;
		if (k)
			fputc(',', f);
		if (vmlat_key_text(buf, sizeof(buf), c, k))
			fputs(buf, f);
		kind = vmlat_pcts_after(k, true);
		for (i = 0; kind >= 0 && i < VMLAT_NR_PCTS; i++) {
			fputc(',', f);
			if (vmlat_pcts_known(snap, h, kind))
				fprintf(f, "%llu", vmlat_percentile(&h[kind],
						vmlat_pcts[i].ppm));
		}
	}
	vmlat_csv_causes(snap, c, f);
	fputc('\n', f);
}

static void vmlat_summary_csv(const struct vmlat_params *p,
			      const struct vmlat_snapshot *snap, FILE *f)
{
	unsigned int k, i;
	int c, kind;

	for (k = 0; k < VMLAT_NR_KEYS && !p->no_header; k++) {
		if (!vmlat_key_shown(snap, k))
			continue;
		fprintf(f, "%s%s", k ? "," : "", vmlat_keys[k].name);
		kind = vmlat_pcts_after(k, true);
		for (i = 0; kind >= 0 && i < VMLAT_NR_PCTS; i++)
			fprintf(f, ",%s%s_ns", vmlat_pcts_prefix(kind),
				vmlat_pcts[i].name);
	}
	if (!p->no_header) {
		vmlat_csv_causes(snap, NULL, f);
		fputc('\n', f);
	}
	for (c = 0; c < snap->nr_cpus; c++)
		vmlat_summary_csv_row(snap, snap->cpus[c].sum,
				      snap->cpus[c].hist, f);
	vmlat_summary_csv_row(snap, &snap->all_sum, snap->all, f);
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

/*
 * struct vmlat_prom_family - a series of a family: rows of one family are
 * adjacent, the first names its type and help, @label (a stage's rows)
 * tells its series apart; @flags, a stage's VMLAT_KF_*: shown only while
 * that stage has figures. @key is the key, or for PROM_PCTS the
 * histogram kind.
 */
struct vmlat_prom_family {
	const char	*name;
	const char	*type;
	const char	*help;
	unsigned char	key;
	unsigned char	kind;
	unsigned char	shift;
	unsigned char	flags;
	const char	*label;
};

#define TH	VMLAT_KF_THREAD
#define US	VMLAT_KF_USER
#define THL	"stage=\"thread\""
#define USL	"stage=\"user\""

#define VMLAT_PROM_STAGE_RESIDUAL	"vmlat_stage_residual_seconds_total"

static const struct vmlat_prom_family vmlat_prom_families[] = {
	{ "vmlat_samples_total", "counter", "Timer expiries recorded.",
	  VMLAT_K_SAMPLES, PROM_KEY, 0, 0, NULL },
	{ "vmlat_missed_periods_total", "counter",
	  "Timer periods missed because an expiry was more than a period late.",
	  VMLAT_K_MISSED, PROM_KEY, 0, 0, NULL },
	{ "vmlat_sampled_seconds_total", "counter",
	  "CPU time sampled since the last reset.",
	  VMLAT_K_ELAPSED, PROM_SECONDS, 0, 0, NULL },
	{ "vmlat_active_timers", "gauge", "Sampling timers armed now.",
	  VMLAT_K_ACTIVE, PROM_KEY, 0, 0, NULL },
	{ "vmlat_lateness_min_seconds", "gauge",
	  "Smallest lateness since the last reset, exact.",
	  VMLAT_K_MIN, PROM_SECONDS, 0, 0, NULL },
	{ "vmlat_lateness_max_seconds", "gauge",
	  "Largest lateness since the last reset, exact.",
	  VMLAT_K_MAX, PROM_SECONDS, 0, 0, NULL },
	{ "vmlat_lateness_percentile_seconds", "gauge",
	  "Lateness percentile: bucket upper bound, at most 1/16 above the true value.",
	  0, PROM_PCTS, 0, 0, NULL },
	{ "vmlat_probe_self_avg_seconds", "gauge",
	  "Average cost of vmlat's timer callback.",
	  VMLAT_K_SELF_AVG, PROM_SECONDS, 0, 0, NULL },
	{ "vmlat_probe_self_max_seconds", "gauge",
	  "Largest cost of vmlat's timer callback.",
	  VMLAT_K_SELF_MAX, PROM_SECONDS, 0, 0, NULL },
	{ "vmlat_steal_source_info", "gauge",
	  "The steal clock in use (none: steal unknown).",
	  VMLAT_K_SOURCE, PROM_SOURCE, 0, 0, NULL },
	{ "vmlat_steal_ratio", "gauge",
	  "Steal time per second of sampled time since the last reset.",
	  VMLAT_K_STEAL_RATE, PROM_KEY, 3, 0, NULL },
	{ "vmlat_stolen_ratio", "gauge",
	  "Share of the lateness explained by steal.",
	  VMLAT_K_STOLEN_SHARE, PROM_KEY, 0, 0, NULL },
	/* the residual by cause (docs/steal.md), a label each */
	{ "vmlat_residual_seconds_total", "counter",
	  "Lateness the steal clock does not explain, summed, by cause: unreported host delay, the guest's own, undetermined.",
	  VMLAT_K_UNREPORTED_SUM, PROM_SECONDS, 0, 0, "cause=\"unreported\"" },
	{ "vmlat_residual_seconds_total", "counter", "",
	  VMLAT_K_GUEST_SUM, PROM_SECONDS, 0, 0, "cause=\"guest\"" },
	{ "vmlat_residual_seconds_total", "counter", "",
	  VMLAT_K_UNDETERMINED_SUM, PROM_SECONDS, 0, 0,
	  "cause=\"undetermined\"" },
	{ "vmlat_trace_stops_total", "counter",
	  "Times stop_tracing_ns stopped the trace.",
	  VMLAT_K_TRACE_STOPS, PROM_KEY, 0, 0, NULL },
	{ "vmlat_steal_stale_reads_total", "counter",
	  "Expiries whose read of the steal clock gave up.",
	  VMLAT_K_STALE_READS, PROM_KEY, 0, 0, NULL },
	{ "vmlat_hardirq_misses_total", "counter",
	  "Timer callbacks that did not run in hard-IRQ context.",
	  VMLAT_K_HARDIRQ_MISSES, PROM_KEY, 0, 0, NULL },
	{ "vmlat_snapshot_ipis_total", "counter",
	  "Reads that had to ask the measured CPU for its statistics by IPI.",
	  VMLAT_K_SNAPSHOT_IPIS, PROM_KEY, 0, 0, NULL },
	/* the wake-up stages (docs/abi.md, "Stages"), a label each */
	{ "vmlat_stage_wakeups_total", "counter",
	  "Wake-ups of a stage's task recorded.",
	  VMLAT_K_THREAD_SAMPLES, PROM_KEY, 0, TH, THL },
	{ "vmlat_stage_wakeups_total", "counter", "",
	  VMLAT_K_USER_SAMPLES, PROM_KEY, 0, US, USL },
	{ "vmlat_stage_misses_total", "counter",
	  "Expiries whose stage task was still busy or not waiting.",
	  VMLAT_K_THREAD_MISSES, PROM_KEY, 0, TH, THL },
	{ "vmlat_stage_misses_total", "counter", "",
	  VMLAT_K_USER_MISSES, PROM_KEY, 0, US, USL },
	{ "vmlat_stage_lateness_max_seconds", "gauge",
	  "Largest wake-up lateness since the last reset, exact.",
	  VMLAT_K_THREAD_MAX, PROM_SECONDS, 0, TH, THL },
	{ "vmlat_stage_lateness_max_seconds", "gauge", "",
	  VMLAT_K_USER_MAX, PROM_SECONDS, 0, US, USL },
	{ "vmlat_stage_lateness_percentile_seconds", "gauge",
	  "Wake-up lateness percentile: bucket upper bound, at most 1/16 above the true value.",
	  VMLAT_HIST_THREAD, PROM_PCTS, 0, TH, THL },
	{ "vmlat_stage_lateness_percentile_seconds", "gauge", "",
	  VMLAT_HIST_USER, PROM_PCTS, 0, US, USL },
	{ "vmlat_stage_lateness_seconds_total", "counter",
	  "Wake-up lateness summed (irq + stolen + sched).",
	  VMLAT_K_THREAD_SUM, PROM_SECONDS, 0, TH, THL },
	{ "vmlat_stage_lateness_seconds_total", "counter", "",
	  VMLAT_K_USER_SUM, PROM_SECONDS, 0, US, USL },
	{ "vmlat_stage_part_seconds_total", "counter",
	  "Wake-up lateness summed, by part: irq, stolen, sched.",
	  VMLAT_K_THREAD_IRQ_SUM, PROM_SECONDS, 0, TH, THL ",part=\"irq\"" },
	{ "vmlat_stage_part_seconds_total", "counter", "",
	  VMLAT_K_THREAD_STOLEN_SUM, PROM_SECONDS, 0, TH, THL ",part=\"stolen\"" },
	{ "vmlat_stage_part_seconds_total", "counter", "",
	  VMLAT_K_THREAD_SCHED_SUM, PROM_SECONDS, 0, TH, THL ",part=\"sched\"" },
	{ "vmlat_stage_part_seconds_total", "counter",
	  "Wake-up lateness summed, by part: irq, stolen, sched.",
	  VMLAT_K_USER_IRQ_SUM, PROM_SECONDS, 0, US, USL ",part=\"irq\"" },
	{ "vmlat_stage_part_seconds_total", "counter", "",
	  VMLAT_K_USER_STOLEN_SUM, PROM_SECONDS, 0, US, USL ",part=\"stolen\"" },
	{ "vmlat_stage_part_seconds_total", "counter", "",
	  VMLAT_K_USER_SCHED_SUM, PROM_SECONDS, 0, US, USL ",part=\"sched\"" },
	/* within the irq part, not a part of its own: a family of its own */
	{ "vmlat_stage_irq_stolen_seconds_total", "counter",
	  "Of the irq part, the IRQ's own stolen time, summed (irq_stolen + stolen is all the steal).",
	  VMLAT_K_THREAD_IRQ_STOLEN_SUM, PROM_SECONDS, 0, TH, THL },
	{ "vmlat_stage_irq_stolen_seconds_total", "counter", "",
	  VMLAT_K_USER_IRQ_STOLEN_SUM, PROM_SECONDS, 0, US, USL },
	{ "vmlat_user_returns_total", "counter",
	  "User stage: returns to user space and back recorded.",
	  VMLAT_K_USER_RETURN_SAMPLES, PROM_KEY, 0, US, NULL },
	{ "vmlat_user_return_seconds_total", "counter",
	  "User stage: time from a read() returning to the next read() entering, summed.",
	  VMLAT_K_USER_RETURN_SUM, PROM_SECONDS, 0, US, NULL },
	{ "vmlat_user_return_max_seconds", "gauge",
	  "User stage: the longest return to user space and back.",
	  VMLAT_K_USER_RETURN_MAX, PROM_SECONDS, 0, US, NULL },
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
				   const struct vmlat_snapshot *snap,
				   const struct vmlat_summary_cpu *c,
				   const struct vmlat_hist_file *h)
{
	const struct vmlat_key *key = &vmlat_keys[fam->key];
	char extra[96], buf[48];
	unsigned int k;

	switch (fam->kind) {
	case PROM_PCTS:
		for (k = 0; vmlat_pcts_known(snap, h, fam->key) &&
		     k < VMLAT_NR_PCTS; k++) {
			snprintf(extra, sizeof(extra), "%s%spercentile=\"%s\"",
				 fam->label ? fam->label : "",
				 fam->label ? "," : "", vmlat_pcts[k].name + 1);
			vmlat_prom_sample(f, fam->name, c, extra);
			vmlat_print_seconds(f, vmlat_percentile(&h[fam->key],
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
	vmlat_prom_sample(f, fam->name, c, fam->label);
	if (fam->kind == PROM_SECONDS) {
		vmlat_print_seconds(f, c->v[fam->key]);
	} else {
		vmlat_fixed(buf, sizeof(buf), c->v[fam->key], fam->shift +
			    (key->rule == VMLAT_KEY_RATIO ? key->decimals : 0));
		fputs(buf, f);
	}
	fputc('\n', f);
}

/* vmlat_prom_shown - is a series of @fam shown for @snap? */
static bool vmlat_prom_shown(const struct vmlat_snapshot *snap,
			     const struct vmlat_prom_family *fam)
{
	unsigned int s;

	for (s = 0; s < VMLAT_NR_STAGES; s++)
		if (fam->flags & vmlat_stage_flag(s))
			return vmlat_stage_shown(snap, s);
	return true;
}

/* vmlat_prom_head - TYPE and HELP, once a family, if a series of it shows */
static void vmlat_prom_head(const struct vmlat_snapshot *snap,
			    const struct vmlat_prom_family *fam, FILE *f)
{
	const struct vmlat_prom_family *end = vmlat_prom_families +
		ARRAY_SIZE(vmlat_prom_families), *g;

	if (fam > vmlat_prom_families && !strcmp(fam[-1].name, fam->name))
		return;
	for (g = fam; g < end && !strcmp(g->name, fam->name); g++) {
		if (!vmlat_prom_shown(snap, g))
			continue;
		fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", fam->name,
			fam->help, fam->name, fam->type);
		return;
	}
}

/*
 * vmlat_prom_causes_rows - @c's series of vmlat_stage_residual_seconds_total,
 * a stage and cause each, where it has the stage's line of causes;
 * whether it had any
 */
static bool vmlat_prom_causes_rows(FILE *f, const struct vmlat_summary_cpu *c,
				   bool head)
{
	const struct vmlat_causes_row *r;
	char extra[64];
	unsigned int s, k;
	bool any = false;

	for (s = 0; s < VMLAT_NR_STAGES; s++) {
		r = c->causes[1 + s];
		if (!r)
			continue;
		if (head && !any)
			fputs("# HELP " VMLAT_PROM_STAGE_RESIDUAL " Of the irq part of wake-ups, the rest after its stolen part, summed, by the expiry's cause: unreported host delay, the guest's own, undetermined.\n# TYPE " VMLAT_PROM_STAGE_RESIDUAL " counter\n",
			      f);
		any = true;
		for (k = 0; k < VMLAT_NR_CAUSES; k++) {
			snprintf(extra, sizeof(extra),
				 "stage=\"%s\",cause=\"%s\"",
				 vmlat_stage_name(s), vmlat_cause_name(k));
			vmlat_prom_sample(f, VMLAT_PROM_STAGE_RESIDUAL, c,
					  extra);
			vmlat_print_seconds(f, r->v[VMLAT_CK_UNREPORTED + k]);
			fputc('\n', f);
		}
	}
	return any;
}

static void vmlat_summary_prom(const struct vmlat_params *p,
			       const struct vmlat_snapshot *snap, FILE *f)
{
	const struct vmlat_prom_family *fam;
	bool head = true;
	int i;

	for (fam = vmlat_prom_families;
	     fam < vmlat_prom_families + ARRAY_SIZE(vmlat_prom_families);
	     fam++) {
		vmlat_prom_head(snap, fam, f);
		if (!vmlat_prom_shown(snap, fam))
			continue;
		if (!p->per_cpu) {
			vmlat_prom_family_rows(f, fam, snap, &snap->all_sum,
					       snap->all);
			continue;
		}
		for (i = 0; i < snap->nr_cpus; i++)
			vmlat_prom_family_rows(f, fam, snap, snap->cpus[i].sum,
					       snap->cpus[i].hist);
	}
	/* the wake-up stages' causes, from causes where the module has it */
	if (!p->per_cpu) {
		vmlat_prom_causes_rows(f, &snap->all_sum, true);
		return;
	}
	for (i = 0; i < snap->nr_cpus; i++)
		if (vmlat_prom_causes_rows(f, snap->cpus[i].sum, head))
			head = false;
}

/**
 * vmlat_output_summary() - the summary command's output, in the format
 * asked for
 * @p: the options: the format and the table's options
 * @snap: the snapshot, with its summary and histograms loaded
 * @f: where to
 *
 * Return: 0.
 */
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
