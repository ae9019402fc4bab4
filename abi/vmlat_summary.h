/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The keys of a summary line (docs/abi.md, "summary"), in the order the
 * module prints them, with their type and how a line over several CPUs
 * is made from the lines of each. The module prints the summary from
 * this list, and the reader parses it, merges the CPUs of --cpus and
 * builds its table, JSON, CSV and Prometheus output from it.
 *
 * Types: a key is a CPU ("N" or "all"), a string (steal_source), or a
 * decimal: a u64, or fixed-point with a set number of decimals (a ratio
 * with decimals > 0).
 */
#ifndef VMLAT_SUMMARY_H
#define VMLAT_SUMMARY_H

#include "vmlat_abi_types.h"

enum vmlat_key_id {
	VMLAT_K_CPU,
	VMLAT_K_ACTIVE,
	VMLAT_K_SAMPLES,
	VMLAT_K_MISSED,
	VMLAT_K_ELAPSED,
	VMLAT_K_MIN,
	VMLAT_K_AVG,
	VMLAT_K_MAX,
	VMLAT_K_MAX_AT,
	VMLAT_K_SELF_MIN,
	VMLAT_K_SELF_AVG,
	VMLAT_K_SELF_MAX,
	VMLAT_K_SOURCE,
	VMLAT_K_STEAL,
	VMLAT_K_STEAL_RATE,
	VMLAT_K_STEAL_EXPIRIES,
	VMLAT_K_STOLEN,
	VMLAT_K_STOLEN_SHARE,
	VMLAT_K_STALE_READS,
	VMLAT_K_TRACE_STOPS,
	VMLAT_K_HARDIRQ_MISSES,
	VMLAT_K_SNAPSHOT_IPIS,
	VMLAT_K_LATENESS_SUM,
	VMLAT_K_SELF_SUM,
	/* the wake-up stages' (docs/abi.md, "Stages") */
	VMLAT_K_THREAD_SAMPLES,
	VMLAT_K_THREAD_MISSES,
	VMLAT_K_THREAD_AVG,
	VMLAT_K_THREAD_MAX,
	VMLAT_K_THREAD_IRQ_AVG,
	VMLAT_K_THREAD_STOLEN_AVG,
	VMLAT_K_THREAD_SCHED_AVG,
	VMLAT_K_THREAD_STOLEN_SHARE,
	VMLAT_K_THREAD_SCHED_SHARE,
	VMLAT_K_THREAD_IRQ_STOLEN_SHARE,
	VMLAT_K_THREAD_SUM,
	VMLAT_K_THREAD_IRQ_SUM,
	VMLAT_K_THREAD_STOLEN_SUM,
	VMLAT_K_THREAD_SCHED_SUM,
	VMLAT_K_THREAD_IRQ_STOLEN_SUM,
	VMLAT_K_USER_SAMPLES,
	VMLAT_K_USER_MISSES,
	VMLAT_K_USER_AVG,
	VMLAT_K_USER_MAX,
	VMLAT_K_USER_IRQ_AVG,
	VMLAT_K_USER_STOLEN_AVG,
	VMLAT_K_USER_SCHED_AVG,
	VMLAT_K_USER_STOLEN_SHARE,
	VMLAT_K_USER_SCHED_SHARE,
	VMLAT_K_USER_IRQ_STOLEN_SHARE,
	VMLAT_K_USER_RETURN_SAMPLES,
	VMLAT_K_USER_RETURN_AVG,
	VMLAT_K_USER_RETURN_MAX,
	VMLAT_K_USER_SUM,
	VMLAT_K_USER_IRQ_SUM,
	VMLAT_K_USER_STOLEN_SUM,
	VMLAT_K_USER_SCHED_SUM,
	VMLAT_K_USER_IRQ_STOLEN_SUM,
	VMLAT_K_USER_RETURN_SUM,
	/* the residual by cause (docs/steal.md, "Who delayed the timer") */
	VMLAT_K_UNREPORTED_SUM,
	VMLAT_K_GUEST_SUM,
	VMLAT_K_UNDETERMINED_SUM,
	VMLAT_K_UNREPORTED_SHARE,
	VMLAT_K_GUEST_SHARE,
	VMLAT_K_UNDETERMINED_SHARE,
	VMLAT_NR_KEYS,
};

/* How a key of cpu=all comes from the keys of the CPUs' lines. */
enum vmlat_key_rule {
	VMLAT_KEY_CPU,		/* "all" */
	VMLAT_KEY_SOURCE,	/* the common source, or "mixed" */
	VMLAT_KEY_SUM,		/* the sum; saturates at U64_MAX (saturated=) */
	VMLAT_KEY_MIN,		/* least over CPUs with samples; 0 if none */
	VMLAT_KEY_MAX,		/* the largest */
	VMLAT_KEY_AT_MAX,	/* that of the CPU with the largest max_ns */
	VMLAT_KEY_RATIO,	/* num / den x unit, exact, truncated */
};

/* only on lines with steal data; on cpu=all over those CPUs only */
#define VMLAT_KF_STEAL	0x1
/* added to v1 after its first release: a reader must not require it */
#define VMLAT_KF_LATER	0x2
/*
 * only while the kernel-thread (user) stage has figures: from its first
 * enable to unload; on cpu=all over every CPU
 */
#define VMLAT_KF_THREAD	0x4
#define VMLAT_KF_USER	0x8

/**
 * struct vmlat_key - one key of a summary line
 * @name: the key, as printed before its '='
 * @rule: its type and how cpu=all gets it (enum vmlat_key_rule)
 * @flags: VMLAT_KF_*
 * @num: VMLAT_KEY_RATIO: the key divided
 * @den: VMLAT_KEY_RATIO: the key it is divided by (0 gives 0)
 * @unit: VMLAT_KEY_RATIO: factor, e.g. 1000 for ms per s from ns per ns
 * @decimals: VMLAT_KEY_RATIO: digits after the point (0: an integer)
 *
 * A ratio's operands come from the same CPUs as the ratio: on cpu=all a
 * steal ratio divides sums over the CPUs with steal data.
 */
struct vmlat_key {
	const char *name;
	u8 rule;
	u8 flags;
	u8 num;
	u8 den;
	u32 unit;
	u8 decimals;
};

extern const struct vmlat_key vmlat_keys[VMLAT_NR_KEYS];

#endif /* VMLAT_SUMMARY_H */
