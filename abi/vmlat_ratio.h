/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exact sums over CPUs, averages and ratios for vmlat's debugfs files.
 *
 * A sum over CPUs of u64 sums can exceed 64 bits, and a ratio such as
 * steal_ns * 10^6 / elapsed_ns does so long before its result does: the
 * kernel's mul_u64_u32_div() and div64_u64() family raise #DE when a
 * quotient does not fit, and a u128 '/' needs libgcc's __udivti3, which
 * the kernel does not provide. So values are kept as two u64 halves and
 * divided here, bit by bit, with 64-bit operations only; nothing here can
 * fault or wrap. A sum that does not fit in a u64 is printed saturated
 * (docs/abi.md, "Overflow").
 *
 * Pure code: built in the module, in the reader (which merges the CPUs
 * it is asked for by the same rules) and in the host unit tests, which
 * check it against the compiler's unsigned __int128
 * (tests/unit/test_ratio.c).
 */
#ifndef VMLAT_RATIO_H
#define VMLAT_RATIO_H

#include "vmlat_abi_types.h"

/* struct vmlat_wide - an unsigned 128-bit integer */
struct vmlat_wide {
	u64 hi;
	u64 lo;
};

/* Digits of 2^128 - 1, and room for the terminating NUL. */
#define VMLAT_WIDE_STR_LEN	40
/* A ratio: up to 39 integer digits, the point, up to 9 decimals, NUL. */
#define VMLAT_RATIO_STR_LEN	(VMLAT_WIDE_STR_LEN + 10)

static inline struct vmlat_wide vmlat_wide_u64(u64 v)
{
	return (struct vmlat_wide){ .hi = 0, .lo = v };
}

static inline bool vmlat_wide_is_zero(struct vmlat_wide v)
{
	return !v.hi && !v.lo;
}

/* vmlat_wide_fits - true when @v is a u64 */
static inline bool vmlat_wide_fits(struct vmlat_wide v)
{
	return !v.hi;
}

/* vmlat_wide_sat - @v, or U64_MAX when it does not fit in a u64 */
static inline u64 vmlat_wide_sat(struct vmlat_wide v)
{
	return v.hi ? ~0ULL : v.lo;
}

/**
 * vmlat_wide_add() - add a u64 to a 128-bit sum
 * @acc: the sum
 * @v: the value
 *
 * A sum of fewer than 2^64 u64 values (one per CPU) never wraps; beyond
 * that the sum stays at 2^128 - 1.
 */
static inline void vmlat_wide_add(struct vmlat_wide *acc, u64 v)
{
	u64 lo = acc->lo + v;

	if (lo < v) {
		if (acc->hi == ~0ULL) {
			acc->lo = ~0ULL;
			return;
		}
		acc->hi++;
	}
	acc->lo = lo;
}

/**
 * vmlat_wide_add_wide() - add a 128-bit value to a 128-bit sum
 * @acc: the sum
 * @v: the value
 *
 * Stays at 2^128 - 1 beyond it, as vmlat_wide_add() does.
 */
static inline void vmlat_wide_add_wide(struct vmlat_wide *acc,
				       struct vmlat_wide v)
{
	u64 hi = acc->hi + v.hi;

	if (hi < v.hi) {
		acc->hi = ~0ULL;
		acc->lo = ~0ULL;
		return;
	}
	acc->hi = hi;
	vmlat_wide_add(acc, v.lo);
}

/**
 * vmlat_add_sat() - @a + @b, or U64_MAX when that does not fit
 * @a: a value
 * @b: another
 *
 * For the merged bucket counts, which stay u64.
 */
static inline u64 vmlat_add_sat(u64 a, u64 b)
{
	return a + b < a ? ~0ULL : a + b;
}

struct vmlat_wide vmlat_wide_mul_u32(struct vmlat_wide a, u32 m);
struct vmlat_wide vmlat_wide_div(struct vmlat_wide n, struct vmlat_wide d,
				 struct vmlat_wide *rem);
u64 vmlat_avg(struct vmlat_wide sum, struct vmlat_wide count);
unsigned int vmlat_wide_str(struct vmlat_wide v, char *buf);
struct vmlat_wide vmlat_ratio_scaled(struct vmlat_wide a, struct vmlat_wide b,
				     u32 unit, unsigned int decimals);
void vmlat_ratio_str(char *buf, struct vmlat_wide a, struct vmlat_wide b,
		     u32 unit, unsigned int decimals);

#endif /* VMLAT_RATIO_H */
