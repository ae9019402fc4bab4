// SPDX-License-Identifier: GPL-2.0
/*
 * The cpu=all line over the CPUs --cpus selected, made from their summary
 * lines by the module's own rules (abi/vmlat_summary.h gives each key's):
 * sums kept exact in 128 bits and saturated at U64_MAX only when stored,
 * as the module's merged sums are (docs/abi.md, "Overflow"); averages and
 * ratios computed exactly, truncated, from the raw sums (lateness_sum_ns,
 * self_sum_ns, ...), never re-weighted from rounded averages. Steal keys
 * cover only the CPUs with steal data, as the module's cpu=all does.
 */
#include <string.h>

#include "vmlat_reader.h"
#include "vmlat_ratio.h"	/* abi/: exact 128-bit sums and ratios */

/**
 * vmlat_cpu_has_steal() - is steal known for @c?
 * @c: a CPU of a snapshot whose sources are loaded
 *
 * As the module decides it: the CPU has a steal source now, or its steal
 * histogram holds samples from one it had before going offline.
 */
bool vmlat_cpu_has_steal(const struct vmlat_cpu_data *c)
{
	return strcmp(c->src->source, vmlat_steal_name(VMLAT_STEAL_NONE)) ||
	       c->hist[VMLAT_HIST_STEAL].samples;
}

/*
 * The groups of keys a line may carry: those of every line, the steal
 * keys (lines with steal data), each stage's (lines of a CPU whose stage
 * has figures). A key of cpu=all is made over the CPUs that carry its
 * group, as the module makes it.
 */
enum {
	VMLAT_G_BASE,
	VMLAT_G_STEAL,
	VMLAT_G_STAGE,			/* then one per stage */
	VMLAT_NR_GROUPS = VMLAT_G_STAGE + VMLAT_NR_STAGES,
};

static unsigned int vmlat_key_group(unsigned int k)
{
	unsigned int s;

	if (vmlat_keys[k].flags & VMLAT_KF_STEAL)
		return VMLAT_G_STEAL;
	for (s = 0; s < VMLAT_NR_STAGES; s++)
		if (vmlat_keys[k].flags & vmlat_stage_flag(s))
			return VMLAT_G_STAGE + s;
	return VMLAT_G_BASE;
}

static bool vmlat_line_in_group(const struct vmlat_summary_cpu *c,
				unsigned int g)
{
	if (g == VMLAT_G_BASE)
		return true;
	if (g == VMLAT_G_STEAL)
		return c->has_steal;
	return c->stages & (1U << (g - VMLAT_G_STAGE));
}

/* vmlat_merge_value - fold one CPU's key @k (not a sum) into @all */
static void vmlat_merge_value(struct vmlat_summary_cpu *all,
			      const struct vmlat_summary_cpu *c, unsigned int k,
			      bool first_sampled)
{
	unsigned long long v = c->v[k];

	switch (vmlat_keys[k].rule) {
	case VMLAT_KEY_MIN:
		if (c->v[VMLAT_K_SAMPLES] && (first_sampled || v < all->v[k]))
			all->v[k] = v;
		break;
	case VMLAT_KEY_MAX:
		if (v > all->v[k])
			all->v[k] = v;
		break;
	case VMLAT_KEY_AT_MAX:
		/* max_ns comes first, so all's max is already c's if c leads */
		if (c->v[VMLAT_K_SAMPLES] &&
		    c->v[VMLAT_K_MAX] >= all->v[VMLAT_K_MAX])
			all->v[k] = v;
		break;
	}
}

/**
 * vmlat_summary_merge() - snap->all_sum from the selected CPUs' lines
 * @snap: a snapshot with its summary loaded and joined to its CPUs
 *
 * A ratio needs its operands on every line it covers; a line from a
 * module before the raw sums leaves it out (unknown) rather than guessed.
 */
void vmlat_summary_merge(struct vmlat_snapshot *snap)
{
	struct vmlat_summary_cpu *all = &snap->all_sum;
	struct vmlat_wide sum[VMLAT_NR_GROUPS][VMLAT_NR_KEYS];
	unsigned long long seen[VMLAT_NR_GROUPS];
	bool any[VMLAT_NR_GROUPS] = { true }, sampled = false;
	const struct vmlat_key *key;
	unsigned int k, g;
	int i;

	memset(all, 0, sizeof(*all));
	memset(sum, 0, sizeof(sum));
	memset(seen, 0xff, sizeof(seen));
	all->cpu = VMLAT_CPU_ALL;
	for (i = 0; i < snap->nr_cpus; i++) {
		const struct vmlat_summary_cpu *c = snap->cpus[i].sum;

		for (g = 0; g < VMLAT_NR_GROUPS; g++) {
			if (!vmlat_line_in_group(c, g))
				continue;
			any[g] = true;
			seen[g] &= c->seen;
			for (k = 0; k < VMLAT_NR_KEYS; k++)
				if (vmlat_keys[k].rule == VMLAT_KEY_SUM)
					vmlat_wide_add(&sum[g][k], c->v[k]);
		}
		for (k = 0; k < VMLAT_NR_KEYS; k++)
			vmlat_merge_value(all, c, k, !sampled);
		sampled |= c->v[VMLAT_K_SAMPLES] != 0;
		if (!i)
			snprintf(all->steal_source, sizeof(all->steal_source),
				 "%s", c->steal_source);
		else if (strcmp(all->steal_source, c->steal_source))
			snprintf(all->steal_source, sizeof(all->steal_source),
				 "%s", VMLAT_STEAL_MIXED);
	}

	all->has_steal = any[VMLAT_G_STEAL];
	for (g = VMLAT_G_STAGE; g < VMLAT_NR_GROUPS; g++)
		if (any[g])
			all->stages |= 1U << (g - VMLAT_G_STAGE);
	for (k = 0; k < VMLAT_NR_KEYS; k++) {
		key = &vmlat_keys[k];
		g = vmlat_key_group(k);
		if (any[g])
			all->seen |= seen[g] & VMLAT_KEY_BIT(k);
		if (key->rule == VMLAT_KEY_SUM) {
			all->v[k] = vmlat_wide_sat(sum[g][k]);
		} else if (key->rule == VMLAT_KEY_RATIO) {
			if (~seen[g] & (VMLAT_KEY_BIT(key->num) |
					VMLAT_KEY_BIT(key->den)))
				all->seen &= ~VMLAT_KEY_BIT(k);
			all->v[k] = vmlat_wide_sat(vmlat_ratio_scaled(
					sum[g][key->num], sum[g][key->den],
					key->unit, key->decimals));
		}
	}
}

/**
 * vmlat_causes_merge() - all_sum's lines of causes from the selected CPUs'
 * @snap: a snapshot with its causes joined to its CPUs' summary lines
 *
 * A slot a CPU has no line for (a stage never on) adds nothing; cpu=all
 * has the slot when any selected CPU has it. Sums saturate at U64_MAX.
 */
void vmlat_causes_merge(struct vmlat_snapshot *snap)
{
	struct vmlat_summary_cpu *all = &snap->all_sum;
	const struct vmlat_causes_row *r;
	struct vmlat_causes_row *a;
	unsigned int slot, k;
	int i;

	for (slot = 0; slot < VMLAT_CAUSES_SLOTS; slot++) {
		a = &snap->all_causes[slot];
		memset(a, 0, sizeof(*a));
		a->cpu = VMLAT_CPU_ALL;
		a->slot = slot;
		all->causes[slot] = NULL;
		for (i = 0; i < snap->nr_cpus; i++) {
			r = snap->cpus[i].sum->causes[slot];
			if (!r)
				continue;
			all->causes[slot] = a;
			for (k = VMLAT_CK_SAMPLES; k < VMLAT_NR_CAUSES_KEYS; k++)
				a->v[k] = vmlat_add_sat(a->v[k], r->v[k]);
		}
	}
}
