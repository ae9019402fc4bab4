/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vmlat tracepoints: vmlat_sample, one event per timer expiry whose
 * lateness reaches trace_threshold_ns, so that a late timer can be found
 * in a trace next to the IRQs, softirqs and tasks around it; vmlat_wakeup,
 * the same for a wake-up stage's task. The fields are scalars, with their
 * units in the format string. docs/tracing.md shows how to use them.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM vmlat

#if !defined(VMLAT_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define VMLAT_TRACE_H

#include <linux/tracepoint.h>

#include "vmlat_names.h"
#include "vmlat_split.h"

/* The source's values, named for perf, trace-cmd and bpftrace by abi/. */
TRACE_DEFINE_ENUM(VMLAT_STEAL_NONE);
TRACE_DEFINE_ENUM(VMLAT_STEAL_KCPUSTAT);
TRACE_DEFINE_ENUM(VMLAT_STEAL_KVM);
TRACE_DEFINE_ENUM(VMLAT_STEAL_SIM);

TRACE_EVENT_CONDITION(vmlat_sample,

	TP_PROTO(u64 seq, u64 expected_ns, u64 lateness_ns,
		 u64 steal_delta_ns, u64 residual_ns, u64 missed,
		 unsigned int source, u64 threshold_ns),

	TP_ARGS(seq, expected_ns, lateness_ns, steal_delta_ns, residual_ns,
		missed, source, threshold_ns),

	/* Only outliers cost anything, and only while the event is on. */
	TP_CONDITION(lateness_ns >= threshold_ns),

	TP_STRUCT__entry(
		__field(u64, seq)
		__field(u64, expected_ns)
		__field(u64, lateness_ns)
		__field(u64, steal_delta_ns)
		__field(u64, residual_ns)
		__field(u64, missed)
		__field(unsigned int, source)
	),

	TP_fast_assign(
		__entry->seq = seq;
		__entry->expected_ns = expected_ns;
		__entry->lateness_ns = lateness_ns;
		__entry->steal_delta_ns = steal_delta_ns;
		__entry->residual_ns = residual_ns;
		__entry->missed = missed;
		__entry->source = source;
	),

	TP_printk("seq=%llu expected=%llu ns lateness=%llu ns steal_delta=%llu ns residual=%llu ns missed=%llu source=%s",
		  __entry->seq, __entry->expected_ns, __entry->lateness_ns,
		  __entry->steal_delta_ns, __entry->residual_ns,
		  __entry->missed,
		  __print_symbolic(__entry->source,
			{ VMLAT_STEAL_NONE, VMLAT_STEAL_NAME_NONE },
			{ VMLAT_STEAL_KCPUSTAT, VMLAT_STEAL_NAME_KCPUSTAT },
			{ VMLAT_STEAL_KVM, VMLAT_STEAL_NAME_KVM },
			{ VMLAT_STEAL_SIM, VMLAT_STEAL_NAME_SIM }))
);

TRACE_DEFINE_ENUM(VMLAT_STAGE_THREAD);
TRACE_DEFINE_ENUM(VMLAT_STAGE_USER);

/*
 * One event per wake-up of a stage's task whose lateness reaches
 * trace_threshold_ns: the expiry's seq (as in its vmlat_sample event),
 * the wake-up's lateness and its exact split, and of its irq part the
 * IRQ's own stolen part.
 */
TRACE_EVENT_CONDITION(vmlat_wakeup,

	TP_PROTO(unsigned int stage, u64 seq, const struct vmlat_split *s,
		 u64 threshold_ns),

	TP_ARGS(stage, seq, s, threshold_ns),

	TP_CONDITION(s->total >= threshold_ns),

	TP_STRUCT__entry(
		__field(unsigned int, stage)
		__field(u64, seq)
		__field(u64, lateness_ns)
		__field(u64, irq_ns)
		__field(u64, stolen_ns)
		__field(u64, sched_ns)
		__field(u64, irq_stolen_ns)
	),

	TP_fast_assign(
		__entry->stage = stage;
		__entry->seq = seq;
		__entry->lateness_ns = s->total;
		__entry->irq_ns = s->irq;
		__entry->stolen_ns = s->stolen;
		__entry->sched_ns = s->sched;
		__entry->irq_stolen_ns = s->irq_stolen;
	),

	TP_printk("stage=%s seq=%llu lateness=%llu ns irq=%llu ns stolen=%llu ns sched=%llu ns irq_stolen=%llu ns",
		  __print_symbolic(__entry->stage,
			{ VMLAT_STAGE_THREAD, "thread" },
			{ VMLAT_STAGE_USER, "user" }),
		  __entry->seq, __entry->lateness_ns, __entry->irq_ns,
		  __entry->stolen_ns, __entry->sched_ns, __entry->irq_stolen_ns)
);

#endif /* VMLAT_TRACE_H */

/* This part must be outside the multi-read guard. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE vmlat_trace
#include <trace/define_trace.h>
