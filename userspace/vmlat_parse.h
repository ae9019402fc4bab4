/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsers for the text files vmlat.ko exports in debugfs (docs/abi.md):
 * histograms, summary and steal_source. They work on a buffer already read
 * into memory and do no I/O, so the host unit tests feed them directly.
 */
#ifndef VMLAT_PARSE_H
#define VMLAT_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "vmlat_stats.h"

#define VMLAT_ABI_VERSION	"v1"

enum vmlat_perr_kind {
	VMLAT_PARSE_OK,
	VMLAT_PARSE_FORMAT,	/* not the expected file at all */
	VMLAT_PARSE_VERSION,	/* the right file, a version we do not know */
	VMLAT_PARSE_MALFORMED,
	VMLAT_PARSE_TRUNCATED,
};

struct vmlat_perr {
	enum vmlat_perr_kind	kind;
	int			line;
	char			msg[160];
};

/* Keys of a summary line that the reader needs (bit per key). */
struct vmlat_summary_cpu {
	int			cpu;
	unsigned long long	active;
	unsigned long long	samples;
	unsigned long long	missed;
	unsigned long long	elapsed_ns;
	unsigned long long	min_ns;
	unsigned long long	avg_ns;
	unsigned long long	max_ns;
	unsigned long long	max_at_ns;
	unsigned long long	self_min_ns;
	unsigned long long	self_avg_ns;
	unsigned long long	self_max_ns;
	unsigned long long	trace_stops;
	char			steal_source[16];
	bool			has_steal;
	unsigned long long	steal_ns;
	unsigned long long	steal_ms_per_s_milli;	/* ms/s * 1000 */
	unsigned long long	steal_expiries;
	unsigned long long	stolen_ns;
	unsigned long long	stolen_share_e4;	/* share * 10000 */
};

struct vmlat_summary {
	bool			enabled;
	unsigned long long	period_us;
	char			cpus[256];
	int			nr_cpus;
	struct vmlat_summary_cpu *cpu;		/* nr_cpus entries */
	struct vmlat_summary_cpu all;
};

struct vmlat_source {
	int			cpu;
	char			source[16];
	char			reason[160];
};

struct vmlat_sources {
	int			nr_cpus;
	struct vmlat_source	*cpu;
};

int vmlat_parse_u64(const char *s, size_t len, unsigned long long *out);
int vmlat_parse_fixed(const char *s, size_t len, int decimals,
		      unsigned long long *out);
int vmlat_parse_hist(const char *buf, size_t len, struct vmlat_hist *h,
		     struct vmlat_perr *err);
int vmlat_parse_summary(const char *buf, size_t len, struct vmlat_summary *s,
			struct vmlat_perr *err);
void vmlat_summary_free(struct vmlat_summary *s);
int vmlat_parse_sources(const char *buf, size_t len, struct vmlat_sources *s,
			struct vmlat_perr *err);
void vmlat_sources_free(struct vmlat_sources *s);
const char *vmlat_first_line_version(const char *buf, size_t len,
				     char *out, size_t out_len);

#endif /* VMLAT_PARSE_H */
