// SPDX-License-Identifier: GPL-2.0
/*
 * The summary keys of vmlat_summary.h: the one list both sides use.
 * New keys go at the end, flagged VMLAT_KF_LATER (docs/abi.md: consumers
 * skip keys they do not know, so adding one keeps the version).
 */
#include "vmlat_names.h"
#include "vmlat_summary.h"

#define SUM(n, f)	{ .name = n, .rule = VMLAT_KEY_SUM, .flags = f }
#define MAXK(n, f)	{ .name = n, .rule = VMLAT_KEY_MAX, .flags = f }
/* the wake-up stages' keys */
#define TF		(VMLAT_KF_LATER | VMLAT_KF_THREAD)
#define UF		(VMLAT_KF_LATER | VMLAT_KF_USER)
#define RATIO(n, f, a, b, u, d) \
	{ .name = n, .rule = VMLAT_KEY_RATIO, .flags = f, .num = a, \
	  .den = b, .unit = u, .decimals = d }
/* a wake-up stage's keys (docs/abi.md, "Stages"): K_##S##_*, names n_* */
#define STAGE_PART_AVG(S, P, n, f) \
	[VMLAT_K_##S##_##P##_AVG] = RATIO(n, f, VMLAT_K_##S##_##P##_SUM, \
					   VMLAT_K_##S##_SAMPLES, 1, 0)
#define STAGE_PART_SHARE(S, P, n, f) \
	[VMLAT_K_##S##_##P##_SHARE] = RATIO(n, f, VMLAT_K_##S##_##P##_SUM, \
					     VMLAT_K_##S##_SUM, 1, 4)
#define STAGE_KEYS(S, n, f) \
	[VMLAT_K_##S##_SAMPLES] = SUM(n "_samples", f), \
	[VMLAT_K_##S##_MISSES] = SUM(n "_misses", f), \
	[VMLAT_K_##S##_AVG] = RATIO(n "_avg_ns", f, VMLAT_K_##S##_SUM, \
				    VMLAT_K_##S##_SAMPLES, 1, 0), \
	[VMLAT_K_##S##_MAX] = MAXK(n "_max_ns", f), \
	STAGE_PART_AVG(S, IRQ, n "_irq_avg_ns", f), \
	STAGE_PART_AVG(S, STOLEN, n "_stolen_avg_ns", f), \
	STAGE_PART_AVG(S, SCHED, n "_sched_avg_ns", f), \
	STAGE_PART_SHARE(S, STOLEN, n "_stolen_share", f), \
	STAGE_PART_SHARE(S, SCHED, n "_sched_share", f), \
	STAGE_PART_SHARE(S, IRQ_STOLEN, n "_irq_stolen_share", f), \
	[VMLAT_K_##S##_SUM] = SUM(n "_sum_ns", f), \
	[VMLAT_K_##S##_IRQ_SUM] = SUM(n "_irq_sum_ns", f), \
	[VMLAT_K_##S##_STOLEN_SUM] = SUM(n "_stolen_sum_ns", f), \
	[VMLAT_K_##S##_SCHED_SUM] = SUM(n "_sched_sum_ns", f), \
	[VMLAT_K_##S##_IRQ_STOLEN_SUM] = SUM(n "_irq_stolen_sum_ns", f)

const struct vmlat_key vmlat_keys[VMLAT_NR_KEYS] = {
	[VMLAT_K_CPU] = { .name = VMLAT_KEY_NAME_CPU, .rule = VMLAT_KEY_CPU },
	[VMLAT_K_ACTIVE] = SUM("active", 0),
	[VMLAT_K_SAMPLES] = SUM("samples", 0),
	[VMLAT_K_MISSED] = SUM("missed", 0),
	[VMLAT_K_ELAPSED] = SUM("elapsed_ns", 0),
	[VMLAT_K_MIN] = { .name = "min_ns", .rule = VMLAT_KEY_MIN },
	[VMLAT_K_AVG] = RATIO("avg_ns", 0, VMLAT_K_LATENESS_SUM,
			      VMLAT_K_SAMPLES, 1, 0),
	[VMLAT_K_MAX] = { .name = "max_ns", .rule = VMLAT_KEY_MAX },
	[VMLAT_K_MAX_AT] = { .name = "max_at_ns", .rule = VMLAT_KEY_AT_MAX },
	[VMLAT_K_SELF_MIN] = { .name = "self_min_ns", .rule = VMLAT_KEY_MIN },
	[VMLAT_K_SELF_AVG] = RATIO("self_avg_ns", 0, VMLAT_K_SELF_SUM,
				   VMLAT_K_SAMPLES, 1, 0),
	[VMLAT_K_SELF_MAX] = { .name = "self_max_ns", .rule = VMLAT_KEY_MAX },
	[VMLAT_K_SOURCE] = { .name = "steal_source",
			     .rule = VMLAT_KEY_SOURCE },
	[VMLAT_K_STEAL] = SUM("steal_ns", VMLAT_KF_STEAL),
	[VMLAT_K_STEAL_RATE] = RATIO("steal_ms_per_s", VMLAT_KF_STEAL,
				     VMLAT_K_STEAL, VMLAT_K_ELAPSED, 1000, 3),
	[VMLAT_K_STEAL_EXPIRIES] = SUM("steal_expiries", VMLAT_KF_STEAL),
	[VMLAT_K_STOLEN] = SUM("stolen_ns", VMLAT_KF_STEAL),
	[VMLAT_K_STOLEN_SHARE] = RATIO("stolen_share", VMLAT_KF_STEAL,
				       VMLAT_K_STOLEN, VMLAT_K_LATENESS_SUM,
				       1, 4),
	[VMLAT_K_STALE_READS] = SUM("steal_stale_reads",
				    VMLAT_KF_STEAL | VMLAT_KF_LATER),
	[VMLAT_K_TRACE_STOPS] = SUM("trace_stops", 0),
	[VMLAT_K_HARDIRQ_MISSES] = SUM("hardirq_misses", VMLAT_KF_LATER),
	[VMLAT_K_SNAPSHOT_IPIS] = SUM("snapshot_ipis", VMLAT_KF_LATER),
	[VMLAT_K_LATENESS_SUM] = SUM("lateness_sum_ns", VMLAT_KF_LATER),
	[VMLAT_K_SELF_SUM] = SUM("self_sum_ns", VMLAT_KF_LATER),
	/* the stages': the same keys, then the user stage's return part */
	STAGE_KEYS(THREAD, "thread", TF),
	STAGE_KEYS(USER, "user", UF),
	[VMLAT_K_USER_RETURN_SAMPLES] = SUM("user_return_samples", UF),
	[VMLAT_K_USER_RETURN_AVG] = RATIO("user_return_avg_ns", UF,
					  VMLAT_K_USER_RETURN_SUM,
					  VMLAT_K_USER_RETURN_SAMPLES, 1, 0),
	[VMLAT_K_USER_RETURN_MAX] = MAXK("user_return_max_ns", UF),
	[VMLAT_K_USER_RETURN_SUM] = SUM("user_return_sum_ns", UF),
	/* the residual by cause: the three sums add up to it */
	[VMLAT_K_UNREPORTED_SUM] = SUM("unreported_ns", VMLAT_KF_LATER),
	[VMLAT_K_GUEST_SUM] = SUM("guest_ns", VMLAT_KF_LATER),
	[VMLAT_K_UNDETERMINED_SUM] = SUM("undetermined_ns", VMLAT_KF_LATER),
	[VMLAT_K_UNREPORTED_SHARE] = RATIO("unreported_share", VMLAT_KF_LATER,
					   VMLAT_K_UNREPORTED_SUM,
					   VMLAT_K_LATENESS_SUM, 1, 4),
	[VMLAT_K_GUEST_SHARE] = RATIO("guest_share", VMLAT_KF_LATER,
				      VMLAT_K_GUEST_SUM,
				      VMLAT_K_LATENESS_SUM, 1, 4),
	[VMLAT_K_UNDETERMINED_SHARE] = RATIO("undetermined_share",
					     VMLAT_KF_LATER,
					     VMLAT_K_UNDETERMINED_SUM,
					     VMLAT_K_LATENESS_SUM, 1, 4),
};
