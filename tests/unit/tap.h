/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A few lines of TAP (the kselftest dialect) for vmlat's host unit tests:
 * one "ok"/"not ok" line per check, a plan at the end, and an exit code
 * that says whether anything failed.
 */
#ifndef VMLAT_TAP_H
#define VMLAT_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static unsigned int tap_run, tap_failed;

static inline void tap_header(void)
{
	printf("TAP version 13\n");
}

static inline __attribute__((format(printf, 2, 3)))
bool tap_ok(bool cond, const char *fmt, ...)
{
	char line[512], *p;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	printf("%sok %u - ", cond ? "" : "not ", ++tap_run);
	/* a description is one line: show newlines in it as \n */
	for (p = line; *p; p++)
		fputs(*p == '\n' ? "\\n" : (char[]){ *p, 0 }, stdout);
	printf("\n");
	tap_failed += !cond;
	fflush(stdout);
	return cond;
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

static inline int tap_finish(void)
{
	printf("1..%u\n", tap_run);
	return tap_failed ? 1 : 0;
}

#endif
