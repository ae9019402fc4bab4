// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the log-linear histogram (abi/vmlat_hist.[ch]): every
 * bucket's bounds round-trip through the index, the edges between exact,
 * log-linear and top buckets land where docs/abi.md says, and merging
 * equals recording everything in one histogram.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "vmlat_hist.h"

static struct vmlat_hist a, b, all;

/* the documented formula, written independently of the module's code */
static u64 doc_lower(unsigned int i)
{
	unsigned int k, s;

	if (i < 16)
		return i;
	if (i == 528)
		return 1ULL << 36;
	k = 4 + (i - 16) / 16;
	s = (i - 16) % 16;
	return (u64)(16 + s) << (k - 4);
}

static void test_bounds(void)
{
	unsigned int i, bad_rt = 0, bad_doc = 0, bad_gap = 0, bad_width = 0;

	tap_ok(VMLAT_HIST_BUCKETS == 529, "529 buckets (got %u)",
	       (unsigned int)VMLAT_HIST_BUCKETS);
	for (i = 0; i < VMLAT_HIST_BUCKETS; i++) {
		u64 lo = vmlat_hist_lower(i), hi = vmlat_hist_upper(i);

		if (vmlat_hist_index(lo) != i || vmlat_hist_index(hi) != i ||
		    lo > hi)
			bad_rt++;
		if (lo != doc_lower(i))
			bad_doc++;
		if (i + 1 < VMLAT_HIST_BUCKETS &&
		    vmlat_hist_lower(i + 1) != hi + 1)
			bad_gap++;
		if (i >= 16 && i < VMLAT_HIST_TOP && (hi - lo + 1) * 16 > lo)
			bad_width++;
	}
	tap_ok(!bad_rt, "index(lower(i)) == index(upper(i)) == i for every bucket (%u bad)",
	       bad_rt);
	tap_ok(!bad_doc, "lower bounds match the formula in docs/abi.md (%u bad)",
	       bad_doc);
	tap_ok(!bad_gap, "buckets tile the u64 range without gaps (%u bad)",
	       bad_gap);
	tap_ok(!bad_width, "no log-linear bucket wider than 1/16 of its lower bound (%u bad)",
	       bad_width);
	tap_ok(vmlat_hist_upper(VMLAT_HIST_TOP) == U64_MAX,
	       "top bucket's upper bound is U64_MAX");
}

static void test_edges(void)
{
	unsigned int k, bad = 0;

	tap_ok(vmlat_hist_index(0) == 0, "0 -> bucket 0");
	tap_ok(vmlat_hist_index(15) == 15, "15 -> bucket 15 (exact)");
	tap_ok(vmlat_hist_index(16) == 16, "16 -> bucket 16");
	tap_ok(vmlat_hist_index(31) == 31, "31 -> bucket 31 (still exact)");
	tap_ok(vmlat_hist_index(32) == 32 && vmlat_hist_index(33) == 32,
	       "32 and 33 share bucket 32 (width 2)");
	for (k = 4; k < 36; k++) {
		u64 p = 1ULL << k;
		unsigned int first = 16 + (k - 4) * 16;

		if (vmlat_hist_index(p) != first ||
		    vmlat_hist_index(p - 1) != (k == 4 ? 15 : first - 1) ||
		    vmlat_hist_index(p + 1) != first + (k == 4))
			bad++;
	}
	tap_ok(!bad, "2^k-1, 2^k, 2^k+1 land right for k = 4..35 (%u bad)", bad);
	tap_ok(vmlat_hist_index((1ULL << 36) - 1) == 527,
	       "2^36-1 -> last log-linear bucket 527");
	tap_ok(vmlat_hist_index(1ULL << 36) == VMLAT_HIST_TOP,
	       "2^36 -> top bucket");
	tap_ok(vmlat_hist_index(U64_MAX) == VMLAT_HIST_TOP,
	       "U64_MAX -> top bucket");
	bad = 0;
	for (k = 37; k < 64; k++)
		bad += vmlat_hist_index(1ULL << k) != VMLAT_HIST_TOP;
	tap_ok(!bad, "every 2^k >= 2^36 -> top bucket (%u bad)", bad);
}

/* rnd - values spread over all magnitudes, from a fixed seed */
static u64 rnd(void)
{
	u64 v = ((u64)random() << 31) ^ (u64)random();

	return v >> (random() % 64);
}

static bool same_hist(const struct vmlat_hist *x, const struct vmlat_hist *y)
{
	return !memcmp(x, y, sizeof(*x));
}

static void test_merge(void)
{
	unsigned int i;
	u64 v, sum = 0, min = U64_MAX, max = 0;

	srandom(42);
	vmlat_hist_clear(&a);
	vmlat_hist_clear(&b);
	vmlat_hist_clear(&all);
	tap_ok(a.count == 0 && a.min == U64_MAX && a.max == 0 &&
	       vmlat_hist_bucket_sum(&a) == 0, "a cleared histogram is empty");
	for (i = 0; i < 200000; i++) {
		v = rnd() >> 8;		/* keep the sum from wrapping */
		vmlat_hist_add(i % 3 ? &a : &b, v);
		vmlat_hist_add(&all, v);
		sum += v;
		min = v < min ? v : min;
		max = v > max ? v : max;
	}
	tap_ok(all.count == 200000 && all.sum == sum && all.min == min &&
	       all.max == max, "count, sum, min and max are exact");
	tap_ok(vmlat_hist_bucket_sum(&all) == all.count,
	       "count equals the sum of the buckets");
	vmlat_hist_merge(&a, &b);
	tap_ok(same_hist(&a, &all), "merge(a, b) equals recording a and b in one");
	vmlat_hist_clear(&b);
	vmlat_hist_merge(&a, &b);
	tap_ok(same_hist(&a, &all), "merging an empty histogram changes nothing");
	vmlat_hist_clear(&b);
	vmlat_hist_merge(&b, &all);
	tap_ok(same_hist(&b, &all), "merging into an empty histogram copies it");
}

/*
 * A reset touches no bucket; the stale ones must read 0 once settled, and
 * the first value into one must start it from 0 (the O(1) reset of
 * vmlat_hist_reset()).
 */
static void test_reset(void)
{
	unsigned int i;
	u64 v;

	srandom(7);
	vmlat_hist_clear(&a);
	vmlat_hist_clear(&all);
	for (i = 0; i < 50000; i++)
		vmlat_hist_add(&a, rnd() >> 20);
	vmlat_hist_reset(&a);
	tap_ok(a.count == 0 && a.sum == 0 && a.min == U64_MAX && a.max == 0,
	       "reset: count, sum, min and max are those of an empty one");
	b = a;
	vmlat_hist_settle(&b);
	tap_ok(vmlat_hist_bucket_sum(&b) == 0,
	       "reset: a settled copy has every bucket 0");
	for (i = 0; i < 30000; i++) {
		v = rnd() >> (8 + i % 40);
		vmlat_hist_add(&a, v);
		vmlat_hist_add(&all, v);
	}
	tap_ok(a.count == all.count && a.sum == all.sum && a.min == all.min &&
	       a.max == all.max, "after a reset: count, sum, min and max are exact");
	vmlat_hist_settle(&a);
	tap_ok(same_hist(&a, &all),
	       "after a reset, settled: equal to a histogram that never had the old values");
	tap_ok(vmlat_hist_bucket_sum(&a) == a.count,
	       "after a reset, settled: count equals the sum of the buckets");
}

int main(void)
{
	tap_header();
	test_bounds();
	test_edges();
	test_merge();
	test_reset();
	return tap_finish();
}
