// SPDX-License-Identifier: GPL-2.0
/*
 * The names of histogram kinds, their files and the steal sources (see
 * vmlat_names.h), and their parsers; the header keys of each format.
 */
#include "vmlat_names.h"

const char * const vmlat_hist_hdr_keys[VMLAT_NR_HIST_HDR] = {
	[VMLAT_HH_HIST] = "hist",
	[VMLAT_HH_CPU] = VMLAT_KEY_NAME_CPU,
	[VMLAT_HH_UNIT] = "unit",
	[VMLAT_HH_PERIOD] = "period_us",
	[VMLAT_HH_ELAPSED] = "elapsed_ns",
	[VMLAT_HH_SAMPLES] = "samples",
	[VMLAT_HH_MISSED] = "missed",
	[VMLAT_HH_MIN] = "min",
	[VMLAT_HH_MAX] = "max",
	[VMLAT_HH_SUM] = "sum",
};

const char * const vmlat_summary_hdr_keys[VMLAT_NR_SUMMARY_HDR] = {
	[VMLAT_SH_ENABLED] = "enabled",
	[VMLAT_SH_PERIOD] = "period_us",
	[VMLAT_SH_CPUS] = "cpus",
	[VMLAT_SH_RESOLUTION] = "resolution_ns",
};

const char * const vmlat_wait_keys[VMLAT_NR_WAIT_KEYS] = {
	[VMLAT_WK_SEQ] = "seq",
	[VMLAT_WK_LATENESS] = "lateness_ns",
	[VMLAT_WK_IRQ] = "irq_ns",
	[VMLAT_WK_STOLEN] = "stolen_ns",
	[VMLAT_WK_SCHED] = "sched_ns",
	[VMLAT_WK_RETURN] = "return_ns",
	[VMLAT_WK_IRQ_STOLEN] = "irq_stolen_ns",
};

const char * const vmlat_causes_keys[VMLAT_NR_CAUSES_KEYS] = {
	[VMLAT_CK_CPU] = VMLAT_KEY_NAME_CPU,
	[VMLAT_CK_STAGE] = "stage",
	[VMLAT_CK_SAMPLES] = "samples",
	[VMLAT_CK_LATENESS] = "lateness_ns",
	[VMLAT_CK_STOLEN] = "stolen_ns",
	[VMLAT_CK_UNREPORTED] = VMLAT_CAUSE_NAME_UNREPORTED "_ns",
	[VMLAT_CK_GUEST] = VMLAT_CAUSE_NAME_GUEST "_ns",
	[VMLAT_CK_UNDETERMINED] = VMLAT_CAUSE_NAME_UNDETERMINED "_ns",
	[VMLAT_CK_SCHED] = "sched_ns",
};

const char * const vmlat_source_keys[VMLAT_NR_SOURCE_KEYS] = {
	[VMLAT_SK_CPU] = VMLAT_KEY_NAME_CPU,
	[VMLAT_SK_SOURCE] = "source",
	[VMLAT_SK_REASON] = "reason",
};

static const char * const vmlat_hist_kinds[VMLAT_NR_KINDS] = {
	[VMLAT_HIST_LATENESS] = "lateness",
	[VMLAT_HIST_STEAL] = "steal",
	[VMLAT_HIST_RESIDUAL] = "residual",
	[VMLAT_HIST_THREAD] = "thread",
	[VMLAT_HIST_THREAD_IRQ] = "thread_irq",
	[VMLAT_HIST_THREAD_STOLEN] = "thread_stolen",
	[VMLAT_HIST_THREAD_SCHED] = "thread_sched",
	[VMLAT_HIST_USER] = "user",
	[VMLAT_HIST_USER_IRQ] = "user_irq",
	[VMLAT_HIST_USER_STOLEN] = "user_stolen",
	[VMLAT_HIST_USER_SCHED] = "user_sched",
	[VMLAT_HIST_USER_RETURN] = "user_return",
};

static const char * const vmlat_steal_names[VMLAT_NR_STEAL] = {
	[VMLAT_STEAL_NONE] = VMLAT_STEAL_NAME_NONE,
	[VMLAT_STEAL_KCPUSTAT] = VMLAT_STEAL_NAME_KCPUSTAT,
	[VMLAT_STEAL_KVM] = VMLAT_STEAL_NAME_KVM,
	[VMLAT_STEAL_SIM] = VMLAT_STEAL_NAME_SIM,
	[VMLAT_STEAL_AUTO] = VMLAT_STEAL_NAME_AUTO,
};

static const char * const vmlat_cause_names[VMLAT_NR_CAUSES] = {
	[VMLAT_CAUSE_UNREPORTED] = VMLAT_CAUSE_NAME_UNREPORTED,
	[VMLAT_CAUSE_GUEST] = VMLAT_CAUSE_NAME_GUEST,
	[VMLAT_CAUSE_UNDETERMINED] = VMLAT_CAUSE_NAME_UNDETERMINED,
};

/**
 * vmlat_hist_kind_name() - a histogram kind's name ("lateness", ...)
 * @kind: VMLAT_HIST_*
 *
 * Return: the name, or "?" for a kind out of range.
 */
const char *vmlat_hist_kind_name(unsigned int kind)
{
	return kind < VMLAT_NR_KINDS ? vmlat_hist_kinds[kind] : "?";
}

/**
 * vmlat_hist_file_name() - the name of a histogram kind's file
 * @kind: VMLAT_HIST_*
 *
 * The lateness histogram, the main one, has the plain name "hist"; the
 * others are named for their kind.
 */
const char *vmlat_hist_file_name(unsigned int kind)
{
	return kind == VMLAT_HIST_LATENESS ? "hist" :
	       vmlat_hist_kind_name(kind);
}

/**
 * vmlat_steal_name() - a steal source's name ("kvm", ...)
 * @src: VMLAT_STEAL_*
 *
 * Return: the name, or "?" for a source out of range.
 */
const char *vmlat_steal_name(unsigned int src)
{
	return src < VMLAT_NR_STEAL ? vmlat_steal_names[src] : "?";
}

/**
 * vmlat_stage_name() - a wake-up stage's name, that of its total histogram
 * @stage: enum vmlat_stage
 *
 * Return: "thread", "user", or "?" for a stage out of range.
 */
const char *vmlat_stage_name(unsigned int stage)
{
	if (stage >= VMLAT_NR_STAGES)
		return "?";
	return vmlat_hist_kind_name(vmlat_stage_hist(stage, VMLAT_PART_TOTAL));
}

/**
 * vmlat_cause_name() - a residual cause's name ("guest", ...)
 * @cause: VMLAT_CAUSE_*
 *
 * Return: the name, or "?" for a cause out of range.
 */
const char *vmlat_cause_name(unsigned int cause)
{
	return cause < VMLAT_NR_CAUSES ? vmlat_cause_names[cause] : "?";
}

/* name_index - the index of the @len characters at @s in @names, or -1 */
static int name_index(const char * const *names, unsigned int n,
		      const char *s, size_t len)
{
	unsigned int i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < len && names[i][j] == s[j]; j++)
			;
		if (j == len && !names[i][j])
			return i;
	}
	return -1;
}

/**
 * vmlat_hist_kind_parse() - a histogram kind's name ("lateness", ...)
 * @s: the name, not necessarily NUL-terminated
 * @len: its length
 *
 * Return: the kind, or -1.
 */
int vmlat_hist_kind_parse(const char *s, size_t len)
{
	return name_index(vmlat_hist_kinds, VMLAT_NR_KINDS, s, len);
}

/**
 * vmlat_steal_name_parse() - a steal source's name
 * @s: the name, not necessarily NUL-terminated
 * @len: its length
 *
 * Return: the source (auto included), or -1.
 */
int vmlat_steal_name_parse(const char *s, size_t len)
{
	return name_index(vmlat_steal_names, VMLAT_NR_STEAL, s, len);
}

/**
 * vmlat_cause_parse() - a residual cause's name
 * @s: the name, not necessarily NUL-terminated
 * @len: its length
 *
 * Return: the cause, or -1.
 */
int vmlat_cause_parse(const char *s, size_t len)
{
	return name_index(vmlat_cause_names, VMLAT_NR_CAUSES, s, len);
}
