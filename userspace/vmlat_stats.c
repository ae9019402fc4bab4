// SPDX-License-Identifier: GPL-2.0
/*
 * Histogram arithmetic for the vmlat reader. The bucket layout mirrors the
 * module's (docs/abi.md): values 0..15 exact, then 16 sub-buckets per power
 * of two from 2^4 to 2^35, then one top bucket from 2^36 ns up.
 *
 * Percentiles are the upper bound of the bucket that holds the quantile,
 * clamped to the exact maximum, so they never understate and overstate by
 * less than 1/16 of the value.
 */
#include <limits.h>
#include <string.h>

#include "vmlat_stats.h"

static const char * const vmlat_kind_names[VMLAT_NR_HIST] = {
	[VMLAT_HIST_LATENESS] = "lateness",
	[VMLAT_HIST_STEAL] = "steal",
	[VMLAT_HIST_RESIDUAL] = "residual",
};

const char *vmlat_hist_kind_name(enum vmlat_hist_kind kind)
{
	if (kind < 0 || kind >= VMLAT_NR_HIST)
		return "?";
	return vmlat_kind_names[kind];
}

int vmlat_hist_kind_parse(const char *name)
{
	int i;

	for (i = 0; i < VMLAT_NR_HIST; i++)
		if (!strcmp(name, vmlat_kind_names[i]))
			return i;
	return -1;
}

unsigned long long vmlat_bucket_lower(int i)
{
	int k, s;

	if (i < 16)
		return i;
	k = 4 + (i - 16) / 16;
	s = (i - 16) % 16;
	return (unsigned long long)(16 + s) << (k - 4);
}

unsigned long long vmlat_bucket_upper(int i)
{
	int k;

	if (i < 16)
		return i;
	if (i >= VMLAT_TOP_BUCKET)
		return ULLONG_MAX;
	k = 4 + (i - 16) / 16;
	return vmlat_bucket_lower(i) + (1ULL << (k - 4)) - 1;
}

int vmlat_bucket_index(unsigned long long value_ns)
{
	int k;

	if (value_ns < 16)
		return value_ns;
	k = 63 - __builtin_clzll(value_ns);
	if (k >= 36)
		return VMLAT_TOP_BUCKET;
	return 16 + (k - 4) * 16 + (int)((value_ns >> (k - 4)) - 16);
}

/*
 * vmlat_percentile - value at or below which ppm/1e6 of the samples lie
 *
 * The rank is ceil(samples * ppm / 1e6), computed in two parts so that a
 * 64-bit sample count cannot overflow. Returns 0 for an empty histogram.
 */
unsigned long long vmlat_percentile(const struct vmlat_hist *h,
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

	for (i = 0; i < VMLAT_NR_BUCKETS; i++) {
		seen += h->count[i];
		if (seen >= rank)
			break;
	}
	if (i == VMLAT_NR_BUCKETS)
		return h->max_ns;
	upper = vmlat_bucket_upper(i);
	return upper < h->max_ns ? upper : h->max_ns;
}

unsigned long long vmlat_hist_avg(const struct vmlat_hist *h)
{
	return h->samples ? h->sum_ns / h->samples : 0;
}

/* vmlat_hist_merge - add src into dst, as the module does for cpu=all */
void vmlat_hist_merge(struct vmlat_hist *dst, const struct vmlat_hist *src)
{
	int i;

	if (src->samples) {
		if (!dst->samples || src->min_ns < dst->min_ns)
			dst->min_ns = src->min_ns;
		if (src->max_ns > dst->max_ns)
			dst->max_ns = src->max_ns;
	}
	for (i = 0; i < VMLAT_NR_BUCKETS; i++)
		dst->count[i] += src->count[i];
	dst->samples += src->samples;
	dst->missed += src->missed;
	dst->sum_ns += src->sum_ns;
	dst->elapsed_ns += src->elapsed_ns;
	if (src->period_us)
		dst->period_us = src->period_us;
}

/*
 * vmlat_hist_delta - what was added between prev and cur
 *
 * Returns false when cur is not a continuation of prev (a reset zeroed the
 * counters in between); out is then cur itself, everything since the reset.
 * min and max of the interval are exact when the running min or max moved
 * during it, else they are bounded by the outermost non-empty delta buckets,
 * clamped by the running extremes.
 */
bool vmlat_hist_delta(struct vmlat_hist *out, const struct vmlat_hist *cur,
		      const struct vmlat_hist *prev)
{
	int i, lo = -1, hi = -1;

	if (cur->samples < prev->samples || cur->sum_ns < prev->sum_ns ||
	    cur->elapsed_ns < prev->elapsed_ns || cur->missed < prev->missed)
		goto reset;
	for (i = 0; i < VMLAT_NR_BUCKETS; i++)
		if (cur->count[i] < prev->count[i])
			goto reset;

	*out = *cur;
	out->samples = cur->samples - prev->samples;
	out->missed = cur->missed - prev->missed;
	out->sum_ns = cur->sum_ns - prev->sum_ns;
	out->elapsed_ns = cur->elapsed_ns - prev->elapsed_ns;
	for (i = 0; i < VMLAT_NR_BUCKETS; i++) {
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
	else if (hi >= 0 && vmlat_bucket_upper(hi) < cur->max_ns)
		out->max_ns = vmlat_bucket_upper(hi);
	if (!prev->samples || cur->min_ns < prev->min_ns)
		out->min_ns = cur->min_ns;
	else if (lo >= 0 && vmlat_bucket_lower(lo) > cur->min_ns)
		out->min_ns = vmlat_bucket_lower(lo);
	return true;

reset:
	*out = *cur;
	return false;
}

/* vmlat_interval_compute - one watch row from two snapshots of a CPU */
void vmlat_interval_compute(struct vmlat_interval *iv,
			    const struct vmlat_hist *cur,
			    const struct vmlat_hist *prev,
			    bool has_steal,
			    unsigned long long steal_cur,
			    unsigned long long steal_prev)
{
	static struct vmlat_hist d;

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
		iv->steal_ns = iv->reset || steal_cur < steal_prev ?
			       steal_cur : steal_cur - steal_prev;
}

/*
 * vmlat_interval_residual - the worst residual of a watch row, from two
 * snapshots of the CPU's residual histogram
 */
void vmlat_interval_residual(struct vmlat_interval *iv,
			     const struct vmlat_hist *cur,
			     const struct vmlat_hist *prev)
{
	static struct vmlat_hist d;

	vmlat_hist_delta(&d, cur, prev);
	iv->residual_max_ns = d.max_ns;
}
