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
#include "vmlat_summary.h"	/* abi/: the summary keys */

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

/* the lines of causes per CPU: the IRQ stage's, then each wake-up stage's */
#define VMLAT_CAUSES_SLOTS	(1 + VMLAT_NR_STAGES)

/*
 * One line of causes (docs/abi.md): a stage of one CPU, or of all; the
 * sums by enum vmlat_causes_key, from VMLAT_CK_SAMPLES on.
 */
struct vmlat_causes_row {
	int			cpu;	/* or VMLAT_CPU_ALL */
	unsigned int		slot;	/* 0: irq; 1 + enum vmlat_stage */
	unsigned long long	v[VMLAT_NR_CAUSES_KEYS];
};

struct vmlat_causes {
	int			nr;
	struct vmlat_causes_row	*row;
};

/*
 * One summary line: the value of every key of abi/vmlat_summary.h, by its
 * index (fixed-point keys times 10^decimals), and which keys it had.
 */
struct vmlat_summary_cpu {
	int			cpu;
	char			steal_source[16];
	bool			has_steal;	/* the steal keys are there */
	unsigned int		stages;		/* a bit per stage with keys */
	unsigned long long	seen;		/* bit per key present */
	unsigned long long	v[VMLAT_NR_KEYS];
	/* its lines of causes, by slot, where read (vmlat_load()) */
	const struct vmlat_causes_row *causes[VMLAT_CAUSES_SLOTS];
};

#define VMLAT_KEY_BIT(k)	(1ULL << (k))
_Static_assert(VMLAT_NR_KEYS <= 64, "seen has a bit per summary key");

/* vmlat_stage_flag - the VMLAT_KF_* flag of @stage's summary keys */
static inline unsigned int vmlat_stage_flag(unsigned int stage)
{
	return stage == VMLAT_STAGE_THREAD ? VMLAT_KF_THREAD : VMLAT_KF_USER;
}

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

/* One line of a wait file: a wake-up of the user stage, by key. */
struct vmlat_wakeup {
	/* by enum vmlat_wait_key */
	unsigned long long	v[VMLAT_NR_WAIT_KEYS];
	/* cause=: the rest of irq's enum vmlat_cause; -1 without one */
	int			cause;
};

int vmlat_parse_wait_line(const char *buf, size_t len, struct vmlat_wakeup *w,
			  struct vmlat_perr *err);
int vmlat_parse_fixed(const char *s, size_t len, int decimals,
		      unsigned long long *out);
int vmlat_parse_hist(const char *buf, size_t len, struct vmlat_hist_file *h,
		     struct vmlat_perr *err);
int vmlat_parse_summary(const char *buf, size_t len, struct vmlat_summary *s,
			struct vmlat_perr *err);
void vmlat_summary_free(struct vmlat_summary *s);
int vmlat_parse_sources(const char *buf, size_t len, struct vmlat_sources *s,
			struct vmlat_perr *err);
void vmlat_sources_free(struct vmlat_sources *s);
int vmlat_parse_causes(const char *buf, size_t len, struct vmlat_causes *c,
		       struct vmlat_perr *err);
void vmlat_causes_free(struct vmlat_causes *c);
unsigned long long vmlat_keys_flagged(unsigned int flag);
int vmlat_stage_key(unsigned int stage, const char *suffix);
const char *vmlat_first_line_version(const char *buf, size_t len,
				     char *out, size_t out_len);

#endif /* VMLAT_PARSE_H */
