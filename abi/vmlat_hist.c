// SPDX-License-Identifier: GPL-2.0
/*
 * Bucket bounds, resetting, clearing, settling and merging for the
 * log-linear histograms.
 * Pure code shared by the module, the reader and the host unit tests.
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

/**
 * vmlat_hist_reset() - empty @h in O(1): no bucket is touched
 * @h: the histogram
 *
 * Every bucket becomes stale: it reads 0 in a settled copy, and the next
 * value that lands in it zeroes it first (vmlat_hist_add()).
 */
void vmlat_hist_reset(struct vmlat_hist *h)
{
	unsigned int w;

	h->count = 0;
	h->sum = 0;
	h->min = U64_MAX;
	h->max = 0;
	for (w = 0; w < VMLAT_HIST_LIVE_WORDS; w++)
		h->live[w] = 0;
}

/**
 * vmlat_hist_clear() - empty @h with every bucket zero and live
 * @h: the histogram
 *
 * O(buckets): for setup, and for code that then writes buckets directly.
 */
void vmlat_hist_clear(struct vmlat_hist *h)
{
	unsigned int i;

	vmlat_hist_reset(h);
	for (i = 0; i < VMLAT_HIST_BUCKETS; i++)
		h->buckets[i] = 0;
	for (i = 0; i < VMLAT_HIST_LIVE_WORDS; i++)
		h->live[i] = ~0ULL;
}

/**
 * vmlat_hist_settle() - zero the stale buckets of a copy; all then live
 * @h: a reader's copy of a histogram
 *
 * After this the buckets can be read, summed and merged as they are.
 */
void vmlat_hist_settle(struct vmlat_hist *h)
{
	unsigned int i;

	for (i = 0; i < VMLAT_HIST_BUCKETS; i++)
		if (!(h->live[i / 64] & (1ULL << (i % 64))))
			h->buckets[i] = 0;
	for (i = 0; i < VMLAT_HIST_LIVE_WORDS; i++)
		h->live[i] = ~0ULL;
}

/**
 * vmlat_hist_merge() - add @src into @dst
 * @dst: a settled histogram
 * @src: another, settled too: stale buckets would add stale counts
 */
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

/**
 * vmlat_hist_bucket_sum() - the count as the buckets tell it
 * @h: a settled histogram
 *
 * Equal to h->count in a consistent copy; the tests use it to prove that.
 */
u64 vmlat_hist_bucket_sum(const struct vmlat_hist *h)
{
	u64 n = 0;
	unsigned int i;

	for (i = 0; i < VMLAT_HIST_BUCKETS; i++)
		n += h->buckets[i];
	return n;
}
