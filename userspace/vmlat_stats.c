// SPDX-License-Identifier: GPL-2.0
/*
 * Histogram arithmetic for the vmlat reader: percentiles, merging CPUs
 * and the difference of two snapshots. The bucket layout is abi/'s, the
 * module's own (abi/vmlat_hist.h).
 *
 * Percentiles are the upper bound of the bucket that holds the quantile,
 * clamped to the exact maximum, so they never understate and overstate by
 * less than 1/16 of the value.
 */
#include <string.h>

#include "vmlat_stats.h"

/**
 * vmlat_percentile() - the value at or below which @ppm / 10^6 of the
 * samples lie
 * @h: the histogram
 * @ppm: the quantile in parts per million, e.g. 990000 for p99
 *
 * The rank is ceil(samples * ppm / 10^6), computed in two parts so that a
 * 64-bit sample count cannot overflow.
 *
 * Return: the bucket's upper bound clamped to the exact max; 0 for an
 * empty histogram.
 */
unsigned long long vmlat_percentile(const struct vmlat_hist_file *h,
				    unsigned int ppm)
{
	unsigned long long rank, seen = 0, upper;
	int i;

	if (!h->samples)
		return 0;
	if (ppm > 1000000)
		ppm = 1000000;
	rank = h->samples / 1000000 * ppm +
	       ((h->samples % 1000000) * ppm + 999999) / 1000000;
	if (!rank)
		rank = 1;

	for (i = 0; i < VMLAT_HIST_BUCKETS; i++) {
		seen += h->count[i];
		if (seen >= rank)
			break;
	}
	if (i == VMLAT_HIST_BUCKETS)
		return h->max_ns;
	upper = vmlat_hist_upper(i);
	return upper < h->max_ns ? upper : h->max_ns;
}

/**
 * vmlat_hist_avg() - the mean of @h, rounded down; 0 when it is empty
 * @h: the histogram
 */
unsigned long long vmlat_hist_avg(const struct vmlat_hist_file *h)
{
	return h->samples ? h->sum_ns / h->samples : 0;
}

/**
 * vmlat_hist_file_merge() - add @src into @dst, as the module does for
 * cpu=all
 * @dst: the sum so far
 * @src: one CPU's histogram
 */
void vmlat_hist_file_merge(struct vmlat_hist_file *dst,
			   const struct vmlat_hist_file *src)
{
	int i;

	if (src->samples) {
		if (!dst->samples || src->min_ns < dst->min_ns)
			dst->min_ns = src->min_ns;
		if (src->max_ns > dst->max_ns)
			dst->max_ns = src->max_ns;
	}
	for (i = 0; i < VMLAT_HIST_BUCKETS; i++)
		dst->count[i] += src->count[i];
	dst->samples += src->samples;
	dst->missed += src->missed;
	dst->sum_ns += src->sum_ns;
	dst->elapsed_ns += src->elapsed_ns;
	if (src->period_us)
		dst->period_us = src->period_us;
}

/**
 * vmlat_hist_delta() - what was added between @prev and @cur
 * @out: the difference
 * @cur: a histogram now
 * @prev: the same one at the last read
 *
 * min and max of the interval are exact when the running min or max moved
 * during it; otherwise they are bounded by the outermost non-empty delta
 * buckets, clamped by the running extremes.
 *
 * Return: true; false when @cur is not a continuation of @prev (a reset
 * zeroed the counters in between), and @out is then @cur itself,
 * everything since the reset.
 */
bool vmlat_hist_delta(struct vmlat_hist_file *out,
		      const struct vmlat_hist_file *cur,
		      const struct vmlat_hist_file *prev)
{
	int i, lo = -1, hi = -1;

	if (cur->samples < prev->samples || cur->sum_ns < prev->sum_ns ||
	    cur->elapsed_ns < prev->elapsed_ns || cur->missed < prev->missed)
		goto reset;
	for (i = 0; i < VMLAT_HIST_BUCKETS; i++)
		if (cur->count[i] < prev->count[i])
			goto reset;

	*out = *cur;
	out->samples = cur->samples - prev->samples;
	out->missed = cur->missed - prev->missed;
	out->sum_ns = cur->sum_ns - prev->sum_ns;
	out->elapsed_ns = cur->elapsed_ns - prev->elapsed_ns;
	for (i = 0; i < VMLAT_HIST_BUCKETS; i++) {
		out->count[i] = cur->count[i] - prev->count[i];
		if (out->count[i]) {
			if (lo < 0)
				lo = i;
			hi = i;
		}
	}
	if (!out->samples) {
		out->min_ns = 0;
		out->max_ns = 0;
		return true;
	}
	if (!prev->samples || cur->max_ns > prev->max_ns)
		out->max_ns = cur->max_ns;
	else if (hi >= 0 && vmlat_hist_upper(hi) < cur->max_ns)
		out->max_ns = vmlat_hist_upper(hi);
	if (!prev->samples || cur->min_ns < prev->min_ns)
		out->min_ns = cur->min_ns;
	else if (lo >= 0 && vmlat_hist_lower(lo) > cur->min_ns)
		out->min_ns = vmlat_hist_lower(lo);
	return true;

reset:
	*out = *cur;
	return false;
}

/**
 * vmlat_counter_delta() - what a summary counter gained in an interval
 * @reset: a reset came in between
 * @cur: the counter now
 * @prev: and at the last read
 *
 * After a reset (said, or seen as the counter going back) the counter
 * counts from it: all of @cur is the interval's.
 */
unsigned long long vmlat_counter_delta(bool reset, unsigned long long cur,
				       unsigned long long prev)
{
	return reset || cur < prev ? cur : cur - prev;
}

/**
 * vmlat_interval_compute() - one watch row from two snapshots of a CPU
 * @iv: the row
 * @cur: the CPU's lateness histogram now
 * @prev: and at the last read
 * @has_steal: steal is known for the CPU
 * @steal_cur: its steal_ns now
 * @steal_prev: and at the last read
 *
 * Not reentrant: the difference is kept in a static.
 */
void vmlat_interval_compute(struct vmlat_interval *iv,
			    const struct vmlat_hist_file *cur,
			    const struct vmlat_hist_file *prev,
			    bool has_steal,
			    unsigned long long steal_cur,
			    unsigned long long steal_prev)
{
	static struct vmlat_hist_file d;

	memset(iv, 0, sizeof(*iv));
	iv->cpu = cur->cpu;
	iv->reset = !vmlat_hist_delta(&d, cur, prev);
	iv->samples = d.samples;
	iv->missed = d.missed;
	iv->elapsed_ns = d.elapsed_ns;
	iv->p99_ns = vmlat_percentile(&d, 990000);
	iv->max_ns = d.max_ns;
	iv->max_exact = iv->reset || !prev->samples ||
			cur->max_ns > prev->max_ns || !d.samples;
	iv->has_steal = has_steal;
	if (has_steal)
		iv->steal_ns = vmlat_counter_delta(iv->reset, steal_cur,
						   steal_prev);
}

/**
 * vmlat_interval_residual() - the worst residual of a watch row
 * @iv: the row
 * @cur: the CPU's residual histogram now
 * @prev: and at the last read
 */
void vmlat_interval_residual(struct vmlat_interval *iv,
			     const struct vmlat_hist_file *cur,
			     const struct vmlat_hist_file *prev)
{
	static struct vmlat_hist_file d;

	vmlat_hist_delta(&d, cur, prev);
	iv->residual_max_ns = d.max_ns;
}

/**
 * vmlat_interval_stage() - a wake-up stage's part of a watch row
 * @st: the row's stage
 * @stage: enum vmlat_stage
 * @cur: the CPU's histograms now, by kind (all of them)
 * @prev: and at the last read
 *
 * The lateness histogram gives samples, missed, p99 and max (exact or a
 * bucket bound, as the IRQ stage's); each part's histogram its sum.
 */
void vmlat_interval_stage(struct vmlat_stage_interval *st, unsigned int stage,
			  const struct vmlat_hist_file *cur,
			  const struct vmlat_hist_file *prev)
{
	static struct vmlat_hist_file d;
	struct vmlat_interval iv;
	unsigned int part, k;

	k = vmlat_stage_hist(stage, VMLAT_PART_TOTAL);
	vmlat_interval_compute(&iv, &cur[k], &prev[k], false, 0, 0);
	st->shown = true;
	st->samples = iv.samples;
	st->missed = iv.missed;
	st->p99_ns = iv.p99_ns;
	st->max_ns = iv.max_ns;
	st->max_exact = iv.max_exact;
	for (part = 0; part < VMLAT_NR_SPLIT_PARTS; part++) {
		k = vmlat_stage_hist(stage, part);
		vmlat_hist_delta(&d, &cur[k], &prev[k]);
		st->sum_ns[part] = d.sum_ns;
	}
}

/**
 * vmlat_interval_irq_stolen() - a wake-up stage's irq_stolen in a watch row
 * @st: the row's stage
 * @irq_stolen_cur: the summary line's STAGE_irq_stolen_sum_ns now
 * @irq_stolen_prev: and at the last read
 * @sum_cur: the same line's STAGE_sum_ns now
 * @sum_prev: and at the last read
 *
 * Both from one line, so the share of the one in the other is exact for
 * the interval; either going back (a reset) leaves everything since.
 */
void vmlat_interval_irq_stolen(struct vmlat_stage_interval *st,
			       unsigned long long irq_stolen_cur,
			       unsigned long long irq_stolen_prev,
			       unsigned long long sum_cur,
			       unsigned long long sum_prev)
{
	bool reset = irq_stolen_cur < irq_stolen_prev || sum_cur < sum_prev;

	st->has_irq_stolen = true;
	st->irq_stolen_ns = reset ? irq_stolen_cur :
			    irq_stolen_cur - irq_stolen_prev;
	st->irq_stolen_of_ns = reset ? sum_cur : sum_cur - sum_prev;
}
