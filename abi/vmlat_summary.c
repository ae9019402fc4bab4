// SPDX-License-Identifier: GPL-2.0
/*
 * The summary keys (see vmlat_summary.h): the one list both sides use.
 * New keys go at the end, flagged VMLAT_KF_LATER (docs/abi.md: consumers
 * skip keys they do not know, so adding one keeps the version).
 */
#include "vmlat_names.h"
#include "vmlat_summary.h"

#define SUM(n, f)	{ .name = n, .rule = VMLAT_KEY_SUM, .flags = f }
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
};
