/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Log-linear (HDR style) histograms of nanosecond values.
 *
 * Values 0..15 get one bucket each. Above, every power of two
 * [2^k, 2^(k+1)) for k = 4..35 is cut into 16 equal sub-buckets, so no
 * bucket is wider than 1/16 of its lower bound. Everything from 2^36 ns
 * (about 68.7 s) up shares the top bucket. 529 buckets of 64-bit counts,
 * plus the exact count, sum, min and max beside them.
 *
 * A reset must be O(1) in hard IRQ, so it does not touch the buckets: a
 * bitmap says which buckets are live, a reset clears the bitmap, and the
 * first value that lands in a stale bucket zeroes it first. Readers take
 * a copy and settle it (vmlat_hist_settle()): stale buckets read 0.
 *
 * Shared by the module, the reader (bucket bounds and indices of the
 * files it reads) and the host unit tests: abi/ is the one place where
 * the bucket layout is written.
 */
#ifndef VMLAT_HIST_H
#define VMLAT_HIST_H

#include "vmlat_abi_types.h"

#define VMLAT_HIST_SUB_BITS	4
#define VMLAT_HIST_SUB		(1 << VMLAT_HIST_SUB_BITS)	/* 16 */
#define VMLAT_HIST_MAX_SHIFT	36	/* top bucket from 2^36 ns */
#define VMLAT_HIST_TOP_NS	(1ULL << VMLAT_HIST_MAX_SHIFT)
#define VMLAT_HIST_BUCKETS \
	(VMLAT_HIST_SUB + \
	 (VMLAT_HIST_MAX_SHIFT - VMLAT_HIST_SUB_BITS) * VMLAT_HIST_SUB + 1)
#define VMLAT_HIST_TOP		(VMLAT_HIST_BUCKETS - 1)
#define VMLAT_HIST_LIVE_WORDS	((VMLAT_HIST_BUCKETS + 63) / 64)

struct vmlat_hist {
	u64 count;
	u64 sum;
	u64 min;	/* U64_MAX while count == 0 */
	u64 max;
	u64 live[VMLAT_HIST_LIVE_WORDS];	/* bit i: buckets[i] is valid */
	u64 buckets[VMLAT_HIST_BUCKETS];
};

/**
 * vmlat_hist_index() - the bucket that holds @v
 * @v: a value in ns
 *
 * Return: an index in [0, VMLAT_HIST_TOP].
 */
static inline unsigned int vmlat_hist_index(u64 v)
{
	unsigned int shift;

	if (v < VMLAT_HIST_SUB)
		return v;
	if (v >= VMLAT_HIST_TOP_NS)
		return VMLAT_HIST_TOP;
	/* v has its top bit at k >= 4; keep the 4 bits below it. */
	shift = vmlat_fls64(v) - 1 - VMLAT_HIST_SUB_BITS;
	return VMLAT_HIST_SUB * (shift + 1) +
	       ((v >> shift) & (VMLAT_HIST_SUB - 1));
}

/**
 * vmlat_hist_add() - count one value
 * @h: the histogram
 * @v: the value in ns
 *
 * Cheap enough for hard-IRQ context: no loop, no lock. The caller
 * serialises writers (one CPU writes its own histograms).
 */
static inline void vmlat_hist_add(struct vmlat_hist *h, u64 v)
{
	unsigned int i = vmlat_hist_index(v);
	u64 bit = 1ULL << (i % 64);

	/* a bucket stale since the last reset starts again from 0 */
	if (!(h->live[i / 64] & bit)) {
		h->live[i / 64] |= bit;
		h->buckets[i] = 0;
	}
	h->buckets[i]++;
	h->count++;
	h->sum += v;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
}

u64 vmlat_hist_lower(unsigned int idx);
u64 vmlat_hist_upper(unsigned int idx);
void vmlat_hist_clear(struct vmlat_hist *h);
void vmlat_hist_reset(struct vmlat_hist *h);
void vmlat_hist_settle(struct vmlat_hist *h);
void vmlat_hist_merge(struct vmlat_hist *dst, const struct vmlat_hist *src);
u64 vmlat_hist_bucket_sum(const struct vmlat_hist *h);

#endif /* VMLAT_HIST_H */
