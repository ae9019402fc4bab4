// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the summary key list (abi/vmlat_summary.c), the one both
 * the module's printer and the reader's parser, merge and emitters walk:
 * what docs/abi.md promises about it must hold of the list itself.
 */
#include <string.h>

#include "tap.h"
#include "vmlat_names.h"
#include "vmlat_summary.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* the v1 keys of the first release, in docs/abi.md's order */
static const char * const v1_keys[] = {
	"cpu", "active", "samples", "missed", "elapsed_ns", "min_ns",
	"avg_ns", "max_ns", "max_at_ns", "self_min_ns", "self_avg_ns",
	"self_max_ns", "steal_source", "steal_ns", "steal_ms_per_s",
	"steal_expiries", "stolen_ns", "stolen_share", "trace_stops",
};

static void test_list(void)
{
	unsigned int k, j, dup = 0, bad_ratio = 0, n_v1 = 0;

	for (k = 0; k < VMLAT_NR_KEYS; k++) {
		const struct vmlat_key *key = &vmlat_keys[k];

		for (j = 0; j < k; j++)
			dup += !strcmp(key->name, vmlat_keys[j].name);
		if (key->rule == VMLAT_KEY_RATIO) {
			const struct vmlat_key *num = &vmlat_keys[key->num];
			const struct vmlat_key *den = &vmlat_keys[key->den];

			/* operands are sums on the line, of the same CPUs */
			if (num->rule != VMLAT_KEY_SUM ||
			    den->rule != VMLAT_KEY_SUM ||
			    ((num->flags & VMLAT_KF_STEAL) &&
			     !(key->flags & VMLAT_KF_STEAL)) ||
			    key->decimals > 9 || !key->unit) {
				bad_ratio++;
				tap_diag("ratio %s: bad operands or scale",
					 key->name);
			}
		}
		if (!(key->flags & VMLAT_KF_LATER) &&
		    n_v1 < ARRAY_SIZE(v1_keys) &&
		    !strcmp(key->name, v1_keys[n_v1]))
			n_v1++;
	}
	tap_ok(!dup, "every summary key has its own name (%u repeated)", dup);
	tap_ok(vmlat_keys[0].rule == VMLAT_KEY_CPU &&
	       !strcmp(vmlat_keys[0].name, "cpu"), "a line starts with cpu=");
	tap_ok(n_v1 == ARRAY_SIZE(v1_keys),
	       "the first release's %zu keys are there, in order, none flagged later (%u found)",
	       ARRAY_SIZE(v1_keys), n_v1);
	tap_ok(!bad_ratio,
	       "every average and ratio divides sums of the same line and CPUs (%u not)",
	       bad_ratio);
	for (k = VMLAT_K_LATENESS_SUM, j = 0; k < VMLAT_NR_KEYS; k++)
		j += !(vmlat_keys[k].flags & VMLAT_KF_LATER);
	tap_ok(VMLAT_K_SELF_SUM == VMLAT_K_LATENESS_SUM + 1 &&
	       !strcmp(vmlat_keys[VMLAT_K_LATENESS_SUM].name, "lateness_sum_ns") &&
	       !strcmp(vmlat_keys[VMLAT_K_SELF_SUM].name, "self_sum_ns") && !j,
	       "the raw sums and everything after them are appended, optional for readers (%u not)",
	       j);
	for (k = VMLAT_K_SELF_SUM + 1, j = 0; k <= VMLAT_K_USER_RETURN_SUM;
	     k++) {
		const struct vmlat_key *key = &vmlat_keys[k];
		unsigned int stage = key->flags & (VMLAT_KF_THREAD |
						   VMLAT_KF_USER);

		/* one stage each; a ratio's operands of the same stage */
		j += stage != VMLAT_KF_THREAD && stage != VMLAT_KF_USER;
		if (key->rule == VMLAT_KEY_RATIO)
			j += !(vmlat_keys[key->num].flags & stage) ||
			     !(vmlat_keys[key->den].flags & stage);
	}
	tap_ok(!j && !strncmp(vmlat_keys[VMLAT_K_SELF_SUM + 1].name, "thread_", 7),
	       "the stages' keys come next, thread's first, each of one stage, ratios within it (%u not)",
	       j);
	for (k = VMLAT_K_USER_RETURN_SUM + 1, j = 0; k < VMLAT_NR_KEYS; k++) {
		const struct vmlat_key *key = &vmlat_keys[k];

		/* of no stage; a share divides its sum by the lateness sum */
		j += !!(key->flags & (VMLAT_KF_THREAD | VMLAT_KF_USER |
				      VMLAT_KF_STEAL));
		if (key->rule == VMLAT_KEY_RATIO)
			j += key->num != k - VMLAT_NR_CAUSES ||
			     key->den != VMLAT_K_LATENESS_SUM;
	}
	tap_ok(!j && VMLAT_NR_KEYS == VMLAT_K_USER_RETURN_SUM + 1 + 2 * VMLAT_NR_CAUSES &&
	       !strcmp(vmlat_keys[VMLAT_K_UNREPORTED_SUM].name, "unreported_ns") &&
	       !strcmp(vmlat_keys[VMLAT_K_GUEST_SUM].name, "guest_ns") &&
	       !strcmp(vmlat_keys[VMLAT_K_UNDETERMINED_SUM].name, "undetermined_ns"),
	       "the residual's causes come last: a sum each, then its share of the lateness (%u not)",
	       j);
	tap_ok(vmlat_keys[VMLAT_K_AVG].num == VMLAT_K_LATENESS_SUM &&
	       vmlat_keys[VMLAT_K_AVG].den == VMLAT_K_SAMPLES &&
	       vmlat_keys[VMLAT_K_SELF_AVG].num == VMLAT_K_SELF_SUM &&
	       vmlat_keys[VMLAT_K_STOLEN_SHARE].den == VMLAT_K_LATENESS_SUM,
	       "avg_ns, self_avg_ns and stolen_share come from the raw sums");
	tap_ok(vmlat_keys[VMLAT_K_HARDIRQ_MISSES].rule == VMLAT_KEY_SUM &&
	       !strcmp(vmlat_keys[VMLAT_K_HARDIRQ_MISSES].name,
		       "hardirq_misses"),
	       "hardirq_misses is a summed key of the list");
}

static void test_names(void)
{
	unsigned int i;
	bool ok = true;

	for (i = 0; i < VMLAT_NR_KINDS; i++)
		ok &= vmlat_hist_kind_parse(vmlat_hist_kind_name(i),
					    strlen(vmlat_hist_kind_name(i))) ==
		      (int)i;
	tap_ok(ok, "every histogram kind's name parses back to it");
	for (i = 0, ok = true; i < VMLAT_NR_STEAL; i++)
		ok &= vmlat_steal_name_parse(vmlat_steal_name(i),
					     strlen(vmlat_steal_name(i))) ==
		      (int)i;
	tap_ok(ok, "every steal source's name parses back to it");
	tap_ok(vmlat_steal_name_parse("kvmx", 3) == VMLAT_STEAL_KVM &&
	       vmlat_steal_name_parse("kv", 2) < 0 &&
	       vmlat_steal_name_parse("kvmx", 4) < 0,
	       "names compare whole, by length: \"kv\" and \"kvmx\" are no source");
	tap_ok(!strcmp(vmlat_hist_file_name(VMLAT_HIST_LATENESS), "hist") &&
	       !strcmp(vmlat_steal_name(VMLAT_STEAL_SIM), "sim"),
	       "the lateness histogram's file is hist; source 3 is sim (the tracepoint's values)");
}

int main(void)
{
	tap_header();
	test_list();
	test_names();
	return tap_finish();
}
