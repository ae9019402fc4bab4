// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the knob parsers (abi/vmlat_grammar.c): what each knob
 * accepts, what it rejects, and that a rejected value writes nothing.
 */
#include <errno.h>
#include <string.h>

#include "tap.h"
#include "vmlat_grammar.h"

#define POISON 0xdeadbeefULL

static void check_u64(const char *s, u64 min, u64 max, int want_ret,
		      u64 want)
{
	u64 out = POISON;
	int ret = vmlat_parse_u64(s, min, max, &out);

	if (want_ret)
		tap_ok(ret == -EINVAL && out == POISON,
		       "u64 [%llu,%llu] rejects \"%s\" and writes nothing",
		       (unsigned long long)min, (unsigned long long)max, s);
	else
		tap_ok(ret == 0 && out == want,
		       "u64 [%llu,%llu] takes \"%s\" as %llu",
		       (unsigned long long)min, (unsigned long long)max, s,
		       (unsigned long long)want);
}

static void test_u64(void)
{
	check_u64("1000", 50, 1000000, 0, 1000);
	check_u64("1000\n", 50, 1000000, 0, 1000);
	check_u64("50", 50, 1000000, 0, 50);
	check_u64("1000000", 50, 1000000, 0, 1000000);
	check_u64("0", 0, 10, 0, 0);
	check_u64("18446744073709551615", 0, U64_MAX, 0, U64_MAX);
	check_u64("00000000000000000001", 0, 10, 0, 1);
	check_u64("49", 50, 1000000, -EINVAL, 0);
	check_u64("1000001", 50, 1000000, -EINVAL, 0);
	check_u64("", 0, 10, -EINVAL, 0);
	check_u64("\n", 0, 10, -EINVAL, 0);
	check_u64("1000x", 50, 1000000, -EINVAL, 0);
	check_u64("-1", 0, U64_MAX, -EINVAL, 0);
	check_u64("+5", 0, 10, -EINVAL, 0);
	check_u64(" 5", 0, 10, -EINVAL, 0);
	check_u64("5 ", 0, 10, -EINVAL, 0);
	check_u64("5\n\n", 0, 10, -EINVAL, 0);
	check_u64("0x10", 0, 100, -EINVAL, 0);
	check_u64("abc", 0, 100, -EINVAL, 0);
	check_u64("18446744073709551616", 0, U64_MAX, -EINVAL, 0);
	check_u64("99999999999999999999", 0, U64_MAX, -EINVAL, 0);
	check_u64("000000000000000000001", 0, 10, -EINVAL, 0);
	check_u64("2", 1, 1, -EINVAL, 0);
}

static void check_bool(const char *s, int want_ret, bool want)
{
	bool out = !want;
	int ret = vmlat_parse_bool(s, &out);

	if (want_ret)
		tap_ok(ret == -EINVAL, "bool rejects \"%s\"", s);
	else
		tap_ok(ret == 0 && out == want, "bool takes \"%s\" as %d", s,
		       want);
}

static void test_bool(void)
{
	check_bool("1", 0, true);
	check_bool("Y\n", 0, true);
	check_bool("y", 0, true);
	check_bool("0", 0, false);
	check_bool("n", 0, false);
	check_bool("N\n", 0, false);
	check_bool("", -EINVAL, false);
	check_bool("\n", -EINVAL, false);
	check_bool("yes", -EINVAL, false);
	check_bool("10", -EINVAL, false);
	check_bool("on", -EINVAL, false);
	check_bool("2", -EINVAL, false);
	check_bool("1 ", -EINVAL, false);
}

/* check_list - @want is the expected set of CPUs < 64 as a bit mask */
static void check_list(const char *s, unsigned int nbits, int want_ret,
		       unsigned long want)
{
	unsigned long bits[2] = { POISON, POISON };
	int ret = vmlat_parse_cpulist(s, bits, nbits);

	if (want_ret)
		tap_ok(ret == -EINVAL && bits[0] == POISON && bits[1] == POISON,
		       "cpulist (%u CPUs) rejects \"%s\" and writes nothing",
		       nbits, s);
	else
		tap_ok(ret == 0 && bits[0] == want && bits[1] == POISON,
		       "cpulist (%u CPUs) takes \"%s\" as %#lx", nbits, s,
		       want);
}

static void test_cpulist(void)
{
	check_list("0", 2, 0, 0x1);
	check_list("1\n", 2, 0, 0x2);
	check_list("0-1", 2, 0, 0x3);
	check_list("0,1", 2, 0, 0x3);
	check_list("1,0", 2, 0, 0x3);
	check_list("0-7:2/4", 8, 0, 0x33);
	check_list("0-15:1/8,3", 16, 0, 0x109);
	check_list("2-2", 4, 0, 0x4);
	check_list("0-63", 64, 0, ~0UL);
	check_list("2", 2, -EINVAL, 0);
	check_list("4096", 2, -EINVAL, 0);
	check_list("0-2", 2, -EINVAL, 0);
	check_list("", 2, -EINVAL, 0);
	check_list("\n", 2, -EINVAL, 0);
	check_list(",", 2, -EINVAL, 0);
	check_list("0,", 2, -EINVAL, 0);
	check_list(",0", 2, -EINVAL, 0);
	check_list("0,,1", 2, -EINVAL, 0);
	check_list("0-", 2, -EINVAL, 0);
	check_list("-1", 2, -EINVAL, 0);
	check_list("1-0", 2, -EINVAL, 0);
	check_list("a", 2, -EINVAL, 0);
	check_list("0 1", 2, -EINVAL, 0);
	check_list(" 0", 2, -EINVAL, 0);
	check_list("0-1:0/2", 2, -EINVAL, 0);
	check_list("0-1:3/2", 2, -EINVAL, 0);
	check_list("0-1:1", 2, -EINVAL, 0);
	check_list("0-1:1/", 2, -EINVAL, 0);
	check_list("0x1", 2, -EINVAL, 0);
	check_list("1\n\n", 2, -EINVAL, 0);
	check_list("99999999999999999999999", 2, -EINVAL, 0);
}

/*
 * ref_grouped - "a-b:u/g" as the kernel's bitmap_parselist() sets it
 * (lib/bitmap.c, bitmap_set_region(): from each group's start, the
 * first min(u, what is left of the range) CPUs), written as that loop
 * and not as the modulo the parser uses
 */
static unsigned long ref_grouped(unsigned int a, unsigned int b,
				 unsigned int u, unsigned int g)
{
	unsigned long bits = 0;
	unsigned int start, i;

	for (start = a; start <= b; start += g)
		for (i = start; i < start + u && i <= b; i++)
			bits |= 1UL << i;
	return bits;
}

static void test_cpulist_groups(void)
{
	unsigned int a, b, u, g, bad = 0, n = 0;
	unsigned long bits[2];
	char s[32];

	/* the case: CPUs 1 and 3, not 2 */
	check_list("1-3:1/2", 4, 0, 0xa);
	check_list("2-9:2/3", 10, 0, 0x36c);
	check_list("5-15:1/4", 16, 0, 0x2220);
	check_list("3-7:3/3", 8, 0, 0xf8);
	check_list("1-6:2/5", 8, 0, 0x46);
	check_list("7-7:1/2", 8, 0, 0x80);
	check_list("1-3:1/2,0", 4, 0, 0xb);
	/* every grouped range within 16 CPUs against the kernel's loop */
	for (a = 0; a < 16; a++)
		for (b = a; b < 16; b++)
			for (g = 1; g <= 17; g++)
				for (u = 1; u <= g; u++) {
					snprintf(s, sizeof(s), "%u-%u:%u/%u",
						 a, b, u, g);
					bits[0] = 0;
					n++;
					if (vmlat_parse_cpulist(s, bits, 16) ||
					    bits[0] != ref_grouped(a, b, u, g)) {
						if (!bad++)
							tap_diag("%s: %#lx, kernel %#lx",
								 s, bits[0],
								 ref_grouped(a, b, u, g));
					}
				}
	tap_ok(!bad, "all %u grouped ranges a-b:u/g within 16 CPUs select what the kernel's cpulist grammar selects (%u differ)",
	       n, bad);
}

static void check_dec(const char *s, size_t len, int want_ret, u64 want)
{
	u64 out = POISON;
	int ret = vmlat_parse_dec(s, len, &out);

	tap_ok(want_ret ? ret == -EINVAL && out == POISON :
			  ret == 0 && out == want,
	       "dec \"%.*s\" (%zu chars) %s", (int)len, s, len,
	       want_ret ? "rejected, nothing written" : "taken");
}

static void test_dec(void)
{
	check_dec("123 456", 3, 0, 123);
	check_dec("18446744073709551615", 20, 0, U64_MAX);
	check_dec("00000000000000000001", 20, 0, 1);
	check_dec("18446744073709551616", 20, -EINVAL, 0);
	check_dec("000000000000000000001", 21, -EINVAL, 0);
	check_dec("12x", 3, -EINVAL, 0);
	check_dec("12\n", 3, -EINVAL, 0);
	check_dec("", 0, -EINVAL, 0);
	check_dec("-1", 2, -EINVAL, 0);
	check_dec("1234", 2, 0, 12);
}

/* check_u64_list - parse @s as 3 numbers; @want NULL when it must fail */
static void check_u64_list(const char *s, const u64 *want)
{
	u64 out[3] = { POISON, POISON, POISON };
	int ret = vmlat_parse_u64_list(s, out, 3);

	if (!want)
		tap_ok(ret == -EINVAL && out[0] == POISON && out[1] == POISON &&
		       out[2] == POISON,
		       "u64 list of 3 rejects \"%s\" and writes nothing", s);
	else
		tap_ok(ret == 0 && out[0] == want[0] && out[1] == want[1] &&
		       out[2] == want[2],
		       "u64 list of 3 takes \"%s\"", s);
}

static void test_u64_list(void)
{
	static const u64 a[3] = { 0, 1, U64_MAX };
	static const u64 b[3] = { 7, 17592186044416ULL, 42 };
	u64 one = POISON;

	check_u64_list("0 1 18446744073709551615", a);
	check_u64_list("0 1 18446744073709551615\n", a);
	check_u64_list("7 17592186044416 42", b);
	check_u64_list("0 1", NULL);
	check_u64_list("0 1 2 3", NULL);
	check_u64_list("0  1 2", NULL);
	check_u64_list(" 0 1 2", NULL);
	check_u64_list("0 1 2 ", NULL);
	check_u64_list("0,1,2", NULL);
	check_u64_list("0 1 18446744073709551616", NULL);
	check_u64_list("0 1 2\n\n", NULL);
	check_u64_list("", NULL);
	check_u64_list("0 -1 2", NULL);
	tap_ok(vmlat_parse_u64_list("5", &one, 1) == 0 && one == 5,
	       "u64 list of 1 is a plain number");
	tap_ok(vmlat_parse_u64_list("1 2 3 4 5 6 7 8 9", &one, 9) == -EINVAL &&
	       one == 5, "u64 list longer than VMLAT_PARSE_LIST_MAX is refused");
}

int main(void)
{
	tap_header();
	test_u64();
	test_bool();
	test_cpulist();
	test_cpulist_groups();
	test_dec();
	test_u64_list();
	return tap_finish();
}
