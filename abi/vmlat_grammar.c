// SPDX-License-Identifier: GPL-2.0
/*
 * The value parsers of vmlat_grammar.h. They return 0 or -EINVAL and
 * write their result only on success, so a rejected value changes
 * nothing.
 *
 * The cpulist grammar is the kernel's (Documentation/admin-guide/
 * kernel-parameters.rst, "cpu lists") without its tolerance for empty
 * items and blanks:
 *
 *	list  := item { "," item } [ "\n" ]
 *	item  := num | num "-" num [ ":" num "/" num ]
 *
 * "a-b:u/g" takes the first u CPUs of every group of g in a..b.
 */
#include "vmlat_grammar.h"

#define VMLAT_PARSE_MAX_DIGITS	20	/* U64_MAX has 20 */

/* end_of_value - true at the end of the string or a final newline */
static bool end_of_value(const char *s)
{
	return s[0] == '\0' || (s[0] == '\n' && s[1] == '\0');
}

/*
 * parse_digits - the digits at *sp, at most @max characters, into *out;
 * advances *sp; rejects no digits, more than 20 and overflow
 */
static int parse_digits(const char **sp, size_t max, u64 *out)
{
	const char *s = *sp;
	u64 v = 0;
	size_t n = 0;

	while (n < max && s[n] >= '0' && s[n] <= '9') {
		unsigned int d = s[n] - '0';

		if (++n > VMLAT_PARSE_MAX_DIGITS || v > (U64_MAX - d) / 10)
			return -EINVAL;
		v = v * 10 + d;
	}
	if (!n)
		return -EINVAL;
	*sp = s + n;
	*out = v;
	return 0;
}

/* parse_num - digits at *sp into *out; advances *sp; rejects overflow */
static int parse_num(const char **sp, u64 *out)
{
	return parse_digits(sp, VMLAT_PARSE_MAX_DIGITS + 1, out);
}

/**
 * vmlat_parse_dec() - exactly @len characters of decimal digits
 * @s: the text, not necessarily NUL-terminated (a token of a file)
 * @len: its length
 * @out: the value, written only on success
 *
 * The number grammar of the knobs, without the newline: 1 to 20 digits,
 * nothing else, at most U64_MAX.
 *
 * Return: 0 or -EINVAL.
 */
int vmlat_parse_dec(const char *s, size_t len, u64 *out)
{
	const char *p = s;
	u64 v;

	if (parse_digits(&p, len, &v) || p != s + len)
		return -EINVAL;
	*out = v;
	return 0;
}

/**
 * vmlat_parse_u64() - a decimal in [@min, @max]
 * @s: the text
 * @min: smallest allowed value
 * @max: largest allowed value
 * @out: the value, written only on success
 *
 * Return: 0, or -EINVAL for anything but digits (and one final newline)
 * or a value out of range.
 */
int vmlat_parse_u64(const char *s, u64 min, u64 max, u64 *out)
{
	u64 v;

	if (parse_num(&s, &v) || !end_of_value(s) || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

/**
 * vmlat_parse_u64_list() - exactly @n decimals separated by single spaces
 * @s: the text, e.g. "0 1000 17592186044416"
 * @out: @n values, written only on success
 * @n: how many numbers, at most VMLAT_PARSE_LIST_MAX
 *
 * Return: 0, or -EINVAL for anything else (no leading, trailing or double
 * spaces; one final newline allowed).
 */
int vmlat_parse_u64_list(const char *s, u64 *out, unsigned int n)
{
	u64 v[VMLAT_PARSE_LIST_MAX];
	unsigned int i;

	if (!n || n > VMLAT_PARSE_LIST_MAX)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (i && *s++ != ' ')
			return -EINVAL;
		if (parse_num(&s, &v[i]))
			return -EINVAL;
	}
	if (!end_of_value(s))
		return -EINVAL;
	for (i = 0; i < n; i++)
		out[i] = v[i];
	return 0;
}

/**
 * vmlat_parse_bool() - one of 0 1 n y N Y
 * @s: the text
 * @out: the value, written only on success
 *
 * Stricter than kstrtobool(), which looks at the first character only
 * and would take "yes-please" or "1000" as true.
 */
int vmlat_parse_bool(const char *s, bool *out)
{
	if (!end_of_value(s + (s[0] != '\0')))
		return -EINVAL;
	switch (s[0]) {
	case '1':
	case 'y':
	case 'Y':
		*out = true;
		return 0;
	case '0':
	case 'n':
	case 'N':
		*out = false;
		return 0;
	}
	return -EINVAL;
}

/* parse_item - one "a", "a-b" or "a-b:u/g" into a range and a stride */
static int parse_item(const char **sp, u64 *first, u64 *last, u64 *used,
		      u64 *group)
{
	if (parse_num(sp, first))
		return -EINVAL;
	*last = *first;
	*used = 1;
	*group = 1;
	if (**sp != '-')
		return 0;
	(*sp)++;
	if (parse_num(sp, last) || *last < *first)
		return -EINVAL;
	if (**sp != ':')
		return 0;
	(*sp)++;
	if (parse_num(sp, used) || **sp != '/')
		return -EINVAL;
	(*sp)++;
	if (parse_num(sp, group) || *used == 0 || *used > *group)
		return -EINVAL;
	return 0;
}

/**
 * vmlat_parse_cpulist() - a cpulist into a bitmap
 * @s: the text
 * @bits: the bitmap, @nbits long; written only on success
 * @nbits: bits in @bits; a CPU number >= @nbits is an error
 *
 * Return: 0, or -EINVAL for a malformed list or a CPU >= @nbits. An
 * empty list is malformed.
 */
int vmlat_parse_cpulist(const char *s, unsigned long *bits,
			unsigned int nbits)
{
	const unsigned int bpl = 8 * sizeof(unsigned long);
	const char *p = s;
	u64 first, last, used, group, cpu;

	/* Validate everything first: a rejected list writes nothing. */
	for (;;) {
		if (parse_item(&p, &first, &last, &used, &group) ||
		    last >= nbits)
			return -EINVAL;
		if (end_of_value(p))
			break;
		if (*p++ != ',')
			return -EINVAL;
	}

	for (cpu = 0; cpu < (nbits + bpl - 1) / bpl; cpu++)
		bits[cpu] = 0;
	p = s;
	for (;;) {
		parse_item(&p, &first, &last, &used, &group);
		for (cpu = first; cpu <= last; cpu++)
			if ((cpu - first) % group < used)
				bits[cpu / bpl] |= 1UL << (cpu % bpl);
		if (end_of_value(p))
			break;
		p++;
	}
	return 0;
}
