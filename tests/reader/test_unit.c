// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the reader's pure logic: bucket maths, percentiles and
 * their error bound, merging, interval deltas, the debugfs parsers and the
 * JSON reader used by plot. Prints kselftest-style TAP; exits 1 on failure.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmlat_reader.h"
#include "vmlat_grammar.h"
#include "tap.h"
#include "vmlat_json.h"
#include "vmlat_parse.h"
#include "vmlat_stats.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static void check(int ok, const char *what)
{
	tap_ok(ok, "%s", what);
}

static unsigned long long rnd_state = 88172645463325252ULL;

static unsigned long long rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static void hist_add(struct vmlat_hist_file *h, unsigned long long v)
{
	if (!h->samples || v < h->min_ns)
		h->min_ns = v;
	if (v > h->max_ns)
		h->max_ns = v;
	h->count[vmlat_hist_index(v)]++;
	h->samples++;
	h->sum_ns += v;
}

static int cmp_u64(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a;
	unsigned long long y = *(const unsigned long long *)b;

	return x < y ? -1 : x > y;
}

static void test_buckets(void)
{
	int i, ok = 1, idx_ok = 1, width_ok = 1;
	unsigned long long v;

	for (i = 0; i < VMLAT_HIST_BUCKETS; i++) {
		if (vmlat_hist_lower(i) > vmlat_hist_upper(i))
			ok = 0;
		if (i + 1 < VMLAT_HIST_BUCKETS &&
		    vmlat_hist_upper(i) + 1 != vmlat_hist_lower(i + 1))
			ok = 0;
		if ((int)vmlat_hist_index(vmlat_hist_lower(i)) != i ||
		    (int)vmlat_hist_index(vmlat_hist_upper(i)) != i)
			idx_ok = 0;
		if (i >= 16 && i < VMLAT_HIST_TOP &&
		    (vmlat_hist_upper(i) - vmlat_hist_lower(i) + 1) * 16 >
		    vmlat_hist_lower(i))
			width_ok = 0;
	}
	check(ok, "buckets are contiguous and ascending");
	check(idx_ok, "bucket_index() inverts both bounds of every bucket");
	check(width_ok, "every bucket above 16 ns is at most 1/16 of its lower bound wide");
	check(vmlat_hist_lower(16) == 16 && vmlat_hist_upper(16) == 16 &&
	      vmlat_hist_lower(32) == 32 && vmlat_hist_upper(32) == 33,
	      "ABI example bounds: 16..16, 32..33");
	check(vmlat_hist_index(768) == vmlat_hist_index(799) &&
	      vmlat_hist_lower(vmlat_hist_index(800)) == 800 &&
	      vmlat_hist_upper(vmlat_hist_index(800)) == 831,
	      "ABI example rows 768..799 and 800..831 are buckets");
	check(vmlat_hist_lower(VMLAT_HIST_TOP) == 1ULL << 36 &&
	      vmlat_hist_upper(VMLAT_HIST_TOP) == ULLONG_MAX &&
	      vmlat_hist_index(ULLONG_MAX) == VMLAT_HIST_TOP,
	      "top bucket holds 2^36 ns and up");
	ok = 1;
	for (i = 0; i < 100000; i++) {
		v = rnd() >> (rnd() % 64);
		if (vmlat_hist_lower(vmlat_hist_index(v)) > v ||
		    vmlat_hist_upper(vmlat_hist_index(v)) < v)
			ok = 0;
	}
	check(ok, "100000 random values fall inside their bucket");
}

static struct vmlat_hist_file h, h2, d;

static void test_percentiles(void)
{
	static const unsigned int ppms[] = { 500000, 900000, 990000,
					     999000, 999900, 1000000 };
	static unsigned long long vals[20000];
	unsigned long long truth, got, rank;
	int i, round, n, ok = 1, exact_ok = 1;
	unsigned int k;

	memset(&h, 0, sizeof(h));
	check(vmlat_percentile(&h, 990000) == 0, "empty histogram: p99 is 0");
	hist_add(&h, 1000);
	check(vmlat_percentile(&h, 500000) == 1000,
	      "one sample: p50 is clamped to the exact max, not the bucket bound");
	memset(&h, 0, sizeof(h));
	for (i = 0; i < 100; i++)
		hist_add(&h, i);
	check(vmlat_percentile(&h, 500000) == 49 &&
	      vmlat_percentile(&h, 990000) == 99 &&
	      vmlat_percentile(&h, 100000) == 9,
	      "0..99: p10=9 (exact below 16), p50=49, p99=99");

	for (round = 0; round < 40; round++) {
		memset(&h, 0, sizeof(h));
		n = 1 + rnd() % 20000;
		for (i = 0; i < n; i++) {
			vals[i] = (rnd() % 1000000) >> (rnd() % 20);
			hist_add(&h, vals[i]);
		}
		qsort(vals, n, sizeof(vals[0]), cmp_u64);
		for (k = 0; k < ARRAY_SIZE(ppms); k++) {
			rank = ((unsigned long long)n * ppms[k] + 999999) /
			       1000000;
			truth = vals[(rank ? rank : 1) - 1];
			got = vmlat_percentile(&h, ppms[k]);
			if (got < truth || got > h.max_ns ||
			    (truth >= 16 && (got - truth) * 16 > truth))
				ok = 0;
			if (truth < 16 && got != truth)
				exact_ok = 0;
		}
	}
	check(ok, "random data: truth <= percentile <= truth + truth/16, <= max");
	check(exact_ok, "random data: percentiles below 16 ns are exact");
	memset(&h, 0, sizeof(h));
	h.samples = ULLONG_MAX;
	h.count[20] = ULLONG_MAX;
	h.max_ns = 100;
	check(vmlat_percentile(&h, 999900) == vmlat_hist_upper(20),
	      "rank of a 2^64-1 sample count does not overflow");
}

static void test_merge_delta(void)
{
	struct vmlat_interval iv;
	int i;

	memset(&h, 0, sizeof(h));
	memset(&h2, 0, sizeof(h2));
	hist_add(&h, 500);
	hist_add(&h, 900);
	hist_add(&h2, 300);
	hist_add(&h2, 7000);
	vmlat_hist_file_merge(&h, &h2);
	check(h.samples == 4 && h.min_ns == 300 && h.max_ns == 7000 &&
	      h.sum_ns == 8700 && h.count[vmlat_hist_index(7000)] == 1,
	      "merge adds counts and keeps exact min/max/sum");

	memset(&h, 0, sizeof(h));
	for (i = 0; i < 10; i++)
		hist_add(&h, 1000 + i);
	hist_add(&h, 50000);
	h2 = h;
	for (i = 0; i < 5; i++)
		hist_add(&h2, 20000);
	check(vmlat_hist_delta(&d, &h2, &h) && d.samples == 5 &&
	      d.max_ns == vmlat_hist_upper(vmlat_hist_index(20000)) &&
	      d.min_ns == vmlat_hist_lower(vmlat_hist_index(20000)),
	      "delta without a new max: max is the highest delta bucket's upper bound");
	vmlat_interval_compute(&iv, &h2, &h, true, 3000, 1000);
	check(!iv.max_exact && iv.samples == 5 && iv.steal_ns == 2000 &&
	      !iv.reset, "interval: bound marked inexact, steal delta 2000");
	hist_add(&h2, 60001);
	vmlat_interval_compute(&iv, &h2, &h, false, 0, 0);
	check(iv.max_exact && iv.max_ns == 60001 && iv.samples == 6,
	      "delta with a new max: the exact max");
	memset(&h2, 0, sizeof(h2));
	hist_add(&h2, 42);
	vmlat_interval_compute(&iv, &h2, &h, true, 10, 1000);
	check(iv.reset && iv.samples == 1 && iv.max_ns == 42 &&
	      iv.steal_ns == 10, "counters going back are a reset: delta is since reset");
	h2 = h;
	vmlat_interval_compute(&iv, &h2, &h, false, 0, 0);
	check(iv.samples == 0 && iv.max_ns == 0 && iv.p99_ns == 0,
	      "no new samples: empty interval");

	/* a stage's irq_stolen: the summary's sums, now less before */
	memset(&iv, 0, sizeof(iv));
	vmlat_interval_irq_stolen(&iv.stage[0], 1400, 1000, 25000, 20000);
	check(iv.stage[0].has_irq_stolen && iv.stage[0].irq_stolen_ns == 400 &&
	      iv.stage[0].irq_stolen_of_ns == 5000,
	      "interval: a stage's irq_stolen and the lateness it is of, deltas");
	vmlat_interval_irq_stolen(&iv.stage[0], 300, 1000, 25000, 20000);
	check(iv.stage[0].irq_stolen_ns == 300 &&
	      iv.stage[0].irq_stolen_of_ns == 25000,
	      "interval: irq_stolen going back is a reset: both since it");
}

static void test_numbers(void)
{
	unsigned long long v = 0;

	check(!vmlat_parse_dec("18446744073709551615", 20, &v) &&
	      v == ULLONG_MAX, "u64: 2^64-1 parses");
	check(vmlat_parse_dec("18446744073709551616", 20, &v) &&
	      vmlat_parse_dec("-1", 2, &v) && vmlat_parse_dec("", 0, &v) &&
	      vmlat_parse_dec("1 ", 2, &v) && vmlat_parse_dec("0x10", 4, &v),
	      "u64: overflow, sign, empty, space, hex refused");
	check(!vmlat_parse_fixed("12.345", 6, 3, &v) && v == 12345 &&
	      !vmlat_parse_fixed("1.2", 3, 3, &v) && v == 1200 &&
	      !vmlat_parse_fixed("7", 1, 3, &v) && v == 7000,
	      "fixed point: 12.345 1.2 7 with three decimals");
	check(vmlat_parse_fixed("1.2345", 6, 3, &v) &&
	      vmlat_parse_fixed("1.", 2, 3, &v) &&
	      vmlat_parse_fixed(".5", 2, 3, &v),
	      "fixed point: too many decimals, empty parts refused");
}

static const char good_hist[] =
	"# vmlat-hist v1 hist=lateness cpu=0\n"
	"# unit=ns period_us=1000 elapsed_ns=10000512345 new_key=1\n"
	"# samples=52 missed=3 min=780 max=812 sum=41000\n"
	"# lower_ns upper_ns count\n"
	"768 799 12\n"
	"800 831 40\n";

/*
 * replace_once - the first @from in @buf becomes @to, in place (@buf has
 * room for the difference); -1 when @buf has no @from
 */
static int replace_once(char *buf, const char *from, const char *to)
{
	char *p = strstr(buf, from);

	if (!p)
		return -1;
	memmove(p + strlen(to), p + strlen(from), strlen(p + strlen(from)) + 1);
	memcpy(p, to, strlen(to));
	return 0;
}

static int parse_variant(const char *from, const char *to,
			 enum vmlat_perr_kind *kind)
{
	char buf[1024];
	struct vmlat_perr e;
	int ret;

	snprintf(buf, sizeof(buf), "%s", good_hist);
	if (replace_once(buf, from, to))
		return -2;
	ret = vmlat_parse_hist(buf, strlen(buf), &h, &e);
	*kind = e.kind;
	return ret;
}

static void test_parse_hist(void)
{
	enum vmlat_perr_kind kind;
	struct vmlat_perr e;

	check(!vmlat_parse_hist(good_hist, strlen(good_hist), &h, &e) &&
	      h.samples == 52 && h.cpu == 0 && h.kind == VMLAT_HIST_LATENESS &&
	      h.count[vmlat_hist_index(800)] == 40 &&
	      h.elapsed_ns == 10000512345ULL,
	      "hist: the ABI example parses; unknown keys ignored");
	check(parse_variant("hist=lateness cpu=0", "hist=steal cpu=all",
			    &kind) == 0 && h.cpu == VMLAT_CPU_ALL &&
	      h.kind == VMLAT_HIST_STEAL, "hist: cpu=all hist=steal");
	check(parse_variant("v1", "v2", &kind) == -1 &&
	      kind == VMLAT_PARSE_VERSION, "hist: v2 is an unknown version");
	check(parse_variant("vmlat-hist", "vmlat-histo", &kind) == -1 &&
	      kind == VMLAT_PARSE_FORMAT, "hist: another format name is refused");
	check(parse_variant("800 831 40\n", "800 831 39\n", &kind) == -1 &&
	      kind == VMLAT_PARSE_TRUNCATED,
	      "hist: counts short of samples = truncated");
	check(parse_variant("800 831 40\n", "800 831 41\n", &kind) == -1 &&
	      kind == VMLAT_PARSE_MALFORMED,
	      "hist: counts above samples = malformed");
	check(parse_variant("800 831 40\n", "800 831 40", &kind) == -1 &&
	      kind == VMLAT_PARSE_TRUNCATED, "hist: no final newline = truncated");
	check(parse_variant("800 831 40\n", "800 830 40\n", &kind) == -1 &&
	      kind == VMLAT_PARSE_MALFORMED, "hist: 800..830 is not a bucket");
	check(parse_variant("768 799 12\n800 831 40\n",
			    "800 831 40\n768 799 12\n", &kind) == -1 &&
	      kind == VMLAT_PARSE_MALFORMED, "hist: rows out of order");
	check(parse_variant("max=812", "max=999", &kind) == -1 &&
	      kind == VMLAT_PARSE_MALFORMED, "hist: max outside the last row");
	check(parse_variant("missed=3 ", "", &kind) == -1 &&
	      kind == VMLAT_PARSE_TRUNCATED, "hist: missing header key");
	check(parse_variant("unit=ns", "unit=us", &kind) == -1 &&
	      kind == VMLAT_PARSE_MALFORMED, "hist: unit other than ns");
	check(parse_variant("800 831 40", "800 831 4x0", &kind) == -1 &&
	      kind == VMLAT_PARSE_MALFORMED, "hist: garbage in a count");
	check(vmlat_parse_hist("", 0, &h, &e) == -1 &&
	      e.kind == VMLAT_PARSE_TRUNCATED, "hist: empty file = truncated");
}

static const char good_summary[] =
	"# vmlat-summary v1\n"
	"# enabled=1 period_us=1000 cpus=0-1\n"
	"cpu=0 active=1 samples=9998 missed=1 elapsed_ns=10000512345 min_ns=812 avg_ns=9021 max_ns=4021337 max_at_ns=123456789000 self_min_ns=310 self_avg_ns=520 self_max_ns=9001 steal_source=kvm steal_ns=5000 steal_ms_per_s=12.345 steal_expiries=3 stolen_ns=4000 stolen_share=0.0400 trace_stops=0 later_key=9\n"
	"cpu=1 active=1 samples=1 missed=0 elapsed_ns=1 min_ns=1 avg_ns=1 max_ns=1 max_at_ns=1 self_min_ns=1 self_avg_ns=1 self_max_ns=1 steal_source=none trace_stops=0\n"
	"cpu=all active=2 samples=9999 missed=1 elapsed_ns=10000512346 min_ns=1 avg_ns=9020 max_ns=4021337 max_at_ns=123456789000 self_min_ns=1 self_avg_ns=520 self_max_ns=9001 steal_source=mixed steal_ns=5000 steal_ms_per_s=0.500 steal_expiries=3 stolen_ns=4000 stolen_share=0.0400 trace_stops=0\n";

static int summary_variant(const char *from, const char *to,
			   struct vmlat_summary *s, enum vmlat_perr_kind *kind)
{
	static char buf[4096];
	struct vmlat_perr e;
	int ret;

	snprintf(buf, sizeof(buf), "%s", good_summary);
	if (replace_once(buf, from, to))
		return -2;
	ret = vmlat_parse_summary(buf, strlen(buf), s, &e);
	*kind = e.kind;
	return ret;
}

static void test_parse_summary(void)
{
	const char *src = "# vmlat-steal-source v1\ncpu=0 source=none reason=no hypervisor steal clock (bare metal or emulator)\ncpu=1 source=kvm reason=msr\n";
	enum vmlat_perr_kind kind;
	struct vmlat_sources ss;
	struct vmlat_summary s;
	struct vmlat_perr e;

	check(!vmlat_parse_summary(good_summary, strlen(good_summary), &s, &e) &&
	      s.nr_cpus == 2 && s.cpu[0].v[VMLAT_K_STEAL_RATE] == 12345 &&
	      s.cpu[0].v[VMLAT_K_STOLEN_SHARE] == 400 && s.cpu[0].has_steal &&
	      !s.cpu[1].has_steal && s.all.cpu == VMLAT_CPU_ALL &&
	      s.all.v[VMLAT_K_MAX_AT] == 123456789000ULL &&
	      s.period_us == 1000 &&
	      !strcmp(s.cpus, "0-1") && !strcmp(s.all.steal_source, "mixed"),
	      "summary: ABI example parses, steal keys only where a source is");
	vmlat_summary_free(&s);
	check(summary_variant(" steal_ns=5000 steal_ms_per_s=12.345", "", &s,
			      &kind) == -1 && kind == VMLAT_PARSE_MALFORMED,
	      "summary: kvm line without its steal keys is malformed");
	check(!summary_variant("steal_source=kvm", "steal_source=none", &s,
			       &kind) && s.cpu[0].has_steal &&
	      s.cpu[0].v[VMLAT_K_STEAL] == 5000,
	      "summary: an offline CPU's steal keys with source none are read");
	vmlat_summary_free(&s);
	check(summary_variant("steal_source=none trace_stops=0\n",
			      "steal_source=none steal_ns=1 trace_stops=0\n",
			      &s, &kind) == -1 && kind == VMLAT_PARSE_MALFORMED,
	      "summary: some steal keys without the others are malformed");
	check(summary_variant("cpu=all", "cpu=2", &s, &kind) == -1 &&
	      kind == VMLAT_PARSE_TRUNCATED, "summary: no cpu=all = truncated");
	check(summary_variant("cpu=1 ", "cpu=0 ", &s, &kind) == -1 &&
	      kind == VMLAT_PARSE_MALFORMED, "summary: repeated cpu refused");
	check(summary_variant("summary v1", "summary v2", &s, &kind) == -1 &&
	      kind == VMLAT_PARSE_VERSION, "summary: v2 refused as a version");
	check(!summary_variant("cpus=0-1\n",
			       "cpus=0-1 resolution_ns=4000000 later_key=x\n",
			       &s, &kind) &&
	      s.period_us == 1000 && !strcmp(s.cpus, "0-1") && s.nr_cpus == 2,
	      "summary: header keys after cpus= (resolution_ns, unknown) are skipped");
	vmlat_summary_free(&s);
	check(summary_variant("stolen_share=0.0400 trace_stops=0 later",
			      "stolen_share=1.5000 trace_stops=0 later",
			      &s, &kind) == -1 &&
	      kind == VMLAT_PARSE_MALFORMED, "summary: share above 1 refused");
	check(!vmlat_parse_sources(src, strlen(src), &ss, &e) &&
	      ss.nr_cpus == 2 && ss.cpu[1].cpu == 1 &&
	      !strcmp(ss.cpu[1].source, "kvm") &&
	      !strcmp(ss.cpu[0].reason,
		      "no hypervisor steal clock (bare metal or emulator)"),
	      "steal_source: reason= runs to the end of the line");
	vmlat_sources_free(&ss);
}

static void test_json(void)
{
	const char *doc = "{\"a\": [1, 2.5, -3], \"b\": {\"c\": \"x\\\"y\"}, \"big\": 18446744073709551615, \"t\": true, \"n\": null}";
	const struct vmlat_json *a, *b;
	struct vmlat_json *j;
	char err[128];

	j = vmlat_json_parse(doc, strlen(doc), err, sizeof(err));
	a = vmlat_json_get(j, "a");
	b = vmlat_json_get(vmlat_json_get(j, "b"), "c");
	check(j && a && a->type == VMLAT_J_ARR && a->child->next->num == 2.5 &&
	      b && !strcmp(b->str, "x\"y") &&
	      vmlat_json_get(j, "big")->u64 == ULLONG_MAX &&
	      vmlat_json_get(j, "t")->boolean &&
	      vmlat_json_get(j, "n")->type == VMLAT_J_NULL,
	      "json: nested values, escapes, exact 2^64-1");
	vmlat_json_free(j);
	check(!vmlat_json_parse("{\"a\": 1} x", 10, err, sizeof(err)) &&
	      !vmlat_json_parse("[1, 2", 5, err, sizeof(err)) &&
	      !vmlat_json_parse("{\"a\" 1}", 7, err, sizeof(err)),
	      "json: trailing data, unterminated array, missing colon refused");
}

/*
 * merge_line - a summary line of CPU @cpu with every key present and
 * steal data, all keys 0 but those set after
 */
static void merge_line(struct vmlat_summary_cpu *c, int cpu)
{
	memset(c, 0, sizeof(*c));
	c->cpu = cpu;
	c->seen = ~0U;
	c->has_steal = true;
	snprintf(c->steal_source, sizeof(c->steal_source), "kvm");
}

static void test_summary_merge(void)
{
	struct vmlat_summary_cpu c[2], *all;
	struct vmlat_cpu_data cd[2];
	struct vmlat_snapshot snap;
	int i;

	memset(&snap, 0, sizeof(snap));
	memset(cd, 0, sizeof(cd));
	for (i = 0; i < 2; i++) {
		merge_line(&c[i], i);
		cd[i].cpu = i;
		cd[i].sum = &c[i];
		c[i].v[VMLAT_K_SAMPLES] = 1ULL << 63;
		c[i].v[VMLAT_K_LATENESS_SUM] = ULLONG_MAX;
		c[i].v[VMLAT_K_STEAL] = ULLONG_MAX;
		c[i].v[VMLAT_K_STOLEN] = ULLONG_MAX / 2;
		c[i].v[VMLAT_K_SELF_SUM] = 3ULL << 62;
		c[i].v[VMLAT_K_MAX] = 10;
		c[i].v[VMLAT_K_MAX_AT] = 100 + i;
	}
	c[0].v[VMLAT_K_ELAPSED] = ULLONG_MAX;
	c[1].v[VMLAT_K_ELAPSED] = 1;
	c[0].v[VMLAT_K_MIN] = 5;
	c[1].v[VMLAT_K_MIN] = 3;
	snap.nr_cpus = 2;
	snap.cpus = cd;
	vmlat_summary_merge(&snap);
	all = &snap.all_sum;
	/*
	 * expected values worked out by hand: samples 2^64 and elapsed 2^64
	 * saturate; avg (2^65 - 2) / 2^64 = 1; self_avg 1.5 x 2^63 / 2^63;
	 * steal_ms_per_s (2^65 - 2) x 10^6 / 2^64 = 1999999.99.. -> 1999.999
	 */
	check(all->cpu == VMLAT_CPU_ALL &&
	      all->v[VMLAT_K_SAMPLES] == ULLONG_MAX &&
	      all->v[VMLAT_K_ELAPSED] == ULLONG_MAX &&
	      all->v[VMLAT_K_LATENESS_SUM] == ULLONG_MAX,
	      "merge: sums beyond 2^64 - 1 saturate, as the module's cpu=all");
	check(all->v[VMLAT_K_AVG] == 1 && all->v[VMLAT_K_SELF_AVG] == 1 &&
	      all->v[VMLAT_K_STEAL_RATE] == 1999999 &&
	      all->v[VMLAT_K_STOLEN_SHARE] == 4999,
	      "merge: averages and ratios exact and truncated from 128-bit sums");
	check(all->v[VMLAT_K_MIN] == 3 && all->v[VMLAT_K_MAX] == 10 &&
	      all->v[VMLAT_K_MAX_AT] == 101 &&
	      !strcmp(all->steal_source, "kvm") && all->has_steal,
	      "merge: min, max, max_at of the last CPU with the max, common source");
	c[1].seen &= ~VMLAT_KEY_BIT(VMLAT_K_LATENESS_SUM);
	snprintf(c[1].steal_source, sizeof(c[1].steal_source), "none");
	c[1].has_steal = false;
	vmlat_summary_merge(&snap);
	check(!(all->seen & VMLAT_KEY_BIT(VMLAT_K_AVG)) &&
	      (all->seen & VMLAT_KEY_BIT(VMLAT_K_STOLEN_SHARE)) &&
	      all->v[VMLAT_K_STOLEN_SHARE] == 4999 &&
	      all->v[VMLAT_K_STEAL] == ULLONG_MAX &&
	      !strcmp(all->steal_source, "mixed"),
	      "merge: a line without raw sums leaves avg unknown; steal keys over the CPUs with steal only");
}

/*
 * the stages: cpu0 carries the thread stage's keys (docs/abi.md), cpu1
 * does not; the line over both takes them from cpu0 alone
 */
static const char stage_summary[] =
	"# vmlat-summary v1\n"
	"# enabled=1 period_us=1000 cpus=0-1\n"
	"cpu=0 active=1 samples=10 missed=0 elapsed_ns=10000000 min_ns=1 avg_ns=1 max_ns=1 max_at_ns=1 self_min_ns=1 self_avg_ns=1 self_max_ns=1 steal_source=none trace_stops=0 lateness_sum_ns=10 self_sum_ns=10 thread_samples=9 thread_misses=1 thread_avg_ns=100 thread_max_ns=500 thread_irq_avg_ns=10 thread_stolen_avg_ns=40 thread_sched_avg_ns=50 thread_stolen_share=0.4000 thread_sched_share=0.5000 thread_irq_stolen_share=0.0700 thread_sum_ns=900 thread_irq_sum_ns=90 thread_stolen_sum_ns=360 thread_sched_sum_ns=450 thread_irq_stolen_sum_ns=63\n"
	"cpu=1 active=1 samples=10 missed=0 elapsed_ns=10000000 min_ns=1 avg_ns=1 max_ns=1 max_at_ns=1 self_min_ns=1 self_avg_ns=1 self_max_ns=1 steal_source=none trace_stops=0 lateness_sum_ns=10 self_sum_ns=10\n"
	"cpu=all active=2 samples=20 missed=0 elapsed_ns=20000000 min_ns=1 avg_ns=1 max_ns=1 max_at_ns=1 self_min_ns=1 self_avg_ns=1 self_max_ns=1 steal_source=none trace_stops=0 lateness_sum_ns=20 self_sum_ns=20\n";

static void test_stages(void)
{
	static char buf[4096];
	struct vmlat_cpu_data cd[2];
	struct vmlat_snapshot snap;
	struct vmlat_summary s;
	struct vmlat_wakeup w;
	struct vmlat_perr e;
	const char *line;
	char *p;

	check(!vmlat_parse_summary(stage_summary, strlen(stage_summary), &s,
				   &e) &&
	      s.cpu[0].stages == 1U << VMLAT_STAGE_THREAD && !s.cpu[1].stages &&
	      s.cpu[0].v[VMLAT_K_THREAD_SCHED_SUM] == 450 &&
	      s.cpu[0].v[VMLAT_K_THREAD_STOLEN_SHARE] == 4000 &&
	      (s.cpu[0].seen & VMLAT_KEY_BIT(VMLAT_K_THREAD_SCHED_SUM)) &&
	      !(s.cpu[0].seen & VMLAT_KEY_BIT(VMLAT_K_USER_SAMPLES)) &&
	      s.cpu[0].v[VMLAT_K_SAMPLES] == 10,
	      "stages: keys past the 32nd parse, a stage's keys mark it");
	check(s.cpu[0].v[VMLAT_K_THREAD_IRQ_STOLEN_SUM] == 63 &&
	      s.cpu[0].v[VMLAT_K_THREAD_IRQ_STOLEN_SHARE] == 700 &&
	      vmlat_stage_key(VMLAT_STAGE_THREAD, "_irq_stolen_sum_ns") ==
	      VMLAT_K_THREAD_IRQ_STOLEN_SUM &&
	      vmlat_stage_key(VMLAT_STAGE_USER, "_irq_stolen_share") ==
	      VMLAT_K_USER_IRQ_STOLEN_SHARE &&
	      vmlat_stage_key(VMLAT_STAGE_USER, "_sum_ns") == VMLAT_K_USER_SUM &&
	      vmlat_stage_key(VMLAT_STAGE_USER, "_nothing_ns") == -1,
	      "stages: irq_stolen's sum and share parse; a stage's key found by name");
	memset(&snap, 0, sizeof(snap));
	memset(cd, 0, sizeof(cd));
	cd[0].sum = &s.cpu[0];
	cd[1].sum = &s.cpu[1];
	cd[1].cpu = 1;
	snap.nr_cpus = 2;
	snap.cpus = cd;
	vmlat_summary_merge(&snap);
	check(snap.all_sum.stages == 1U << VMLAT_STAGE_THREAD &&
	      snap.all_sum.v[VMLAT_K_THREAD_SAMPLES] == 9 &&
	      snap.all_sum.v[VMLAT_K_THREAD_AVG] == 100 &&
	      snap.all_sum.v[VMLAT_K_THREAD_MAX] == 500 &&
	      snap.all_sum.v[VMLAT_K_THREAD_SCHED_SHARE] == 5000 &&
	      snap.all_sum.v[VMLAT_K_THREAD_IRQ_STOLEN_SUM] == 63 &&
	      snap.all_sum.v[VMLAT_K_THREAD_IRQ_STOLEN_SHARE] == 700 &&
	      (snap.all_sum.seen & VMLAT_KEY_BIT(VMLAT_K_THREAD_AVG)) &&
	      !(snap.all_sum.seen & VMLAT_KEY_BIT(VMLAT_K_USER_AVG)),
	      "stages: merged over the lines that carry them");
	vmlat_summary_free(&s);
	snprintf(buf, sizeof(buf), "%s", stage_summary);
	check(!replace_once(buf, " thread_sched_sum_ns=450", "") &&
	      vmlat_parse_summary(buf, strlen(buf), &s, &e) == -1 &&
	      strstr(e.msg, "thread_sched_sum_ns= missing"),
	      "stages: a stage's keys come all or none");
	snprintf(buf, sizeof(buf), "%s", stage_summary);
	check(!replace_once(buf, " thread_irq_stolen_sum_ns=63", "") &&
	      vmlat_parse_summary(buf, strlen(buf), &s, &e) == -1 &&
	      strstr(e.msg, "thread_irq_stolen_sum_ns= missing"),
	      "stages: irq_stolen's keys are a stage's: without them refused");
	snprintf(buf, sizeof(buf), "%s", stage_summary);
	p = strstr(buf, "thread_sched_share=0.5000");
	memcpy(p, "thread_sched_share=1.5000", 25);
	check(vmlat_parse_summary(buf, strlen(buf), &s, &e) == -1 &&
	      strstr(e.msg, "thread_sched_share above 1"),
	      "stages: a share above 1 refused");

	line = "seq=4913 lateness_ns=95470 irq_ns=80540 irq_stolen_ns=60000 stolen_ns=0 sched_ns=14930 return_ns=12112 cause=guest\n";
	check(!vmlat_parse_wait_line(line, strlen(line), &w, &e) &&
	      w.v[VMLAT_WK_SEQ] == 4913 && w.v[VMLAT_WK_LATENESS] == 95470 &&
	      w.v[VMLAT_WK_IRQ] + w.v[VMLAT_WK_STOLEN] + w.v[VMLAT_WK_SCHED] ==
	      w.v[VMLAT_WK_LATENESS] && w.v[VMLAT_WK_RETURN] == 12112 &&
	      w.v[VMLAT_WK_IRQ_STOLEN] == 60000 &&
	      w.cause == VMLAT_CAUSE_GUEST,
	      "wait line: docs/abi.md's example parses, irq_stolen_ns and cause= too");
	/* the longest line the module prints: every value at 20 digits */
	line = "seq=18446744073709551615 lateness_ns=18446744073709551615 irq_ns=18446744073709551615 irq_stolen_ns=18446744073709551615 stolen_ns=18446744073709551615 sched_ns=18446744073709551615 return_ns=18446744073709551615 cause=undetermined\n";
	check(strlen(line) < VMLAT_WAIT_LINE_MAX &&
	      !vmlat_parse_wait_line(line, strlen(line), &w, &e) &&
	      w.cause == VMLAT_CAUSE_UNDETERMINED,
	      "wait line: the longest line fits in a read of VMLAT_WAIT_LINE_MAX");
	line = "seq=1 lateness_ns=3 irq_ns=1 irq_stolen_ns=0 stolen_ns=1 sched_ns=1 return_ns=0\n";
	check(!vmlat_parse_wait_line(line, strlen(line), &w, &e) &&
	      w.cause == -1, "wait line: an older module's, without cause=");
	line = "seq=1 lateness_ns=3 irq_ns=1 irq_stolen_ns=0 stolen_ns=1 sched_ns=1 return_ns=0 cause=later\n";
	check(!vmlat_parse_wait_line(line, strlen(line), &w, &e) &&
	      w.cause == -1, "wait line: a cause this reader does not know is none");
	line = "later=1 seq=1 lateness_ns=3 irq_ns=1 irq_stolen_ns=0 stolen_ns=1 sched_ns=1 return_ns=0 x_ns=2\n";
	check(!vmlat_parse_wait_line(line, strlen(line), &w, &e) &&
	      w.v[VMLAT_WK_LATENESS] == 3, "wait line: unknown keys skipped");
	line = "seq=1 lateness_ns=3 irq_ns=1 irq_stolen_ns=0 stolen_ns=1 sched_ns=1 return_ns=0";
	check(vmlat_parse_wait_line(line, strlen(line), &w, &e) == -1,
	      "wait line: no newline refused");
	line = "seq=1 lateness_ns=3 irq_ns=1 irq_stolen_ns=0 stolen_ns=1 return_ns=0\n";
	check(vmlat_parse_wait_line(line, strlen(line), &w, &e) == -1 &&
	      strstr(e.msg, "sched_ns= missing"), "wait line: a missing key refused");
	line = "seq=1 lateness_ns=3 irq_ns=1 stolen_ns=1 sched_ns=1 return_ns=0\n";
	check(vmlat_parse_wait_line(line, strlen(line), &w, &e) == -1 &&
	      strstr(e.msg, "irq_stolen_ns= missing"),
	      "wait line: a line without irq_stolen_ns refused");
	line = "seq=1 seq=2 lateness_ns=3 irq_ns=1 irq_stolen_ns=0 stolen_ns=1 sched_ns=1 return_ns=0\n";
	check(vmlat_parse_wait_line(line, strlen(line), &w, &e) == -1,
	      "wait line: a repeated key refused");
	line = "seq=1 lateness_ns=-3 irq_ns=1 irq_stolen_ns=0 stolen_ns=1 sched_ns=1 return_ns=0\n";
	check(vmlat_parse_wait_line(line, strlen(line), &w, &e) == -1,
	      "wait line: a bad number refused");
}

/* the causes file: its lines, a later stage skipped, its errors */
static void test_causes(void)
{
	static const char ok[] =
		"# vmlat-causes v1\n"
		"cpu=0 stage=irq samples=3 lateness_ns=30 stolen_ns=10 unreported_ns=12 guest_ns=5 undetermined_ns=3 sched_ns=0\n"
		"cpu=0 stage=user samples=2 lateness_ns=40 stolen_ns=10 unreported_ns=8 guest_ns=4 undetermined_ns=2 sched_ns=16 later_ns=1\n"
		"cpu=0 stage=later samples=1 lateness_ns=1 stolen_ns=0 unreported_ns=1 guest_ns=0 undetermined_ns=0 sched_ns=0\n"
		"cpu=all stage=irq samples=3 lateness_ns=30 stolen_ns=10 unreported_ns=12 guest_ns=5 undetermined_ns=3 sched_ns=0\n";
	struct vmlat_causes c;
	struct vmlat_perr e;
	char buf[1024];

	check(!vmlat_parse_causes(ok, strlen(ok), &c, &e) && c.nr == 3 &&
	      c.row[1].cpu == 0 && c.row[1].slot == 1 + VMLAT_STAGE_USER &&
	      c.row[1].v[VMLAT_CK_SCHED] == 16 &&
	      c.row[1].v[VMLAT_CK_GUEST] == 4 &&
	      c.row[2].cpu == VMLAT_CPU_ALL && c.row[2].slot == 0,
	      "causes: lines by CPU and stage; a later key and stage skipped");
	vmlat_causes_free(&c);
	snprintf(buf, sizeof(buf), "%s", ok);
	memcpy(strstr(buf, "guest_ns=5"), "guest_ns=x", 10);
	check(vmlat_parse_causes(buf, strlen(buf), &c, &e) == -1 &&
	      e.kind == VMLAT_PARSE_MALFORMED && e.line == 2,
	      "causes: a bad number refused, with its line");
	snprintf(buf, sizeof(buf), "%s", ok);
	memset(strstr(buf, " sched_ns=16"), ' ', strlen(" sched_ns=16"));
	check(vmlat_parse_causes(buf, strlen(buf), &c, &e) == -1 &&
	      strstr(e.msg, "sched_ns= missing") && e.line == 3,
	      "causes: a missing key refused");
	snprintf(buf, sizeof(buf), "%s", ok);
	memcpy(strstr(buf, "v1"), "v2", 2);
	check(vmlat_parse_causes(buf, strlen(buf), &c, &e) == -1 &&
	      e.kind == VMLAT_PARSE_VERSION, "causes: another version refused");
}

int main(void)
{
	tap_header();
	test_buckets();
	test_percentiles();
	test_merge_delta();
	test_numbers();
	test_parse_hist();
	test_parse_summary();
	test_summary_merge();
	test_stages();
	test_causes();
	test_json();
	return tap_finish();
}
