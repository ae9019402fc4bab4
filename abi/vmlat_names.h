/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The names both sides of the ABI print and parse (docs/abi.md): the
 * formats and their version, the files, the header keys of each format
 * (the summary's line keys are vmlat_summary.h's), the histogram kinds,
 * the steal sources. The module prints them, the tracepoint maps its
 * source field to them, the reader parses them: each is written here only.
 */
#ifndef VMLAT_NAMES_H
#define VMLAT_NAMES_H

#include "vmlat_abi_types.h"

/* the first line of each file: "# FORMAT VERSION ..." */
#define VMLAT_ABI_VERSION	"v1"
#define VMLAT_FMT_HIST		"vmlat-hist"
#define VMLAT_FMT_SUMMARY	"vmlat-summary"
#define VMLAT_FMT_SOURCES	"vmlat-steal-source"
#define VMLAT_FMT_CAUSES	"vmlat-causes"

/*
 * The files under /sys/kernel/debug/vmlat/ (a histogram's file is
 * vmlat_hist_file_name()'s): per_cpu/cpuN/ holds each CPU's histograms.
 */
#define VMLAT_FILE_SUMMARY	"summary"
#define VMLAT_FILE_SOURCES	"steal_source"
#define VMLAT_FILE_CAUSES	"causes"
#define VMLAT_DIR_PER_CPU	"per_cpu"
#define VMLAT_DIR_CPU		"cpu"	/* then the CPU's number */

/*
 * cpu=N or cpu=all: the key that starts every line of summary and
 * steal_source and names a histogram file's CPU, and its value for the
 * line or file over all CPUs
 */
#define VMLAT_KEY_NAME_CPU	"cpu"
#define VMLAT_CPU_ALL_NAME	"all"

/* ends a cpu=all line whose sums did not all fit in 64 bits */
#define VMLAT_KEY_NAME_SATURATED	"saturated"

/*
 * The header keys of a histogram file, in print order: line 1 after the
 * version (hist, cpu), line 2 (unit ... elapsed_ns), line 3 (samples ...
 * sum). Line 4 names the columns of the bucket rows.
 */
enum vmlat_hist_hdr {
	VMLAT_HH_HIST,
	VMLAT_HH_CPU,
	VMLAT_HH_UNIT,
	VMLAT_HH_PERIOD,
	VMLAT_HH_ELAPSED,
	VMLAT_HH_SAMPLES,
	VMLAT_HH_MISSED,
	VMLAT_HH_MIN,
	VMLAT_HH_MAX,
	VMLAT_HH_SUM,
	VMLAT_NR_HIST_HDR,
};

#define VMLAT_HIST_UNIT		"ns"	/* the value of unit= */
#define VMLAT_HIST_COLUMNS	"lower_ns upper_ns count"

/*
 * The keys of the summary's second header line, in print order. Those
 * from VMLAT_SH_LATER on came after v1's first release: a reader must not
 * require them.
 */
enum vmlat_summary_hdr {
	VMLAT_SH_ENABLED,
	VMLAT_SH_PERIOD,
	VMLAT_SH_CPUS,
	VMLAT_SH_RESOLUTION,
	VMLAT_NR_SUMMARY_HDR,
	VMLAT_SH_LATER = VMLAT_SH_RESOLUTION,
};

/*
 * The keys of a steal_source line, in print order; the value of the last,
 * reason=, is free text that runs to the end of the line.
 */
enum vmlat_source_key {
	VMLAT_SK_CPU,
	VMLAT_SK_SOURCE,
	VMLAT_SK_REASON,
	VMLAT_NR_SOURCE_KEYS,
};

/*
 * The keys of the line a read() of a CPU's wait file returns (docs/abi.md,
 * "wait"): one wake-up of the user stage. LATENESS..SCHED are in the
 * order of enum vmlat_part's TOTAL..SCHED; the print order is the
 * module's (irq_stolen_ns, a part of irq_ns, after it).
 */
enum vmlat_wait_key {
	VMLAT_WK_SEQ,
	VMLAT_WK_LATENESS,
	VMLAT_WK_IRQ,
	VMLAT_WK_STOLEN,
	VMLAT_WK_SCHED,
	VMLAT_WK_RETURN,
	VMLAT_WK_IRQ_STOLEN,
	VMLAT_NR_WAIT_KEYS,
};

#define VMLAT_FILE_WAIT		"wait"	/* in per_cpu/cpuN/ */
/*
 * the wait line's last key, added to v1 after its first release (so not
 * one a reader may require): the cause of the irq part's residual, a
 * cause's name
 */
#define VMLAT_WAIT_KEY_CAUSE	"cause"
/*
 * the longest line a wait file returns, every value at 20 digits: a
 * read() must offer this much
 */
#define VMLAT_WAIT_LINE_MAX	256

/*
 * The keys of a line of causes (docs/abi.md, "causes"), in print order:
 * one line per CPU (then cpu=all) and stage, the stage "irq" (the
 * expiries themselves) or a wake-up stage's name. UNREPORTED..
 * UNDETERMINED are in the order of enum vmlat_cause.
 */
enum vmlat_causes_key {
	VMLAT_CK_CPU,
	VMLAT_CK_STAGE,
	VMLAT_CK_SAMPLES,
	VMLAT_CK_LATENESS,
	VMLAT_CK_STOLEN,
	VMLAT_CK_UNREPORTED,
	VMLAT_CK_GUEST,
	VMLAT_CK_UNDETERMINED,
	VMLAT_CK_SCHED,
	VMLAT_NR_CAUSES_KEYS,
};

/* stage= of the expiries' own line in causes */
#define VMLAT_CAUSES_STAGE_IRQ	"irq"

extern const char * const vmlat_wait_keys[VMLAT_NR_WAIT_KEYS];
extern const char * const vmlat_causes_keys[VMLAT_NR_CAUSES_KEYS];
extern const char * const vmlat_hist_hdr_keys[VMLAT_NR_HIST_HDR];
extern const char * const vmlat_summary_hdr_keys[VMLAT_NR_SUMMARY_HDR];
extern const char * const vmlat_source_keys[VMLAT_NR_SOURCE_KEYS];

/*
 * The histograms: the IRQ stage's three, always there, then those of the
 * wake-up stages (docs/abi.md, "Stages"), allocated when a stage is first
 * enabled; each stage's first is its total, then its parts in the order
 * of enum vmlat_part.
 */
enum vmlat_hist_kind {
	VMLAT_HIST_LATENESS,
	VMLAT_HIST_STEAL,
	VMLAT_HIST_RESIDUAL,
	VMLAT_NR_HISTS,			/* the IRQ stage's */
	VMLAT_HIST_THREAD = VMLAT_NR_HISTS,
	VMLAT_HIST_THREAD_IRQ,
	VMLAT_HIST_THREAD_STOLEN,
	VMLAT_HIST_THREAD_SCHED,
	VMLAT_HIST_USER,
	VMLAT_HIST_USER_IRQ,
	VMLAT_HIST_USER_STOLEN,
	VMLAT_HIST_USER_SCHED,
	VMLAT_HIST_USER_RETURN,
	VMLAT_NR_KINDS,
};

/*
 * The wake-up stages: a task woken by the expiry, a kernel thread or a
 * user-space thread blocked in read() of the CPU's wait file. Each
 * wake-up's lateness (task running - expected expiry) is split exactly
 * into parts: the expiry's IRQ lateness, the steal between the IRQ and
 * the task running, and the rest, scheduling delay inside the guest.
 * The user stage also has the return-to-user-and-back cost.
 */
enum vmlat_stage {
	VMLAT_STAGE_THREAD,
	VMLAT_STAGE_USER,
	VMLAT_NR_STAGES,
};

enum vmlat_part {
	VMLAT_PART_TOTAL,
	VMLAT_PART_IRQ,
	VMLAT_PART_STOLEN,
	VMLAT_PART_SCHED,
	VMLAT_NR_SPLIT_PARTS,		/* total = irq + stolen + sched */
	VMLAT_PART_RETURN = VMLAT_NR_SPLIT_PARTS,	/* user stage only */
	VMLAT_NR_PARTS,
};

/* vmlat_stage_hist - the histogram kind of @stage's @part */
static inline unsigned int vmlat_stage_hist(unsigned int stage,
					    unsigned int part)
{
	return (stage == VMLAT_STAGE_THREAD ? VMLAT_HIST_THREAD :
		VMLAT_HIST_USER) + part;
}

/* vmlat_stage_parts - how many histograms @stage has */
static inline unsigned int vmlat_stage_parts(unsigned int stage)
{
	return stage == VMLAT_STAGE_THREAD ? VMLAT_NR_SPLIT_PARTS :
	       VMLAT_NR_PARTS;
}

/*
 * Values are ABI: the tracepoint's source field carries them, and
 * vmlat_trace.h names them with TRACE_DEFINE_ENUM.
 */
enum vmlat_steal_source {
	VMLAT_STEAL_NONE = 0,
	VMLAT_STEAL_KCPUSTAT = 1,
	VMLAT_STEAL_KVM = 2,
	VMLAT_STEAL_SIM = 3,
	VMLAT_STEAL_AUTO,	/* the knob's default; never a CPU's source */
	VMLAT_NR_STEAL,
};

/*
 * The sources' names: the names table (vmlat_names.c) and the
 * tracepoint's __print_symbolic() table (vmlat_trace.h) are made of these.
 */
#define VMLAT_STEAL_NAME_NONE		"none"
#define VMLAT_STEAL_NAME_KCPUSTAT	"kcpustat"
#define VMLAT_STEAL_NAME_KVM		"kvm"
#define VMLAT_STEAL_NAME_SIM		"sim"
#define VMLAT_STEAL_NAME_AUTO		"auto"

/*
 * Where the residual of an expiry (its lateness less its stolen part)
 * came from (docs/steal.md, "Who delayed the timer"). Values are ABI:
 * the tracepoint's cause field carries them.
 */
enum vmlat_cause {
	VMLAT_CAUSE_UNREPORTED = 0,	/* host delay the steal clock missed */
	VMLAT_CAUSE_GUEST = 1,		/* the guest held interrupts off */
	VMLAT_CAUSE_UNDETERMINED = 2,	/* cannot be told apart */
	VMLAT_NR_CAUSES,
};

#define VMLAT_CAUSE_NAME_UNREPORTED	"unreported"
#define VMLAT_CAUSE_NAME_GUEST		"guest"
#define VMLAT_CAUSE_NAME_UNDETERMINED	"undetermined"

/*
 * What the timer interrupt interrupted, which decides the cause. Values
 * are ABI: the tracepoint's ctx field carries them.
 */
enum vmlat_ctx {
	VMLAT_CTX_IDLE = 0,	/* the idle task's idle instruction */
	VMLAT_CTX_USER = 1,	/* user mode */
	VMLAT_CTX_IRQS_ON = 2,	/* kernel, right after interrupts came on */
	VMLAT_CTX_KERNEL = 3,	/* kernel, anywhere else */
	VMLAT_CTX_NONE = 4,	/* no interrupted registers */
	VMLAT_NR_CTX,
};

#define VMLAT_CTX_NAME_IDLE	"idle"
#define VMLAT_CTX_NAME_USER	"user"
#define VMLAT_CTX_NAME_IRQS_ON	"irqs_on"
#define VMLAT_CTX_NAME_KERNEL	"kernel"
#define VMLAT_CTX_NAME_NONE	"none"

/* cpu=all's steal_source when the CPUs' sources differ */
#define VMLAT_STEAL_MIXED	"mixed"

const char *vmlat_hist_kind_name(unsigned int kind);
const char *vmlat_hist_file_name(unsigned int kind);
const char *vmlat_steal_name(unsigned int src);
const char *vmlat_stage_name(unsigned int stage);
const char *vmlat_cause_name(unsigned int cause);
int vmlat_cause_parse(const char *s, size_t len);
int vmlat_hist_kind_parse(const char *s, size_t len);
int vmlat_steal_name_parse(const char *s, size_t len);

#endif /* VMLAT_NAMES_H */
