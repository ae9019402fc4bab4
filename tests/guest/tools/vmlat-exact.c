// SPDX-License-Identifier: GPL-2.0
/*
 * vmlat-exact: exact integer maths for the guest tests, which cannot do
 * it themselves (busybox awk computes in doubles, 53 bits). Each command
 * prints one result computed with unsigned __int128 and libgcc's
 * division, independently of the module's own 128-bit helpers, so the
 * tests recompute what vmlat's files must say.
 *
 * Usage:
 *   vmlat-exact sum A...           the exact sum
 *   vmlat-exact sat A...           the sum, saturated at 2^64 - 1
 *   vmlat-exact over A...          1 when the sum exceeds 2^64 - 1, else 0
 *   vmlat-exact sub A B            A - B, B <= A
 *   vmlat-exact avg SUM COUNT      floor(SUM / COUNT), saturated; 0 if COUNT 0
 *   vmlat-exact ratio A B UNIT DEC A / B x UNIT, truncated to DEC decimals;
 *                                  0 with DEC decimals when B is 0
 *   vmlat-exact min A... / max A...
 *   vmlat-exact rows V N [V N]...  the histogram rows "lower upper count"
 *                                  of N values V (each pair), merged and
 *                                  in ascending order (docs/abi.md's rule)
 * Numbers are decimals up to 2^128 - 1; a sum may not exceed that.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define u128		__uint128_t
#define U64_MAX		((u128)~0ULL)
#define NR_BUCKETS	529

static void die(const char *why, const char *arg)
{
	fprintf(stderr, "vmlat-exact: %s%s%s\n", why, arg ? ": " : "",
		arg ? arg : "");
	exit(2);
}

static u128 num(const char *s)
{
	u128 v = 0;
	const char *p = s;

	if (!*p)
		die("not a number", s);
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			die("not a number", s);
		if (v > (~(u128)0 - (unsigned int)(*p - '0')) / 10)
			die("above 2^128 - 1", s);
		v = v * 10 + (unsigned int)(*p - '0');
	}
	return v;
}

/* dec - @v in decimal, in @buf (48 bytes); returns the first digit */
static char *dec(u128 v, char *buf)
{
	char *p = buf + 47;

	*p = '\0';
	do {
		*--p = '0' + (char)(v % 10);
		v /= 10;
	} while (v);
	return p;
}

static void put(u128 v)
{
	char buf[48];

	puts(dec(v, buf));
}

static u128 sum(int argc, char **argv)
{
	u128 s = 0, v;
	int i;

	for (i = 0; i < argc; i++) {
		v = num(argv[i]);
		if (s + v < s)
			die("the total is above 2^128 - 1", NULL);
		s += v;
	}
	return s;
}

/* the bucket of v, from docs/abi.md: 0..15 exact, 16 per power of two */
static unsigned int bucket(u128 v)
{
	unsigned int k;

	if (v < 16)
		return (unsigned int)v;
	if (v >= (u128)1 << 36)
		return NR_BUCKETS - 1;
	for (k = 4; v >> (k + 1); k++)
		;
	return 16 + (k - 4) * 16 + (unsigned int)((v >> (k - 4)) - 16);
}

static void bounds(unsigned int i, u128 *lower, u128 *upper)
{
	unsigned int k, s;

	if (i < 16) {
		*lower = *upper = i;
		return;
	}
	if (i == NR_BUCKETS - 1) {
		*lower = (u128)1 << 36;
		*upper = U64_MAX;
		return;
	}
	k = 4 + (i - 16) / 16;
	s = (i - 16) % 16;
	*lower = (u128)(16 + s) << (k - 4);
	*upper = *lower + ((u128)1 << (k - 4)) - 1;
}

static void rows(int argc, char **argv)
{
	static u128 count[NR_BUCKETS];
	char l[48], u[48], c[48];
	u128 lo, up;
	unsigned int i;
	int a;

	if (argc % 2)
		die("expected pairs of V N", NULL);
	for (a = 0; a < argc; a += 2)
		count[bucket(num(argv[a]))] += num(argv[a + 1]);
	for (i = 0; i < NR_BUCKETS; i++) {
		if (!count[i])
			continue;
		bounds(i, &lo, &up);
		printf("%s %s %s\n", dec(lo, l), dec(up, u), dec(count[i], c));
	}
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	int n = argc - 2;
	char **a = argv + 2;
	u128 v, b, q, pow = 1;
	int i;

	if (!strcmp(cmd, "sum")) {
		put(sum(n, a));
	} else if (!strcmp(cmd, "sat")) {
		v = sum(n, a);
		put(v > U64_MAX ? U64_MAX : v);
	} else if (!strcmp(cmd, "over")) {
		put(sum(n, a) > U64_MAX);
	} else if (!strcmp(cmd, "sub") && n == 2) {
		v = num(a[0]);
		b = num(a[1]);
		if (b > v)
			die("sub: B > A", a[1]);
		put(v - b);
	} else if (!strcmp(cmd, "avg") && n == 2) {
		b = num(a[1]);
		v = b ? num(a[0]) / b : 0;
		put(v > U64_MAX ? U64_MAX : v);
	} else if (!strcmp(cmd, "ratio") && n == 4) {
		unsigned int decimals = (unsigned int)num(a[3]);
		char buf[48];

		for (i = 0; i < (int)decimals; i++)
			pow *= 10;
		b = num(a[1]);
		q = b ? num(a[0]) * num(a[2]) * pow / b : 0;
		/* integer part, then exactly dec digits */
		printf("%s.", dec(q / pow, buf));
		q %= pow;
		for (i = (int)decimals - 1; i >= 0; i--) {
			u128 d = 1;
			int j;

			for (j = 0; j < i; j++)
				d *= 10;
			putchar('0' + (int)(q / d % 10));
		}
		putchar('\n');
	} else if ((!strcmp(cmd, "min") || !strcmp(cmd, "max")) && n > 0) {
		v = num(a[0]);
		for (i = 1; i < n; i++) {
			b = num(a[i]);
			if (cmd[1] == 'i' ? b < v : b > v)
				v = b;
		}
		put(v);
	} else if (!strcmp(cmd, "rows")) {
		rows(n, a);
	} else {
		die("usage: vmlat-exact sum|sat|over|sub|avg|ratio|min|max|rows ...",
		    NULL);
	}
	return 0;
}
