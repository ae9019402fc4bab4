/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one TAP helper of vmlat's C tests (the kselftest dialect): the host
 * unit tests in tests/unit/ and the reader's tests/reader/test_unit.c.
 * One "ok"/"not ok" line per check, SKIP as "ok N - what # SKIP why",
 * a plan and a count at the end, and the kselftest exit status: 0 all
 * passed, 1 something failed, 4 everything skipped. tests/lib/tap.sh is
 * the same for shell.
 */
#ifndef VMLAT_TAP_H
#define VMLAT_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static unsigned int tap_run, tap_failed, tap_skipped;

static inline void tap_header(void)
{
	printf("TAP version 13\n");
}

/* tap_line - one result line; a description is one line: \n shows as \\n */
static inline void tap_line(bool cond, const char *directive,
			    const char *fmt, va_list ap)
{
	char line[512], *p;

	vsnprintf(line, sizeof(line), fmt, ap);
	printf("%sok %u - ", cond ? "" : "not ", ++tap_run);
	for (p = line; *p; p++)
		fputs(*p == '\n' ? "\\n" : (char[]){ *p, 0 }, stdout);
	printf("%s\n", directive);
	fflush(stdout);
}

static inline __attribute__((format(printf, 2, 3)))
bool tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_line(cond, "", fmt, ap);
	va_end(ap);
	tap_failed += !cond;
	return cond;
}

/* tap_skip - a check that cannot run here; the reason is the description */
static inline __attribute__((format(printf, 1, 2)))
void tap_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_line(true, " # SKIP", fmt, ap);
	va_end(ap);
	tap_skipped++;
}

static inline __attribute__((format(printf, 1, 2)))
void tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* tap_finish - the plan and a count; returns the exit status */
static inline int tap_finish(void)
{
	printf("1..%u\n", tap_run);
	printf("# %u passed, %u failed, %u skipped\n",
	       tap_run - tap_failed - tap_skipped, tap_failed, tap_skipped);
	if (tap_failed)
		return 1;
	return tap_run && tap_skipped == tap_run ? 4 : 0;
}

#endif
