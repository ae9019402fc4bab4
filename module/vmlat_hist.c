// SPDX-License-Identifier: GPL-2.0
/*
 * Bucket bounds, clearing and merging for the log-linear histograms.
 * Pure code shared by the module and the host unit tests.
 */
#include "vmlat_hist.h"

/**
 * vmlat_hist_lower() - smallest value that lands in bucket @idx
 * @idx: bucket index, 0..VMLAT_HIST_TOP
 */
u64 vmlat_hist_lower(unsigned int idx)
{
	unsigned int shift, sub;

	if (idx < VMLAT_HIST_SUB)
		return idx;
	if (idx >= VMLAT_HIST_TOP)
		return VMLAT_HIST_TOP_NS;
	shift = idx / VMLAT_HIST_SUB - 1;
	sub = idx % VMLAT_HIST_SUB;
	return (u64)(VMLAT_HIST_SUB + sub) << shift;
}

/**
 * vmlat_hist_upper() - largest value that lands in bucket @idx (inclusive)
 * @idx: bucket index, 0..VMLAT_HIST_TOP
 */
u64 vmlat_hist_upper(unsigned int idx)
{
	if (idx >= VMLAT_HIST_TOP)
		return U64_MAX;
	return vmlat_hist_lower(idx + 1) - 1;
}

void vmlat_hist_clear(struct vmlat_hist *h)
{
	unsigned int i;

	h->count = 0;
	h->sum = 0;
	h->min = U64_MAX;
	h->max = 0;
	for (i = 0; i < VMLAT_HIST_BUCKETS; i++)
		h->buckets[i] = 0;
}

void vmlat_hist_merge(struct vmlat_hist *dst, const struct vmlat_hist *src)
{
	unsigned int i;

	for (i = 0; i < VMLAT_HIST_BUCKETS; i++)
		dst->buckets[i] += src->buckets[i];
	dst->count += src->count;
	dst->sum += src->sum;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
}

/* vmlat_hist_bucket_sum - the count as the buckets tell it */
u64 vmlat_hist_bucket_sum(const struct vmlat_hist *h)
{
	u64 n = 0;
	unsigned int i;

	for (i = 0; i < VMLAT_HIST_BUCKETS; i++)
		n += h->buckets[i];
	return n;
}
