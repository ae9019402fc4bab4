/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Strict parsers for vmlat's knobs. A knob value is either valid as a
 * whole or rejected: no sign, no spaces, no base prefix, no trailing
 * garbage; one trailing newline (as echo writes it) is allowed.
 *
 * Pure code: built in the module and in the host unit tests, so the
 * grammar documented in docs/abi.md is tested exhaustively off-line.
 */
#ifndef VMLAT_PARSE_H
#define VMLAT_PARSE_H

#include <linux/types.h>

#define VMLAT_PARSE_LIST_MAX	8

int vmlat_parse_u64(const char *s, u64 min, u64 max, u64 *out);
int vmlat_parse_u64_list(const char *s, u64 *out, unsigned int n);
int vmlat_parse_bool(const char *s, bool *out);
int vmlat_parse_cpulist(const char *s, unsigned long *bits,
			unsigned int nbits);

#endif /* VMLAT_PARSE_H */
