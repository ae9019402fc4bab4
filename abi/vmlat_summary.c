// SPDX-License-Identifier: GPL-2.0
/*
 * The summary keys (see vmlat_summary.h): the one list both sides use.
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
	[VMLAT_K_THREAD_SAMPLES] = SUM("thread_samples", TF),
	[VMLAT_K_THREAD_MISSES] = SUM("thread_misses", TF),
	[VMLAT_K_THREAD_AVG] = RATIO("thread_avg_ns",
				     TF, VMLAT_K_THREAD_SUM, VMLAT_K_THREAD_SAMPLES, 1, 0),
	[VMLAT_K_THREAD_MAX] = MAXK("thread_max_ns", TF),
	[VMLAT_K_THREAD_IRQ_AVG] = RATIO("thread_irq_avg_ns",
					 TF, VMLAT_K_THREAD_IRQ_SUM, VMLAT_K_THREAD_SAMPLES, 1, 0),
	[VMLAT_K_THREAD_STOLEN_AVG] = RATIO("thread_stolen_avg_ns",
					    TF, VMLAT_K_THREAD_STOLEN_SUM, VMLAT_K_THREAD_SAMPLES, 1, 0),
	[VMLAT_K_THREAD_SCHED_AVG] = RATIO("thread_sched_avg_ns",
					   TF, VMLAT_K_THREAD_SCHED_SUM, VMLAT_K_THREAD_SAMPLES, 1, 0),
	[VMLAT_K_THREAD_STOLEN_SHARE] = RATIO("thread_stolen_share",
					      TF, VMLAT_K_THREAD_STOLEN_SUM, VMLAT_K_THREAD_SUM, 1, 4),
	[VMLAT_K_THREAD_SCHED_SHARE] = RATIO("thread_sched_share",
					     TF, VMLAT_K_THREAD_SCHED_SUM, VMLAT_K_THREAD_SUM, 1, 4),
	[VMLAT_K_THREAD_SUM] = SUM("thread_sum_ns", TF),
	[VMLAT_K_THREAD_IRQ_SUM] = SUM("thread_irq_sum_ns", TF),
	[VMLAT_K_THREAD_STOLEN_SUM] = SUM("thread_stolen_sum_ns", TF),
	[VMLAT_K_THREAD_SCHED_SUM] = SUM("thread_sched_sum_ns", TF),
	[VMLAT_K_USER_SAMPLES] = SUM("user_samples", UF),
	[VMLAT_K_USER_MISSES] = SUM("user_misses", UF),
	[VMLAT_K_USER_AVG] = RATIO("user_avg_ns",
				   UF, VMLAT_K_USER_SUM, VMLAT_K_USER_SAMPLES, 1, 0),
	[VMLAT_K_USER_MAX] = MAXK("user_max_ns", UF),
	[VMLAT_K_USER_IRQ_AVG] = RATIO("user_irq_avg_ns",
				       UF, VMLAT_K_USER_IRQ_SUM, VMLAT_K_USER_SAMPLES, 1, 0),
	[VMLAT_K_USER_STOLEN_AVG] = RATIO("user_stolen_avg_ns",
					  UF, VMLAT_K_USER_STOLEN_SUM, VMLAT_K_USER_SAMPLES, 1, 0),
	[VMLAT_K_USER_SCHED_AVG] = RATIO("user_sched_avg_ns",
					 UF, VMLAT_K_USER_SCHED_SUM, VMLAT_K_USER_SAMPLES, 1, 0),
	[VMLAT_K_USER_STOLEN_SHARE] = RATIO("user_stolen_share",
					    UF, VMLAT_K_USER_STOLEN_SUM, VMLAT_K_USER_SUM, 1, 4),
	[VMLAT_K_USER_SCHED_SHARE] = RATIO("user_sched_share",
					   UF, VMLAT_K_USER_SCHED_SUM, VMLAT_K_USER_SUM, 1, 4),
	[VMLAT_K_USER_RETURN_SAMPLES] = SUM("user_return_samples", UF),
	[VMLAT_K_USER_RETURN_AVG] = RATIO("user_return_avg_ns",
					  UF, VMLAT_K_USER_RETURN_SUM, VMLAT_K_USER_RETURN_SAMPLES, 1, 0),
	[VMLAT_K_USER_RETURN_MAX] = MAXK("user_return_max_ns", UF),
	[VMLAT_K_USER_SUM] = SUM("user_sum_ns", UF),
	[VMLAT_K_USER_IRQ_SUM] = SUM("user_irq_sum_ns", UF),
	[VMLAT_K_USER_STOLEN_SUM] = SUM("user_stolen_sum_ns", UF),
	[VMLAT_K_USER_SCHED_SUM] = SUM("user_sched_sum_ns", UF),
	[VMLAT_K_USER_RETURN_SUM] = SUM("user_return_sum_ns", UF),
};
