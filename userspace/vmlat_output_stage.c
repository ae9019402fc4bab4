// SPDX-License-Identifier: GPL-2.0
/*
 * The wake-up stages' table (docs/abi.md, "Stages"): a row per CPU, each
 * wake-up's lateness and how it splits into irq + stolen + sched, all
 * made from the stage's histogram files (their samples, missed, min, max
 * and sums, the same on every line of them), but for irq_stolen: of the
 * irq part, the IRQ's own stolen part, which only the summary has. So
 * irq_stolen + stolen is all the steal in the wake-ups. vmlat summary
 * prints one per stage with figures under its own table; vmlat wait
 * prints the user stage's over its run (the difference of two reads of
 * the files).
 */
#include <stdlib.h>
#include <string.h>

#include "vmlat_reader.h"
#include "vmlat_ratio.h"	/* abi/: exact ratios of 64-bit sums */

/**
 * vmlat_part_name() - a part's name: "irq", "stolen", "sched" or "return"
 * @part: enum vmlat_part
 *
 * Taken from abi/'s kind names, so that the tables and the files agree.
 *
 * Return: the name; "" for the total and for a part out of range.
 */
const char *vmlat_part_name(unsigned int part)
{
	const char *name;

	if (part == VMLAT_PART_TOTAL || part >= VMLAT_NR_PARTS)
		return "";
	/* user_irq: the stage's kind name, then '_' and the part's */
	name = vmlat_hist_kind_name(vmlat_stage_hist(VMLAT_STAGE_USER, part));
	return strchr(name, '_') + 1;
}

enum vmlat_stage_cell {
	SC_COUNT,	/* the total's samples or missed */
	SC_TIME,	/* the total's min or max */
	SC_PCT,		/* a percentile of the total */
	SC_AVG,		/* a part's sum per wake-up */
	SC_SHARE,	/* a part's sum over the total's, in % */
	SC_IRQ_STOLEN,	/* the irq part's stolen part's share, in % */
	SC_CAUSE,	/* the irq part's rest of a cause, its share in % */
	SC_RET,		/* the return part: average, max */
};

struct vmlat_stage_col {
	const char	*head;
	unsigned char	width;
	unsigned char	cell;
	unsigned char	arg;	/* the part, the percentile, or which value */
};

static const struct vmlat_stage_col vmlat_stage_cols[] = {
	{ "samples", 10, SC_COUNT, 0 },
	{ "missed", 7, SC_COUNT, 1 },
	{ "min", 11, SC_TIME, 0 },
	{ "p50", 12, SC_PCT, 0 },
	{ "p99", 12, SC_PCT, 2 },
	{ "p99.9", 12, SC_PCT, 3 },
	{ "max", 12, SC_TIME, 1 },
	{ "avg", 11, SC_AVG, VMLAT_PART_TOTAL },
	{ "irq_avg", 11, SC_AVG, VMLAT_PART_IRQ },
	{ "stolen_avg", 11, SC_AVG, VMLAT_PART_STOLEN },
	{ "sched_avg", 11, SC_AVG, VMLAT_PART_SCHED },
	{ "irq_stolen", 11, SC_IRQ_STOLEN, 0 },
	{ "stolen", 8, SC_SHARE, VMLAT_PART_STOLEN },
	{ "sched", 8, SC_SHARE, VMLAT_PART_SCHED },
	{ "unrep", 8, SC_CAUSE, VMLAT_CAUSE_UNREPORTED },
	{ "guest", 8, SC_CAUSE, VMLAT_CAUSE_GUEST },
	{ "undet", 8, SC_CAUSE, VMLAT_CAUSE_UNDETERMINED },
	{ "return_avg", 11, SC_RET, 0 },	/* user stage only */
	{ "return_max", 12, SC_RET, 1 },
};

/* the columns of @stage: the return part's are the user stage's */
static unsigned int vmlat_stage_ncols(unsigned int stage)
{
	return ARRAY_SIZE(vmlat_stage_cols) -
	       (vmlat_stage_parts(stage) > VMLAT_PART_RETURN ? 0 : 2);
}

static void vmlat_stage_cell(char *buf, size_t len,
			     const struct vmlat_params *p,
			     const struct vmlat_stage_col *col,
			     const struct vmlat_stage_row *row)
{
	const struct vmlat_hist_file * const *h = row->h;
	const struct vmlat_hist_file *t = h[VMLAT_PART_TOTAL], *r;
	struct vmlat_wide share;

	snprintf(buf, len, "-");
	switch (col->cell) {
	case SC_COUNT:
		snprintf(buf, len, "%llu", col->arg ? t->missed : t->samples);
		return;
	case SC_RET:
		r = h[VMLAT_PART_RETURN];
		if (r->samples)
			vmlat_format_value(buf, len, col->arg ? r->max_ns :
					   vmlat_hist_avg(r), p->unit);
		return;
	}
	if (!t->samples)
		return;
	switch (col->cell) {
	case SC_TIME:
		vmlat_format_value(buf, len, col->arg ? t->max_ns : t->min_ns,
				   p->unit);
		break;
	case SC_PCT:
		vmlat_format_value(buf, len, vmlat_percentile(t,
				   vmlat_pcts[col->arg].ppm), p->unit);
		break;
	case SC_AVG:
		vmlat_format_value(buf, len, h[col->arg]->sum_ns / t->samples,
				   p->unit);
		break;
	case SC_SHARE:
		share = vmlat_ratio_scaled(vmlat_wide_u64(h[col->arg]->sum_ns),
					   vmlat_wide_u64(t->sum_ns), 100, 2);
		vmlat_fixed(buf, len, vmlat_wide_sat(share), 2);
		strncat(buf, "%", len - strlen(buf) - 1);
		break;
	case SC_IRQ_STOLEN:
		if (!row->has_irq_stolen)
			break;
		/* a share of 4 decimals is a percentage of 2 */
		vmlat_fixed(buf, len, row->irq_stolen_share, 2);
		strncat(buf, "%", len - strlen(buf) - 1);
		break;
	case SC_CAUSE:
		if (!row->has_causes)
			break;
		share = vmlat_ratio_scaled(
				vmlat_wide_u64(row->cause_ns[col->arg]),
				vmlat_wide_u64(row->causes_of_ns), 100, 2);
		vmlat_fixed(buf, len, vmlat_wide_sat(share), 2);
		strncat(buf, "%", len - strlen(buf) - 1);
		break;
	}
}

/**
 * vmlat_stage_table() - the table of one stage
 * @p: the options (unit, no_header)
 * @snap: the snapshot the rows come from, for the header
 * @stage: enum vmlat_stage
 * @rows: the rows, a CPU's or all's histograms each
 * @nr: how many
 * @f: where to
 */
void vmlat_stage_table(const struct vmlat_params *p,
		       const struct vmlat_snapshot *snap, unsigned int stage,
		       const struct vmlat_stage_row *rows, int nr, FILE *f)
{
	unsigned int ncols = vmlat_stage_ncols(stage), c;
	char buf[48];
	int i;

	if (!p->no_header) {
		fprintf(f, "# vmlat %s stage: wake-up lateness = irq + stolen + sched, from the %s* histograms; times in %s; pNN are bucket upper bounds (at most 6.25%% above)\n",
			vmlat_stage_name(stage), vmlat_stage_name(stage),
			vmlat_unit_name(p->unit));
		fprintf(f, "# irq_stolen: within irq, the IRQ's own stolen part (from the summary); stolen: steal after the IRQ; irq_stolen + stolen: all the steal\n");
		fprintf(f, "# unrep, guest, undet: the rest of irq by its expiry's cause (unreported host delay, the guest's own, undetermined); irq_stolen + stolen + sched + unrep + guest + undet = 100%%\n");
		if (!snap->summary.enabled && (snap->loaded & VMLAT_LOAD_SUMMARY))
			fprintf(f, "# sampling is off (enabled=0)\n");
		fprintf(f, "%-4s", "CPU");
		for (c = 0; c < ncols; c++)
			fprintf(f, " %*s", vmlat_stage_cols[c].width,
				vmlat_stage_cols[c].head);
		fputc('\n', f);
	}
	for (i = 0; i < nr; i++) {
		if (rows[i].h[0]->cpu == VMLAT_CPU_ALL)
			fprintf(f, "%-4s", VMLAT_CPU_ALL_NAME);
		else
			fprintf(f, "%-4d", rows[i].h[0]->cpu);
		for (c = 0; c < ncols; c++) {
			vmlat_stage_cell(buf, sizeof(buf), p,
					 &vmlat_stage_cols[c], &rows[i]);
			fprintf(f, " %*s", vmlat_stage_cols[c].width, buf);
		}
		fputc('\n', f);
	}
}

/* vmlat_stage_irq_stolen - a row's irq_stolen share: @c's key, if it has */
static void vmlat_stage_irq_stolen(struct vmlat_stage_row *row,
				   unsigned int stage,
				   const struct vmlat_summary_cpu *c)
{
	int k = vmlat_stage_key(stage, "_irq_stolen_share");

	row->has_irq_stolen = c && k >= 0 && (c->seen & VMLAT_KEY_BIT(k));
	row->irq_stolen_share = row->has_irq_stolen ? c->v[k] : 0;
}

/**
 * vmlat_stage_row_causes() - a row's causes from a stage's line of causes
 * @row: the row; left as it is without @now
 * @now: the line, or NULL
 * @before: an earlier read of the same line, to take away; NULL, or a
 *	line with any sum above @now's (a reset came in between), takes
 *	@now's own
 */
void vmlat_stage_row_causes(struct vmlat_stage_row *row,
			    const struct vmlat_causes_row *now,
			    const struct vmlat_causes_row *before)
{
	unsigned int k;

	if (!now)
		return;
	for (k = VMLAT_CK_SAMPLES; before && k < VMLAT_NR_CAUSES_KEYS; k++)
		if (now->v[k] < before->v[k])
			before = NULL;
	row->has_causes = true;
	for (k = 0; k < VMLAT_NR_CAUSES; k++)
		row->cause_ns[k] = now->v[VMLAT_CK_UNREPORTED + k] -
				   (before ? before->v[VMLAT_CK_UNREPORTED + k] : 0);
	row->causes_of_ns = now->v[VMLAT_CK_LATENESS] -
			    (before ? before->v[VMLAT_CK_LATENESS] : 0);
}

/* vmlat_stage_causes - a row's causes: @c's line of causes, if it has */
static void vmlat_stage_causes(struct vmlat_stage_row *row,
			       unsigned int stage,
			       const struct vmlat_summary_cpu *c)
{
	vmlat_stage_row_causes(row, c ? c->causes[1 + stage] : NULL, NULL);
}

/* vmlat_stage_rows - the rows of @stage: each CPU of @snap, then all */
static void vmlat_stage_rows(const struct vmlat_snapshot *snap,
			     unsigned int stage, struct vmlat_stage_row *rows)
{
	bool sum = snap->loaded & VMLAT_LOAD_SUMMARY;
	unsigned int part, k;
	int i;

	for (part = 0; part < VMLAT_NR_PARTS; part++) {
		if (part >= vmlat_stage_parts(stage))
			k = vmlat_stage_hist(stage, VMLAT_PART_TOTAL);
		else
			k = vmlat_stage_hist(stage, part);
		for (i = 0; i < snap->nr_cpus; i++)
			rows[i].h[part] = &snap->cpus[i].hist[k];
		rows[i].h[part] = &snap->all[k];
	}
	for (i = 0; i < snap->nr_cpus; i++) {
		vmlat_stage_irq_stolen(&rows[i], stage,
				       sum ? snap->cpus[i].sum : NULL);
		vmlat_stage_causes(&rows[i], stage,
				   sum ? snap->cpus[i].sum : NULL);
	}
	vmlat_stage_irq_stolen(&rows[i], stage, sum ? &snap->all_sum : NULL);
	vmlat_stage_causes(&rows[i], stage, sum ? &snap->all_sum : NULL);
}

/**
 * vmlat_summary_stage_tables() - under vmlat summary's table, a table per
 * wake-up stage with figures whose histograms were read
 * @p: the options
 * @snap: the snapshot
 * @f: where to
 */
void vmlat_summary_stage_tables(const struct vmlat_params *p,
				const struct vmlat_snapshot *snap, FILE *f)
{
	struct vmlat_stage_row *rows;
	unsigned int s;

	rows = calloc(snap->nr_cpus + 1, sizeof(*rows));
	if (!rows)
		return;
	for (s = 0; s < VMLAT_NR_STAGES; s++) {
		if (!vmlat_stage_shown(snap, s) ||
		    !(snap->kinds & (1U << vmlat_stage_hist(s, 0))))
			continue;
		vmlat_stage_rows(snap, s, rows);
		fputc('\n', f);
		vmlat_stage_table(p, snap, s, rows, snap->nr_cpus + 1, f);
	}
	free(rows);
}
