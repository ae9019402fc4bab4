// SPDX-License-Identifier: GPL-2.0
/*
 * 128-bit multiply, divide and decimal printing with 64-bit operations
 * only; vmlat_ratio.h says why. Pure code shared by the module, the
 * reader and the host unit tests. Speed hardly matters: this runs when a
 * file is read or printed, a few dozen times per file.
 */
#include "vmlat_ratio.h"

#define VMLAT_LOW32(v)	((v) & 0xffffffffULL)

/**
 * vmlat_wide_mul_u32() - @a x @m
 * @a: a 128-bit value
 * @m: a 32-bit factor
 *
 * Return: the product, or 2^128 - 1 when it does not fit (never for a
 * sum over CPUs, which is below 2^96, times a factor below 2^32).
 */
struct vmlat_wide vmlat_wide_mul_u32(struct vmlat_wide a, u32 m)
{
	const struct vmlat_wide all = { .hi = ~0ULL, .lo = ~0ULL };
	u64 p0 = VMLAT_LOW32(a.lo) * m;		/* bits 0..63 */
	u64 p1 = (a.lo >> 32) * m;		/* bits 32..95 */
	u64 p2 = VMLAT_LOW32(a.hi) * m;		/* bits 64..127 */
	u64 p3 = (a.hi >> 32) * m;		/* bits 96..159 */
	struct vmlat_wide r;
	u64 t;

	r.lo = p0 + (p1 << 32);
	t = (p1 >> 32) + (r.lo < p0);
	/* p2 < 2^64 - 2^33 and t <= 2^32: this cannot carry out */
	r.hi = p2 + t;
	if (p3 >> 32)
		return all;
	t = p3 << 32;
	r.hi += t;
	if (r.hi < t)
		return all;
	return r;
}

static bool vmlat_wide_ge(struct vmlat_wide a, struct vmlat_wide b)
{
	return a.hi != b.hi ? a.hi > b.hi : a.lo >= b.lo;
}

static struct vmlat_wide vmlat_wide_sub(struct vmlat_wide a,
					struct vmlat_wide b)
{
	struct vmlat_wide r = { .hi = a.hi - b.hi, .lo = a.lo - b.lo };

	r.hi -= a.lo < b.lo;
	return r;
}

/**
 * vmlat_wide_div() - @n / @d, rounded down
 * @n: the dividend
 * @d: the divisor
 * @rem: if not NULL, the remainder
 *
 * Shift-and-subtract long division, one quotient bit per step.
 *
 * Return: the quotient; 0 (and remainder 0) when @d is 0.
 */
struct vmlat_wide vmlat_wide_div(struct vmlat_wide n, struct vmlat_wide d,
				 struct vmlat_wide *rem)
{
	struct vmlat_wide q = { 0, 0 }, r = { 0, 0 };
	int bit;

	if (vmlat_wide_is_zero(d)) {
		if (rem)
			*rem = r;
		return q;
	}
	bit = n.hi ? 63 + vmlat_fls64(n.hi) : vmlat_fls64(n.lo) - 1;
	for (; bit >= 0; bit--) {
		/* r < d before the shift, so 2r + 1 < 2^129: keep bit 128 */
		bool top = r.hi >> 63;
		u64 in = bit >= 64 ? n.hi >> (bit - 64) : n.lo >> bit;

		r.hi = r.hi << 1 | r.lo >> 63;
		r.lo = r.lo << 1 | (in & 1);
		q.hi = q.hi << 1 | q.lo >> 63;
		q.lo <<= 1;
		if (top || vmlat_wide_ge(r, d)) {
			/* modulo 2^128 this is right even when top is set */
			r = vmlat_wide_sub(r, d);
			q.lo |= 1;
		}
	}
	if (rem)
		*rem = r;
	return q;
}

/* vmlat_wide_div_u32 - divide @n by @d (@d > 0) in place; the remainder */
static u32 vmlat_wide_div_u32(struct vmlat_wide *n, u32 d)
{
	u64 limb[4] = { n->hi >> 32, VMLAT_LOW32(n->hi), n->lo >> 32,
			VMLAT_LOW32(n->lo) };
	u64 r = 0, cur;
	unsigned int i;

	/* schoolbook division by 32-bit digits: r < d, so cur < 2^64 */
	for (i = 0; i < 4; i++) {
		cur = r << 32 | limb[i];
		limb[i] = cur / d;
		r = cur % d;
	}
	n->hi = limb[0] << 32 | limb[1];
	n->lo = limb[2] << 32 | limb[3];
	return r;
}

/**
 * vmlat_avg() - @sum / @count, rounded down
 * @sum: a sum of values
 * @count: how many
 *
 * Return: the mean; 0 when @count is 0; U64_MAX when the mean does not
 * fit (only for made-up input: a mean of u64 values is a u64).
 */
u64 vmlat_avg(struct vmlat_wide sum, struct vmlat_wide count)
{
	return vmlat_wide_sat(vmlat_wide_div(sum, count, NULL));
}

/**
 * vmlat_wide_str() - @v in decimal
 * @v: the value
 * @buf: at least VMLAT_WIDE_STR_LEN bytes
 *
 * Return: the number of digits written before the NUL.
 */
unsigned int vmlat_wide_str(struct vmlat_wide v, char *buf)
{
	char rev[VMLAT_WIDE_STR_LEN];
	unsigned int n = 0, i;

	do {
		rev[n++] = '0' + vmlat_wide_div_u32(&v, 10);
	} while (!vmlat_wide_is_zero(v));
	for (i = 0; i < n; i++)
		buf[i] = rev[n - 1 - i];
	buf[n] = '\0';
	return n;
}

/**
 * vmlat_ratio_scaled() - @a / @b x @unit x 10^@decimals, rounded down
 * @a: the numerator
 * @b: the denominator; 0 gives 0
 * @unit: e.g. 1000 for ms per s from ns per ns
 * @decimals: 0..9; @unit x 10^@decimals must be below 2^32
 *
 * The ratio as a fixed-point integer: what vmlat_ratio_str() prints,
 * without the point. The reader keeps ratios so.
 */
struct vmlat_wide vmlat_ratio_scaled(struct vmlat_wide a, struct vmlat_wide b,
				     u32 unit, unsigned int decimals)
{
	u32 pow = 1;
	unsigned int i;

	for (i = 0; i < decimals; i++)
		pow *= 10;
	return vmlat_wide_div(vmlat_wide_mul_u32(a, unit * pow), b, NULL);
}

/**
 * vmlat_ratio_str() - @a / @b x @unit with @decimals decimals, truncated
 * @buf: at least VMLAT_RATIO_STR_LEN bytes
 * @a: the numerator
 * @b: the denominator; 0 prints 0 (with the decimals)
 * @unit: e.g. 1000 for ms per s from ns per ns
 * @decimals: 0..9; @unit x 10^@decimals must be below 2^32
 *
 * The digits are those of floor(@a x @unit x 10^@decimals / @b): exact,
 * rounded down, never wrapped.
 */
void vmlat_ratio_str(char *buf, struct vmlat_wide a, struct vmlat_wide b,
		     u32 unit, unsigned int decimals)
{
	struct vmlat_wide q;
	u32 pow = 1, frac;
	unsigned int i, n;

	for (i = 0; i < decimals; i++)
		pow *= 10;
	q = vmlat_ratio_scaled(a, b, unit, decimals);
	frac = vmlat_wide_div_u32(&q, pow);
	n = vmlat_wide_str(q, buf);
	if (!decimals)
		return;
	buf[n++] = '.';
	for (i = decimals; i > 0; i--) {
		buf[n + i - 1] = '0' + frac % 10;
		frac /= 10;
	}
	buf[n + decimals] = '\0';
}
