// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the knob parsers (module/vmlat_parse.c): what each knob
 * accepts, what it rejects, and that a rejected value writes nothing.
 */
#include <errno.h>
#include <string.h>

#include "tap.h"
#include "vmlat_parse.h"

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
	check_u64("18446744073709551615", 0, UINT64_MAX, 0, UINT64_MAX);
	check_u64("00000000000000000001", 0, 10, 0, 1);
	check_u64("49", 50, 1000000, -EINVAL, 0);
	check_u64("1000001", 50, 1000000, -EINVAL, 0);
	check_u64("", 0, 10, -EINVAL, 0);
	check_u64("\n", 0, 10, -EINVAL, 0);
	check_u64("1000x", 50, 1000000, -EINVAL, 0);
	check_u64("-1", 0, UINT64_MAX, -EINVAL, 0);
	check_u64("+5", 0, 10, -EINVAL, 0);
	check_u64(" 5", 0, 10, -EINVAL, 0);
	check_u64("5 ", 0, 10, -EINVAL, 0);
	check_u64("5\n\n", 0, 10, -EINVAL, 0);
	check_u64("0x10", 0, 100, -EINVAL, 0);
	check_u64("abc", 0, 100, -EINVAL, 0);
	check_u64("18446744073709551616", 0, UINT64_MAX, -EINVAL, 0);
	check_u64("99999999999999999999", 0, UINT64_MAX, -EINVAL, 0);
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
	static const u64 a[3] = { 0, 1, UINT64_MAX };
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
	test_u64_list();
	return tap_finish();
}
