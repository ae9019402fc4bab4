// SPDX-License-Identifier: GPL-2.0
/*
 * watch and record: read the module every interval and print (watch) or
 * keep (record) what happened in that interval on each CPU: samples, p99
 * and max lateness, steal ms/s, the residual by cause (ms/s: unreported
 * host delay, the guest's own, undetermined) and missed periods. Those
 * are the series people graph when asking whether their VM is being
 * robbed, and by whom.
 *
 * An interval's histogram is the difference of two snapshots. Its max is
 * exact when the running max moved during the interval, otherwise it is the
 * upper bound of the highest non-empty bucket of the difference (clamped to
 * the running max), and is marked as a bound.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vmlat_reader.h"
#include "../abi/vmlat_version.h"

#define VMLAT_WATCH_LOAD	(VMLAT_LOAD_HIST(VMLAT_HIST_LATENESS) | \
				 VMLAT_LOAD_HIST(VMLAT_HIST_RESIDUAL) | \
				 VMLAT_LOAD_STAGES | VMLAT_LOAD_SUMMARY | \
				 VMLAT_LOAD_SOURCES)

/* vmlat_watch_stage - is @stage's part of the rows made for @snap? */
static bool vmlat_watch_stage(const struct vmlat_snapshot *snap,
			      unsigned int stage)
{
	return vmlat_stage_shown(snap, stage) &&
	       (snap->kinds & (1U << vmlat_stage_hist(stage, VMLAT_PART_TOTAL)));
}

/*
 * vmlat_watch_irq_stolen - @st's irq_stolen, of its irq part the IRQs'
 * own stolen part, from the summary lines @cur and @prev when both have
 * it (no histogram has it)
 */
static void vmlat_watch_irq_stolen(struct vmlat_stage_interval *st,
				   unsigned int stage,
				   const struct vmlat_summary_cpu *cur,
				   const struct vmlat_summary_cpu *prev)
{
	int ks = vmlat_stage_key(stage, "_irq_stolen_sum_ns");
	int kt = vmlat_stage_key(stage, "_sum_ns");
	unsigned long long want;

	if (ks < 0 || kt < 0)
		return;
	want = VMLAT_KEY_BIT(ks) | VMLAT_KEY_BIT(kt);
	if ((cur->seen & want) == want && (prev->seen & want) == want)
		vmlat_interval_irq_stolen(st, cur->v[ks], prev->v[ks],
					  cur->v[kt], prev->v[kt]);
}

/*
 * vmlat_watch_causes - @iv's residual by cause, the difference of the
 * summary's three sums between @prev and @cur (after a reset, @cur's)
 */
static void vmlat_watch_causes(struct vmlat_interval *iv,
			       const struct vmlat_summary_cpu *cur,
			       const struct vmlat_summary_cpu *prev)
{
	static const unsigned int key[VMLAT_NR_CAUSES] = {
		[VMLAT_CAUSE_UNREPORTED] = VMLAT_K_UNREPORTED_SUM,
		[VMLAT_CAUSE_GUEST] = VMLAT_K_GUEST_SUM,
		[VMLAT_CAUSE_UNDETERMINED] = VMLAT_K_UNDETERMINED_SUM,
	};
	unsigned long long want = 0, then;
	unsigned int c;

	for (c = 0; c < VMLAT_NR_CAUSES; c++)
		want |= VMLAT_KEY_BIT(key[c]);
	if ((cur->seen & want) != want)
		return;
	iv->has_cause = true;
	for (c = 0; c < VMLAT_NR_CAUSES; c++) {
		then = (prev->seen & want) == want ? prev->v[key[c]] : 0;
		iv->cause_ns[c] = vmlat_counter_delta(iv->reset,
						      cur->v[key[c]], then);
	}
}

/* vmlat_intervals - one row per selected CPU and one for all */
static int vmlat_intervals(const struct vmlat_snapshot *cur,
			   const struct vmlat_snapshot *prev,
			   struct vmlat_interval *rows)
{
	unsigned int s;
	int i;

	if (cur->nr_cpus != prev->nr_cpus) {
		vmlat_err("the set of CPUs changed between two reads: restart vmlat watch");
		return VMLAT_EXIT_FAIL;
	}
	for (i = 0; i < cur->nr_cpus; i++) {
		vmlat_interval_compute(&rows[i], &cur->cpus[i].hist[0],
				       &prev->cpus[i].hist[0],
				       cur->cpus[i].sum->has_steal,
				       cur->cpus[i].sum->v[VMLAT_K_STEAL],
				       prev->cpus[i].sum->v[VMLAT_K_STEAL]);
		vmlat_interval_residual(&rows[i],
					&cur->cpus[i].hist[VMLAT_HIST_RESIDUAL],
					&prev->cpus[i].hist[VMLAT_HIST_RESIDUAL]);
		vmlat_watch_causes(&rows[i], cur->cpus[i].sum,
				   prev->cpus[i].sum);
	}
	vmlat_interval_compute(&rows[i], &cur->all[0], &prev->all[0],
			       cur->all_sum.has_steal,
			       cur->all_sum.v[VMLAT_K_STEAL],
			       prev->all_sum.v[VMLAT_K_STEAL]);
	vmlat_interval_residual(&rows[i], &cur->all[VMLAT_HIST_RESIDUAL],
				&prev->all[VMLAT_HIST_RESIDUAL]);
	vmlat_watch_causes(&rows[i], &cur->all_sum, &prev->all_sum);
	/* cpu=all elapsed is CPU time, so steal per CPU-second */
	for (s = 0; s < VMLAT_NR_STAGES; s++) {
		if (!vmlat_watch_stage(cur, s))
			continue;
		for (i = 0; i < cur->nr_cpus; i++) {
			vmlat_interval_stage(&rows[i].stage[s], s,
					     cur->cpus[i].hist,
					     prev->cpus[i].hist);
			vmlat_watch_irq_stolen(&rows[i].stage[s], s,
					       cur->cpus[i].sum,
					       prev->cpus[i].sum);
		}
		vmlat_interval_stage(&rows[i].stage[s], s, cur->all,
				     prev->all);
		vmlat_watch_irq_stolen(&rows[i].stage[s], s, &cur->all_sum,
				       &prev->all_sum);
	}
	return 0;
}

/*
 * vmlat_next_rows - read @cur and compute the interval rows since @prev;
 * on failure @cur is not loaded (the reason is printed)
 */
static int vmlat_next_rows(const struct vmlat_params *p,
			   struct vmlat_snapshot *cur,
			   const struct vmlat_snapshot *prev,
			   struct vmlat_interval *rows, unsigned int what)
{
	int ret = vmlat_load(p, cur, what);

	if (ret)
		return ret;
	ret = vmlat_intervals(cur, prev, rows);
	if (ret)
		vmlat_snapshot_free(cur);
	return ret;
}

/*
 * vmlat_watch_stage_cells - a stage's columns of a watch row: p99 and max
 * of its wake-ups' lateness, and the shares of it of the irq part's
 * stolen part (irq_stolen, from the summary) and of the stolen and sched
 * parts
 */
static void vmlat_watch_stage_cells(const struct vmlat_params *p,
				    const struct vmlat_stage_interval *st,
				    FILE *f)
{
	char p99[32] = "-", max[40] = "-", stl[16] = "-", sch[16] = "-";
	char irq_stl[16] = "-";
	const unsigned long long *sum = st->sum_ns;

	if (st->samples) {
		vmlat_format_value(p99, sizeof(p99), st->p99_ns, p->unit);
		max[0] = '~';
		vmlat_format_value(max + 1, sizeof(max) - 1, st->max_ns,
				   p->unit);
	}
	if (st->samples && sum[VMLAT_PART_TOTAL]) {
		snprintf(stl, sizeof(stl), "%.1f%%", 100.0 *
			 sum[VMLAT_PART_STOLEN] / sum[VMLAT_PART_TOTAL]);
		snprintf(sch, sizeof(sch), "%.1f%%", 100.0 *
			 sum[VMLAT_PART_SCHED] / sum[VMLAT_PART_TOTAL]);
	}
	if (st->samples && st->has_irq_stolen && st->irq_stolen_of_ns)
		snprintf(irq_stl, sizeof(irq_stl), "%.1f%%", 100.0 *
			 st->irq_stolen_ns / st->irq_stolen_of_ns);
	fprintf(f, " %12s %13s %10s %8s %8s", p99,
		st->samples && st->max_exact ? max + 1 : max, irq_stl, stl,
		sch);
}

static void vmlat_watch_row(const struct vmlat_params *p, double t,
			    const struct vmlat_interval *iv,
			    unsigned int stages, FILE *f)
{
	char p99[32] = "-", max[40] = "-";
	unsigned int s, c;

	if (iv->samples) {
		vmlat_format_value(p99, sizeof(p99), iv->p99_ns, p->unit);
		max[0] = '~';
		vmlat_format_value(max + 1, sizeof(max) - 1, iv->max_ns,
				   p->unit);
	}
	fprintf(f, "%10.3f ", t);
	if (iv->cpu == VMLAT_CPU_ALL)
		fprintf(f, "%4s", "all");
	else
		fprintf(f, "%4d", iv->cpu);
	fprintf(f, " %10llu %12s %13s", iv->samples, p99,
		iv->samples && iv->max_exact ? max + 1 : max);
	if (iv->has_steal && iv->elapsed_ns)
		fprintf(f, " %11.3f", iv->steal_ns * 1000.0 / iv->elapsed_ns);
	else
		fprintf(f, " %11s", "-");
	/* the residual by cause, ms per second sampled as steal */
	for (c = 0; c < VMLAT_NR_CAUSES; c++) {
		if (iv->has_cause && iv->elapsed_ns)
			fprintf(f, " %10.3f",
				iv->cause_ns[c] * 1000.0 / iv->elapsed_ns);
		else
			fprintf(f, " %10s", "-");
	}
	fprintf(f, " %7llu", iv->missed);
	for (s = 0; s < VMLAT_NR_STAGES; s++)
		if (stages & (1U << s))
			vmlat_watch_stage_cells(p, &iv->stage[s], f);
	fprintf(f, "%s\n", iv->reset ? "  (reset)" : "");
}

/**
 * vmlat_cmd_watch() - vmlat watch: a row per CPU and interval, until ^C
 * or -n intervals
 * @p: the options
 *
 * Return: 0, also when ^C ends it, or an exit status.
 */
int vmlat_cmd_watch(struct vmlat_params *p)
{
	struct vmlat_snapshot a, b, *prev = &a, *cur = &b, *tmp;
	struct vmlat_interval *rows = NULL;
	struct timespec start, next;
	unsigned int stages = 0, s;
	int ret = VMLAT_EXIT_FAIL, r, i;
	char head[2][32];
	long done = 0;

	r = vmlat_load(p, prev, VMLAT_WATCH_LOAD);
	if (r)
		return r;
	rows = calloc(prev->nr_cpus + 1, sizeof(*rows));
	if (!rows) {
		vmlat_err("out of memory");
		goto out_prev;
	}
	/* a column group per stage with figures when the watch starts */
	for (s = 0; s < VMLAT_NR_STAGES; s++)
		if (vmlat_watch_stage(prev, s))
			stages |= 1U << s;
	vmlat_catch_signals();
	if (!p->no_header) {
		printf("# vmlat watch: every %.3f s; p99 is a bucket upper bound (at most 6.25%% high); max is exact, or ~ an upper bound when the running max did not move; times in %s\n",
		       p->interval_s, vmlat_unit_name(p->unit));
		printf("%10s %4s %10s %12s %13s %11s %10s %10s %10s %7s",
		       "time_s", "CPU", "samples", "p99", "max", "steal_ms/s",
		       "unrep_ms/s", "guest_ms/s", "undet_ms/s", "missed");
		for (s = 0; s < VMLAT_NR_STAGES; s++) {
			if (!(stages & (1U << s)))
				continue;
			snprintf(head[0], sizeof(head[0]), "%s_p99",
				 vmlat_stage_name(s));
			snprintf(head[1], sizeof(head[1]), "%s_max",
				 vmlat_stage_name(s));
			printf(" %12s %13s %10s %8s %8s", head[0], head[1],
			       "irq_stolen", "stolen", "sched");
		}
		putchar('\n');
		fflush(stdout);
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	next = start;
	while (!p->count || done < p->count) {
		vmlat_ts_add(&next, p->interval_s);
		if (vmlat_sleep_until(&next)) {
			ret = 0;	/* ^C ends a watch normally */
			goto out_rows;
		}
		ret = vmlat_next_rows(p, cur, prev, rows, VMLAT_WATCH_LOAD);
		if (ret)
			goto out_rows;
		done++;
		for (i = 0; i <= cur->nr_cpus; i++)
			vmlat_watch_row(p, done * p->interval_s, &rows[i],
					stages, stdout);
		fflush(stdout);
		vmlat_snapshot_free(prev);
		tmp = prev;
		prev = cur;
		cur = tmp;
	}
	ret = 0;
out_rows:
	free(rows);
out_prev:
	vmlat_snapshot_free(prev);
	return ret;
}

static void vmlat_json_interval(FILE *f, const struct vmlat_interval *iv)
{
	const struct vmlat_stage_interval *st;
	unsigned int s, c;

	if (iv->cpu == VMLAT_CPU_ALL)
		fputs("{\"cpu\": \"all\"", f);
	else
		fprintf(f, "{\"cpu\": %d", iv->cpu);
	fprintf(f, ", \"samples\": %llu, \"missed\": %llu, \"elapsed_ns\": %llu, ",
		iv->samples, iv->missed, iv->elapsed_ns);
	if (iv->samples)
		fprintf(f, "\"p99_ns\": %llu, \"max_ns\": %llu, \"max_exact\": %s, ",
			iv->p99_ns, iv->max_ns,
			iv->max_exact ? "true" : "false");
	else
		fputs("\"p99_ns\": null, \"max_ns\": null, \"max_exact\": true, ",
		      f);
	if (iv->has_steal)
		fprintf(f, "\"steal_ns\": %llu, \"steal_ms_per_s\": %.3f, ",
			iv->steal_ns, iv->elapsed_ns ?
			iv->steal_ns * 1000.0 / iv->elapsed_ns : 0.0);
	else
		fputs("\"steal_ns\": null, \"steal_ms_per_s\": null, ", f);
	if (iv->has_steal && iv->samples)
		fprintf(f, "\"residual_max_ns\": %llu, ", iv->residual_max_ns);
	else
		fputs("\"residual_max_ns\": null, ", f);
	for (c = 0; c < VMLAT_NR_CAUSES; c++) {
		if (iv->has_cause)
			fprintf(f, "\"%s_ns\": %llu, ", vmlat_cause_name(c),
				iv->cause_ns[c]);
		else
			fprintf(f, "\"%s_ns\": null, ", vmlat_cause_name(c));
	}
	fprintf(f, "\"reset\": %s", iv->reset ? "true" : "false");
	for (s = 0; s < VMLAT_NR_STAGES; s++) {
		st = &iv->stage[s];
		if (!st->shown)
			continue;
		fprintf(f, ", \"%s\": {\"samples\": %llu, \"missed\": %llu, ",
			vmlat_stage_name(s), st->samples, st->missed);
		if (st->samples)
			fprintf(f, "\"p99_ns\": %llu, \"max_ns\": %llu, \"max_exact\": %s, ",
				st->p99_ns, st->max_ns,
				st->max_exact ? "true" : "false");
		else
			fputs("\"p99_ns\": null, \"max_ns\": null, \"max_exact\": true, ",
			      f);
		fprintf(f, "\"sum_ns\": %llu, \"irq_sum_ns\": %llu, \"stolen_sum_ns\": %llu, \"sched_sum_ns\": %llu, ",
			st->sum_ns[VMLAT_PART_TOTAL], st->sum_ns[VMLAT_PART_IRQ],
			st->sum_ns[VMLAT_PART_STOLEN],
			st->sum_ns[VMLAT_PART_SCHED]);
		if (st->has_irq_stolen)
			fprintf(f, "\"irq_stolen_sum_ns\": %llu}",
				st->irq_stolen_ns);
		else
			fputs("\"irq_stolen_sum_ns\": null}", f);
	}
	fputc('}', f);
}

/* vmlat_record_kind - does the recording keep kind @k's histograms? */
static bool vmlat_record_kind(const struct vmlat_snapshot *s, unsigned int k)
{
	if (k < VMLAT_NR_HISTS)
		return true;
	return (s->kinds & (1U << k)) &&
	       vmlat_stage_shown(s, k < VMLAT_HIST_USER ? VMLAT_STAGE_THREAD :
				 VMLAT_STAGE_USER);
}

static void vmlat_record_tail(FILE *f, const struct vmlat_snapshot *s)
{
	unsigned int k;
	bool first = true;
	int i;

	fputs("  ],\n  \"histograms\": {\n", f);
	for (k = 0; k < VMLAT_NR_KINDS; k++) {
		if (!vmlat_record_kind(s, k))
			continue;
		fprintf(f, "%s   \"%s\": [\n", first ? "" : ",\n",
			vmlat_hist_kind_name(k));
		first = false;
		for (i = 0; i < s->nr_cpus; i++) {
			vmlat_json_hist(f, &s->cpus[i].hist[k], "    ");
			fputs(",\n", f);
		}
		vmlat_json_hist(f, &s->all[k], "    ");
		fputs("\n   ]", f);
	}
	fprintf(f, "\n  },\n  \"summary\": {\"enabled\": %s, \"period_us\": %llu, \"cpus_selected\": \"%s\", \"steal_source\": \"%s\", \"cpus\": [\n",
		s->summary.enabled ? "true" : "false", s->summary.period_us,
		s->summary.cpus, s->all_sum.steal_source);
	for (i = 0; i < s->nr_cpus; i++) {
		vmlat_json_summary_cpu(f, s, s->cpus[i].sum, s->cpus[i].hist);
		fputs(",\n", f);
	}
	vmlat_json_summary_cpu(f, s, &s->all_sum, s->all);
	fputs("\n  ]}\n}\n", f);
}

/**
 * vmlat_cmd_record() - vmlat record: watch's intervals into a JSON file
 * @p: the options: -d, -i and -o
 *
 * The file (its schema is in docs/vmlat.8) is written to FILE.tmp and
 * renamed, so that a reader never sees half a file.
 *
 * Return: 0 or an exit status.
 */
int vmlat_cmd_record(struct vmlat_params *p)
{
	struct vmlat_snapshot a, b, *prev = &a, *cur = &b, *tmp;
	struct vmlat_interval *rows = NULL;
	struct timespec next, wall;
	long nr, done = 0;
	char tmpname[4096];
	int ret = VMLAT_EXIT_FAIL, r, i;
	FILE *f;

	nr = (long)(p->duration_s / p->interval_s + 0.999999);
	if (nr < 1)
		nr = 1;
	snprintf(tmpname, sizeof(tmpname), "%s.tmp", p->output);
	r = vmlat_load(p, prev, VMLAT_WATCH_LOAD);
	if (r)
		return r;
	f = fopen(tmpname, "w");
	if (!f) {
		vmlat_err("cannot create %s: %s: choose a writable -o path",
			  tmpname, strerror(errno));
		goto out_prev;
	}
	rows = calloc(prev->nr_cpus + 1, sizeof(*rows));
	if (!rows) {
		vmlat_err("out of memory");
		goto out_file;
	}
	clock_gettime(CLOCK_REALTIME, &wall);
	fprintf(f, "{\n  \"schema\": \"vmlat-record v1\",\n  \"vmlat_version\": \"%s\",\n  \"abi\": \"%s\",\n  \"start_unix_s\": %lld.%03ld,\n  \"interval_s\": %.3f,\n  \"duration_s\": %.3f,\n  \"intervals\": [\n",
		VMLAT_VERSION, VMLAT_ABI_VERSION, (long long)wall.tv_sec,
		wall.tv_nsec / 1000000, p->interval_s, nr * p->interval_s);
	vmlat_catch_signals();
	clock_gettime(CLOCK_MONOTONIC, &next);
	while (done < nr) {
		vmlat_ts_add(&next, p->interval_s);
		if (vmlat_sleep_until(&next)) {
			vmlat_err("interrupted: %s not written", p->output);
			ret = VMLAT_EXIT_FAIL;
			goto out_rows;
		}
		ret = vmlat_next_rows(p, cur, prev, rows, VMLAT_WATCH_LOAD |
				      VMLAT_LOAD_ALL_HIST | VMLAT_LOAD_STAGES);
		if (ret)
			goto out_rows;
		done++;
		fprintf(f, "   %s{\"t_s\": %.3f, \"cpus\": [", done > 1 ? "," : "",
			done * p->interval_s);
		for (i = 0; i <= cur->nr_cpus; i++) {
			fputs(i ? ",\n     " : "\n     ", f);
			vmlat_json_interval(f, &rows[i]);
		}
		fputs("]}\n", f);
		vmlat_snapshot_free(prev);
		tmp = prev;
		prev = cur;
		cur = tmp;
	}
	ret = VMLAT_EXIT_FAIL;	/* until the file is in place */
	vmlat_record_tail(f, prev);
	if (fflush(f) || ferror(f)) {
		vmlat_err("cannot write %s: %s: free space or choose another -o",
			  tmpname, strerror(errno));
		goto out_rows;
	}
	if (fclose(f)) {
		f = NULL;
		vmlat_err("cannot write %s: %s", tmpname, strerror(errno));
		goto out_rows;
	}
	f = NULL;
	if (rename(tmpname, p->output)) {
		vmlat_err("cannot rename %s to %s: %s", tmpname, p->output,
			  strerror(errno));
		goto out_rows;
	}
	ret = 0;
out_rows:
	free(rows);
out_file:
	if (f) {
		fclose(f);
		unlink(tmpname);
	}
out_prev:
	vmlat_snapshot_free(prev);
	return ret;
}
