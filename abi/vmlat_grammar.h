/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The grammar of vmlat's values: strict parsers for the knobs (a value is
 * valid as a whole or rejected: no sign, no spaces, no base prefix, no
 * trailing garbage; one trailing newline, as echo writes it, is allowed)
 * and for the decimal numbers of the debugfs files.
 *
 * One source for both sides: the module parses its knobs with it, the
 * reader its --cpus option and every number it reads, and the host unit
 * tests check the grammar documented in docs/abi.md exhaustively.
 */
#ifndef VMLAT_GRAMMAR_H
#define VMLAT_GRAMMAR_H

#include "vmlat_abi_types.h"

#include "vmlat_hist.h"

#define VMLAT_PARSE_LIST_MAX	8

/* the knobs' ranges (docs/abi.md); the reader names them in its errors */
#define VMLAT_PERIOD_US_MIN	50ULL
#define VMLAT_PERIOD_US_MAX	1000000ULL
#define VMLAT_PERIOD_US_DEFAULT	1000ULL
#define VMLAT_THRESHOLD_NS_MAX	VMLAT_HIST_TOP_NS	/* both thresholds */
/* the kernel-thread stage's SCHED_FIFO priority; timerlat's default */
#define VMLAT_THREAD_PRIO_MIN	1ULL
#define VMLAT_THREAD_PRIO_MAX	99ULL
#define VMLAT_THREAD_PRIO_DEFAULT	95ULL

int vmlat_parse_dec(const char *s, size_t len, u64 *out);
int vmlat_parse_u64(const char *s, u64 min, u64 max, u64 *out);
int vmlat_parse_u64_list(const char *s, u64 *out, unsigned int n);
/* what vmlat_parse_bool() takes, for messages */
#define VMLAT_BOOL_ALLOWED	"0 1 n y N Y"
int vmlat_parse_bool(const char *s, bool *out);
int vmlat_parse_cpulist(const char *s, unsigned long *bits,
			unsigned int nbits);

#endif /* VMLAT_GRAMMAR_H */
