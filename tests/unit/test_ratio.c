// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the 128-bit helpers behind every ratio, average and
 * merged sum in debugfs (abi/vmlat_ratio.c), against the compiler's
 * unsigned __int128 (whose division is libgcc's, not ours): at 0, 1,
 * U64_MAX, 2^64 and above, and at random values of every bit length.
 * A negative control runs the pre-fix formula, div64_u64(a * scale, b) with
 * a 64-bit product, through the same checker: it must fail, and the test
 * counts the cases where the kernel's mul_u64_u32_div() raised #DE.
 */
#include <stdio.h>
#include <string.h>
#include <linux/types.h>	/* the shim: u128 for the reference */

#include "tap.h"
#include "vmlat_ratio.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define RANDOM_CASES	200000

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

/* xorshift64*: reproducible, so a failure can be replayed */
static u64 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* rnd_bits - a random value of 0..@max_bits bits, each length as likely */
static u128 rnd_bits(unsigned int max_bits)
{
	unsigned int bits = rnd() % (max_bits + 1);
	u128 v = (u128)rnd() << 64 | rnd();

	if (!bits)
		return 0;
	return bits >= 128 ? v : v & (((u128)1 << bits) - 1);
}

static struct vmlat_wide W(u128 v)
{
	return (struct vmlat_wide){ .hi = (u64)(v >> 64), .lo = (u64)v };
}

static u128 U(struct vmlat_wide w)
{
	return (u128)w.hi << 64 | w.lo;
}

static void ref_str(u128 v, char *buf)
{
	char rev[48];
	int n = 0, i;

	do {
		rev[n++] = '0' + (int)(v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		buf[i] = rev[n - 1 - i];
	buf[n] = '\0';
}

/* ref_ratio - the reference: floor(a * unit * 10^dec / b), "I.FFF" */
static void ref_ratio(char *buf, u128 a, u128 b, u32 unit, unsigned int dec)
{
	u128 pow = 1, q;
	unsigned int i, n;

	for (i = 0; i < dec; i++)
		pow *= 10;
	q = b ? a * unit * pow / b : 0;
	ref_str(q / pow, buf);
	if (!dec)
		return;
	n = strlen(buf);
	sprintf(buf + n, ".%0*llu", (int)dec, (unsigned long long)(q % pow));
}

/* the formula before the fix: a 64-bit product, as mul_u64_u32_div(a, s, 1) */
static void old_ratio(char *buf, u64 a, u64 b, u32 scale, unsigned int dec)
{
	u64 q = (u64)((u128)a * scale) / b, pow = 1;
	unsigned int i;

	for (i = 0; i < dec; i++)
		pow *= 10;
	sprintf(buf, "%llu.%0*llu", (unsigned long long)(q / pow), (int)dec,
		(unsigned long long)(q % pow));
}

static const u128 edges[] = {
	0, 1, 2, 9, 10, 999, 1000, 0xffffffffULL, 0x100000000ULL,
	17592186044416ULL,		/* 2^44 */
	18000000000000ULL,		/* where steal_ms_per_s used to fault */
	1152921504606846976ULL,		/* 2^60 */
	0xfffffffffffffc17ULL,		/* U64_MAX - 1000 */
	0xffffffffffffffffULL,		/* U64_MAX */
	(u128)1 << 64, ((u128)1 << 64) + 1, ((u128)1 << 65) - 2,
	(u128)1 << 96, ((u128)1 << 96) - 1,
};

#define NR_EDGES	ARRAY_SIZE(edges)

static unsigned int bad_div, bad_mul, bad_str, bad_ratio, bad_avg;

static void check_div(u128 n, u128 d)
{
	struct vmlat_wide rem;
	u128 q = U(vmlat_wide_div(W(n), W(d), &rem));

	if (!d ? (q || U(rem)) : (q != n / d || U(rem) != n % d)) {
		if (bad_div++ < 5)
			tap_diag("div %#llx:%016llx / %#llx:%016llx wrong",
				 (unsigned long long)(n >> 64),
				 (unsigned long long)n,
				 (unsigned long long)(d >> 64),
				 (unsigned long long)d);
	}
	if (vmlat_avg(W(n), W(d)) !=
	    (!d ? 0 : n / d > ~0ULL ? ~0ULL : (u64)(n / d)))
		bad_avg++;
}

static void check_mul(u128 a, u32 m)
{
	u128 want;

	if (__builtin_mul_overflow(a, (u128)m, &want))
		want = ~(u128)0;
	if (U(vmlat_wide_mul_u32(W(a), m)) != want && bad_mul++ < 5)
		tap_diag("mul %#llx:%016llx x %u wrong",
			 (unsigned long long)(a >> 64), (unsigned long long)a,
			 m);
}

static void check_str(u128 v)
{
	char got[VMLAT_WIDE_STR_LEN], want[48];
	unsigned int n = vmlat_wide_str(W(v), got);

	ref_str(v, want);
	if ((strcmp(got, want) || n != strlen(want)) && bad_str++ < 5)
		tap_diag("str: got %s, want %s", got, want);
}

static void check_ratio(u128 a, u128 b, u32 unit, unsigned int dec)
{
	char got[VMLAT_RATIO_STR_LEN], want[96];

	ref_ratio(want, a, b, unit, dec);
	vmlat_ratio_str(got, W(a), W(b), unit, dec);
	if (strcmp(got, want) && bad_ratio++ < 5)
		tap_diag("ratio %s: got %s, want %s",
			 unit == 1000 ? "ms/s" : "share", got, want);
}

static void test_edges(void)
{
	unsigned int i, j;

	bad_div = bad_mul = bad_str = bad_ratio = bad_avg = 0;
	for (i = 0; i < NR_EDGES; i++) {
		check_str(edges[i]);
		check_mul(edges[i], 0);
		check_mul(edges[i], 1);
		check_mul(edges[i], 10000);
		check_mul(edges[i], 1000000);
		check_mul(edges[i], 0xffffffffU);
		for (j = 0; j < NR_EDGES; j++) {
			check_div(edges[i], edges[j]);
			check_ratio(edges[i], edges[j], 1000, 3);
			check_ratio(edges[i], edges[j], 1, 4);
		}
	}
	check_str(~(u128)0);
	check_div(~(u128)0, 1);
	check_div(~(u128)0, ~(u128)0);
	check_div(~(u128)0, (u128)1 << 127);
	check_div(((u128)1 << 127) + 5, ((u128)1 << 127) + 1);
	check_div(~(u128)0, ((u128)1 << 127) + 1);
	check_mul(~(u128)0, 2);
	check_mul((u128)1 << 127, 2);
	check_mul(((u128)1 << 96) - 1, 0xffffffffU);
	tap_ok(!bad_div, "division at 0, 1, U64_MAX, 2^64.. 2^128 - 1 (%u wrong)",
	       bad_div);
	tap_ok(!bad_avg, "averages at the edges, saturated above U64_MAX (%u wrong)",
	       bad_avg);
	tap_ok(!bad_mul, "x u32 at the edges, saturated above 2^128 - 1 (%u wrong)",
	       bad_mul);
	tap_ok(!bad_str, "decimal at the edges, 2^128 - 1 included (%u wrong)",
	       bad_str);
	tap_ok(!bad_ratio,
	       "steal_ms_per_s and stolen_share ratios at the edges (%u wrong)",
	       bad_ratio);
}

static void test_random(void)
{
	unsigned long i;

	bad_div = bad_mul = bad_str = bad_ratio = bad_avg = 0;
	for (i = 0; i < RANDOM_CASES; i++) {
		u128 n = rnd_bits(128), d = rnd_bits(128);
		u128 a = rnd_bits(96), b = rnd_bits(96);

		check_div(n, d);
		check_div(n, d >> 64);
		check_mul(n, (u32)rnd());
		check_mul(a, (u32)rnd());
		check_str(n);
		check_ratio(a, b, 1000, 3);
		check_ratio(a, b, 1, 4);
		check_ratio(a, b >> 40, 1000, 3);
		check_ratio(a, rnd_bits(20), 1, 4);
	}
	tap_ok(!bad_div, "%d random divisions of every bit length (%u wrong)",
	       RANDOM_CASES * 2, bad_div);
	tap_ok(!bad_avg, "%d random averages (%u wrong)", RANDOM_CASES * 2,
	       bad_avg);
	tap_ok(!bad_mul, "%d random products (%u wrong)", RANDOM_CASES * 2,
	       bad_mul);
	tap_ok(!bad_str, "%d random decimals (%u wrong)", RANDOM_CASES, bad_str);
	tap_ok(!bad_ratio, "%d random ratios, sums up to 2^96 (%u wrong)",
	       RANDOM_CASES * 4, bad_ratio);
}

static void test_sums(void)
{
	struct vmlat_wide s = vmlat_wide_u64(0);
	u128 ref = 0;
	unsigned int i;

	for (i = 0; i < 4096; i++) {
		u64 v = i % 3 ? ~0ULL - i : rnd();

		vmlat_wide_add(&s, v);
		ref += v;
	}
	tap_ok(U(s) == ref, "4096 u64 values, most near U64_MAX, sum exactly");
	tap_ok(!vmlat_wide_fits(s) && vmlat_wide_sat(s) == ~0ULL,
	       "a sum above U64_MAX saturates to U64_MAX when printed");
	s = vmlat_wide_u64(~0ULL);
	tap_ok(vmlat_wide_fits(s) && vmlat_wide_sat(s) == ~0ULL,
	       "U64_MAX itself fits");
	vmlat_wide_add(&s, 1);
	tap_ok(s.hi == 1 && s.lo == 0, "U64_MAX + 1 carries into the top half");
	s.hi = ~0ULL;
	s.lo = ~0ULL;
	vmlat_wide_add(&s, 5);
	tap_ok(s.hi == ~0ULL && s.lo == ~0ULL, "2^128 - 1 + 5 stays at 2^128 - 1");
	tap_ok(vmlat_add_sat(~0ULL - 1, 1) == ~0ULL &&
	       vmlat_add_sat(~0ULL, 1) == ~0ULL &&
	       vmlat_add_sat(~0ULL - 5, 3) == ~0ULL - 2 &&
	       vmlat_add_sat(0, 0) == 0, "bucket counts add saturating");
}

static void test_negative_control(void)
{
	char got[96], want[96];
	unsigned int wrong = 0, faults = 0, i, j;

	for (i = 0; i < NR_EDGES; i++) {
		for (j = 0; j < NR_EDGES; j++) {
			if (edges[i] >> 64 || edges[j] >> 64 || !edges[j])
				continue;
			faults += (edges[i] * 1000000) >> 64 != 0;
			old_ratio(got, (u64)edges[i], (u64)edges[j], 1000000, 3);
			ref_ratio(want, edges[i], edges[j], 1000, 3);
			wrong += !!strcmp(got, want);
		}
	}
	tap_ok(wrong > 0 && faults > 0,
	       "negative control: the pre-fix formula is wrong in %u cases, %u of which raised #DE in the kernel",
	       wrong, faults);
}

int main(void)
{
	tap_header();
	tap_diag("xorshift64* seed %#llx", (unsigned long long)rng_state);
	test_edges();
	test_sums();
	test_random();
	test_negative_control();
	return tap_finish();
}
