// SPDX-License-Identifier: GPL-2.0
/*
 * How the reader writes numbers: times in the unit of --unit, seconds
 * and fixed-point values exactly, with integer arithmetic, so what is
 * printed is exactly what the module counted; and the percentiles it
 * shows.
 */
#include <stdio.h>

#include "vmlat_reader.h"

const struct vmlat_pct vmlat_pcts[VMLAT_NR_PCTS] = {
	{ 500000, "p50", "0.5" },
	{ 900000, "p90", "0.9" },
	{ 990000, "p99", "0.99" },
	{ 999000, "p99.9", "0.999" },
	{ 999900, "p99.99", "0.9999" },
};

/**
 * vmlat_unit_name() - the name of a --unit, as the outputs print it
 * @unit: VMLAT_UNIT_*
 */
const char *vmlat_unit_name(enum vmlat_unit unit)
{
	return unit == VMLAT_UNIT_NS ? "ns" : unit == VMLAT_UNIT_US ? "us" :
	       "ms";
}

/**
 * vmlat_format_value() - @ns in @unit, exactly: no rounding, no float
 * @buf: the text
 * @len: its size
 * @ns: the time
 * @unit: VMLAT_UNIT_*
 *
 * Return: what snprintf() returns.
 */
int vmlat_format_value(char *buf, size_t len, unsigned long long ns,
		       enum vmlat_unit unit)
{
	switch (unit) {
	case VMLAT_UNIT_US:
		return snprintf(buf, len, "%llu.%03llu", ns / 1000, ns % 1000);
	case VMLAT_UNIT_MS:
		return snprintf(buf, len, "%llu.%06llu", ns / 1000000,
				ns % 1000000);
	default:
		return snprintf(buf, len, "%llu", ns);
	}
}

/**
 * vmlat_print_value() - vmlat_format_value() of @ns, to @f
 * @f: the output
 * @ns: the time
 * @unit: VMLAT_UNIT_*
 */
void vmlat_print_value(FILE *f, unsigned long long ns, enum vmlat_unit unit)
{
	char buf[32];

	vmlat_format_value(buf, sizeof(buf), ns, unit);
	fputs(buf, f);
}

/**
 * vmlat_print_seconds() - @ns as an exact decimal number of seconds
 * @f: the output
 * @ns: the time
 *
 * For Prometheus, whose unit is the second: trailing zeros go, digits
 * never do.
 */
void vmlat_print_seconds(FILE *f, unsigned long long ns)
{
	char frac[16];
	int n;

	n = snprintf(frac, sizeof(frac), "%09llu", ns % 1000000000ULL);
	while (n > 1 && frac[n - 1] == '0')
		frac[--n] = '\0';
	fprintf(f, "%llu.%s", ns / 1000000000ULL, frac);
}

/**
 * vmlat_fixed() - a fixed-point value as a decimal
 * @buf: the text
 * @len: its size
 * @v: the value times 10^@decimals, as the summary's ratios are kept
 * @decimals: digits after the point, at most 15
 */
void vmlat_fixed(char *buf, size_t len, unsigned long long v,
		 unsigned int decimals)
{
	unsigned long long scale = 1;
	unsigned int i;

	for (i = 0; i < decimals; i++)
		scale *= 10;
	if (!decimals)
		snprintf(buf, len, "%llu", v);
	else
		snprintf(buf, len, "%llu.%0*llu", v / scale,
			 (int)(decimals & 15), v % scale);
}
