/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vmlat tracepoints: vmlat_sample, one event per timer expiry whose
 * lateness reaches trace_threshold_ns, so that a late timer can be found
 * in a trace next to the IRQs, softirqs and tasks around it, with its
 * cause and the guest's culprit site; vmlat_wakeup,
 * the same for a wake-up stage's task. The fields are scalars, with their
 * units in the format string. docs/tracing.md shows how to use them.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM vmlat

#if !defined(VMLAT_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define VMLAT_TRACE_H

#include <linux/tracepoint.h>

#include "vmlat.h"
#include "vmlat_names.h"
#include "vmlat_split.h"

/* The source's values, named for perf, trace-cmd and bpftrace by abi/. */
TRACE_DEFINE_ENUM(VMLAT_STEAL_NONE);
TRACE_DEFINE_ENUM(VMLAT_STEAL_KCPUSTAT);
TRACE_DEFINE_ENUM(VMLAT_STEAL_KVM);
TRACE_DEFINE_ENUM(VMLAT_STEAL_SIM);

TRACE_DEFINE_ENUM(VMLAT_CAUSE_UNREPORTED);
TRACE_DEFINE_ENUM(VMLAT_CAUSE_GUEST);
TRACE_DEFINE_ENUM(VMLAT_CAUSE_UNDETERMINED);
TRACE_DEFINE_ENUM(VMLAT_CTX_IDLE);
TRACE_DEFINE_ENUM(VMLAT_CTX_USER);
TRACE_DEFINE_ENUM(VMLAT_CTX_IRQS_ON);
TRACE_DEFINE_ENUM(VMLAT_CTX_KERNEL);
TRACE_DEFINE_ENUM(VMLAT_CTX_NONE);

/*
 * One event per expiry whose lateness reaches trace_threshold_ns: its
 * figures, what the timer interrupt interrupted (ctx, and ip, the
 * interrupted kernel instruction, 0 in user mode), who the residual goes
 * to (cause, docs/steal.md) and, for a guest delay, the culprit site
 * (site: where interrupts came back on, or the first caller outside the
 * lock primitives; 0 otherwise).
 */
TRACE_EVENT_CONDITION(vmlat_sample,

	TP_PROTO(u64 seq, const struct vmlat_sample *x, unsigned int cause,
		 unsigned int source, unsigned long ip, unsigned long site,
		 u64 threshold_ns),

	TP_ARGS(seq, x, cause, source, ip, site, threshold_ns),

	/* Only outliers cost anything, and only while the event is on. */
	TP_CONDITION(x->lateness_ns >= threshold_ns),

	TP_STRUCT__entry(
		__field(u64, seq)
		__field(u64, expected_ns)
		__field(u64, lateness_ns)
		__field(u64, steal_delta_ns)
		__field(u64, residual_ns)
		__field(u64, missed)
		__field(unsigned int, source)
		__field(unsigned int, ctx)
		__field(unsigned int, cause)
		__field(unsigned long, ip)
		__field(unsigned long, site)
	),

	TP_fast_assign(
		__entry->seq = seq;
		__entry->expected_ns = x->expected_ns;
		__entry->lateness_ns = x->lateness_ns;
		__entry->steal_delta_ns = x->steal_delta_ns;
		__entry->residual_ns = x->lateness_ns - x->stolen_ns;
		__entry->missed = x->missed;
		__entry->source = source;
		__entry->ctx = x->ctx;
		__entry->cause = cause;
		__entry->ip = ip;
		__entry->site = site;
	),

	TP_printk("seq=%llu expected=%llu ns lateness=%llu ns steal_delta=%llu ns residual=%llu ns missed=%llu source=%s ctx=%s cause=%s ip=%pS site=%pS",
		  __entry->seq, __entry->expected_ns, __entry->lateness_ns,
		  __entry->steal_delta_ns, __entry->residual_ns,
		  __entry->missed,
		  __print_symbolic(__entry->source,
			{ VMLAT_STEAL_NONE, VMLAT_STEAL_NAME_NONE },
			{ VMLAT_STEAL_KCPUSTAT, VMLAT_STEAL_NAME_KCPUSTAT },
			{ VMLAT_STEAL_KVM, VMLAT_STEAL_NAME_KVM },
			{ VMLAT_STEAL_SIM, VMLAT_STEAL_NAME_SIM }),
		  __print_symbolic(__entry->ctx,
			{ VMLAT_CTX_IDLE, VMLAT_CTX_NAME_IDLE },
			{ VMLAT_CTX_USER, VMLAT_CTX_NAME_USER },
			{ VMLAT_CTX_IRQS_ON, VMLAT_CTX_NAME_IRQS_ON },
			{ VMLAT_CTX_KERNEL, VMLAT_CTX_NAME_KERNEL },
			{ VMLAT_CTX_NONE, VMLAT_CTX_NAME_NONE }),
		  __print_symbolic(__entry->cause,
			{ VMLAT_CAUSE_UNREPORTED, VMLAT_CAUSE_NAME_UNREPORTED },
			{ VMLAT_CAUSE_GUEST, VMLAT_CAUSE_NAME_GUEST },
			{ VMLAT_CAUSE_UNDETERMINED,
			  VMLAT_CAUSE_NAME_UNDETERMINED }),
		  (void *)__entry->ip, (void *)__entry->site)
);

TRACE_DEFINE_ENUM(VMLAT_STAGE_THREAD);
TRACE_DEFINE_ENUM(VMLAT_STAGE_USER);

/*
 * One event per wake-up of a stage's task whose lateness reaches
 * trace_threshold_ns: the expiry's seq (as in its vmlat_sample event),
 * the wake-up's lateness and its exact split, of its irq part the IRQ's
 * own stolen part, and the cause the rest of the irq part goes to (the
 * expiry's, as in its vmlat_sample event).
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
		__field(unsigned int, cause)
	),

	TP_fast_assign(
		__entry->stage = stage;
		__entry->seq = seq;
		__entry->lateness_ns = s->total;
		__entry->irq_ns = s->irq;
		__entry->stolen_ns = s->stolen;
		__entry->sched_ns = s->sched;
		__entry->irq_stolen_ns = s->irq_stolen;
		__entry->cause = s->cause;
	),

	TP_printk("stage=%s seq=%llu lateness=%llu ns irq=%llu ns stolen=%llu ns sched=%llu ns irq_stolen=%llu ns cause=%s",
		  __print_symbolic(__entry->stage,
			{ VMLAT_STAGE_THREAD, "thread" },
			{ VMLAT_STAGE_USER, "user" }),
		  __entry->seq, __entry->lateness_ns, __entry->irq_ns,
		  __entry->stolen_ns, __entry->sched_ns, __entry->irq_stolen_ns,
		  __print_symbolic(__entry->cause,
			{ VMLAT_CAUSE_UNREPORTED, VMLAT_CAUSE_NAME_UNREPORTED },
			{ VMLAT_CAUSE_GUEST, VMLAT_CAUSE_NAME_GUEST },
			{ VMLAT_CAUSE_UNDETERMINED,
			  VMLAT_CAUSE_NAME_UNDETERMINED }))
);

#endif /* VMLAT_TRACE_H */

/* This part must be outside the multi-read guard. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE vmlat_trace
#include <trace/define_trace.h>
