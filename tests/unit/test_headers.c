// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the header keys in abi/vmlat_names.c: the histogram
 * files' header, the summary's second header line, the steal_source
 * lines and the causes lines, which the module prints and the reader
 * parses from that one list. Each list must hold unique names, in the order of docs/abi.md's
 * examples: the expected order is read from the page itself, not from a
 * copy kept here.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "vmlat_names.h"
#include "vmlat_summary.h"

#define MAX_KEYS	32
#define MAX_LINE	512

/* keys_ok - non-empty names, nothing a token could not hold, no repeat */
static bool keys_ok(const char * const *keys, unsigned int n)
{
	unsigned int i, j;

	for (i = 0; i < n; i++) {
		if (!keys[i] || !keys[i][0] || strpbrk(keys[i], "= #\n"))
			return false;
		for (j = 0; j < i; j++)
			if (!strcmp(keys[i], keys[j]))
				return false;
	}
	return true;
}

/* struct doc - docs/abi.md, as lines */
struct doc {
	char *text;
	char *line[2048];
	unsigned int nr;
};

static bool doc_read(struct doc *d)
{
	char path[4096], *slash, *p;
	size_t len = 0, got;
	FILE *f;

	/* this file is tests/unit/test_headers.c: the page is ../../docs/ */
	snprintf(path, sizeof(path), "%s", __FILE__);
	slash = strrchr(path, '/');
	snprintf(slash ? slash + 1 : path,
		 sizeof(path) - (slash ? slash + 1 - path : 0),
		 "../../docs/abi.md");
	f = fopen(path, "r");
	if (!f)
		return false;
	d->text = malloc(1 << 20);
	if (d->text)
		while ((got = fread(d->text + len, 1, (1 << 20) - 1 - len, f)))
			len += got;
	fclose(f);
	if (!d->text)
		return false;
	d->text[len] = '\0';
	d->nr = 0;
	for (p = strtok(d->text, "\n"); p && d->nr < 2048;
	     p = strtok(NULL, "\n"))
		d->line[d->nr++] = p;
	return true;
}

/* doc_find - the index of the first line that starts with @prefix */
static int doc_find(const struct doc *d, const char *prefix)
{
	unsigned int i;

	for (i = 0; i < d->nr; i++)
		if (!strncmp(d->line[i], prefix, strlen(prefix)))
			return i;
	return -1;
}

/*
 * doc_keys - append the keys of the key=value tokens of @line to @keys;
 * @rest: the key whose value runs to the end of the line (or NULL)
 */
static void doc_keys(const char *line, char keys[][32], unsigned int *n,
		     const char *rest)
{
	char buf[MAX_LINE], *tok, *eq, *save;

	snprintf(buf, sizeof(buf), "%s", line);
	for (tok = strtok_r(buf, " ", &save); tok && *n < MAX_KEYS;
	     tok = strtok_r(NULL, " ", &save)) {
		eq = strchr(tok, '=');
		if (!eq)
			continue;
		*eq = '\0';
		snprintf(keys[(*n)++], 32, "%s", tok);
		if (rest && !strcmp(tok, rest))
			break;
	}
}

/* same_keys - @keys (@n of them, abi/'s) are @doc (@nd), in order */
static bool same_keys(const char * const *keys, unsigned int n,
		      char doc[][32], unsigned int nd)
{
	unsigned int i;

	if (n != nd) {
		tap_diag("abi/ has %u keys, docs/abi.md %u", n, nd);
		return false;
	}
	for (i = 0; i < n; i++) {
		if (strcmp(keys[i], doc[i])) {
			tap_diag("key %u: abi/ %s, docs/abi.md %s", i, keys[i],
				 doc[i]);
			return false;
		}
	}
	return true;
}

static void test_hist(const struct doc *d)
{
	char keys[MAX_KEYS][32];
	unsigned int n = 0, i;
	int at = doc_find(d, "# " VMLAT_FMT_HIST " " VMLAT_ABI_VERSION " ");

	tap_ok(keys_ok(vmlat_hist_hdr_keys, VMLAT_NR_HIST_HDR),
	       "histogram header keys: each named, none repeated");
	if (!tap_ok(at >= 0 && (unsigned int)at + 3 < d->nr,
		    "docs/abi.md shows a histogram file"))
		return;
	/* lines 1-3 of the example: format and version, then the keys */
	for (i = 0; i < 3; i++)
		doc_keys(d->line[at + i], keys, &n, NULL);
	tap_ok(same_keys(vmlat_hist_hdr_keys, VMLAT_NR_HIST_HDR, keys, n),
	       "histogram header keys in docs/abi.md's order");
	tap_ok(!strcmp(d->line[at + 3], "# " VMLAT_HIST_COLUMNS),
	       "line 4 names the columns as docs/abi.md does");
	tap_ok(strstr(d->line[at + 1],
		      " unit=" VMLAT_HIST_UNIT " ") != NULL,
	       "unit=" VMLAT_HIST_UNIT " as documented");
}

static void test_summary_header(const struct doc *d)
{
	static const char * const first_release[] = {
		"enabled", "period_us", "cpus",
	};
	char keys[MAX_KEYS][32];
	unsigned int n = 0, i;
	int at = doc_find(d, "# " VMLAT_FMT_SUMMARY " " VMLAT_ABI_VERSION);
	bool ok = VMLAT_SH_LATER == 3;

	tap_ok(keys_ok(vmlat_summary_hdr_keys, VMLAT_NR_SUMMARY_HDR),
	       "summary header keys: each named, none repeated");
	for (i = 0; ok && i < VMLAT_SH_LATER; i++)
		ok = !strcmp(vmlat_summary_hdr_keys[i], first_release[i]);
	tap_ok(ok, "the keys a reader requires are v1's first three, in order");
	if (!tap_ok(at >= 0 && (unsigned int)at + 1 < d->nr,
		    "docs/abi.md shows a summary file"))
		return;
	doc_keys(d->line[at + 1], keys, &n, NULL);
	tap_ok(same_keys(vmlat_summary_hdr_keys, VMLAT_NR_SUMMARY_HDR, keys,
			 n),
	       "summary header keys in docs/abi.md's order");
}

static void test_sources(const struct doc *d)
{
	char keys[MAX_KEYS][32];
	unsigned int n = 0;
	int at = doc_find(d, "# " VMLAT_FMT_SOURCES " " VMLAT_ABI_VERSION);

	tap_ok(keys_ok(vmlat_source_keys, VMLAT_NR_SOURCE_KEYS),
	       "steal_source keys: each named, none repeated");
	if (!tap_ok(at >= 0 && (unsigned int)at + 1 < d->nr,
		    "docs/abi.md shows a steal_source file"))
		return;
	doc_keys(d->line[at + 1], keys, &n,
		 vmlat_source_keys[VMLAT_SK_REASON]);
	tap_ok(same_keys(vmlat_source_keys, VMLAT_NR_SOURCE_KEYS, keys, n),
	       "steal_source keys in docs/abi.md's order, reason= last");
}

static void test_causes(const struct doc *d)
{
	char keys[MAX_KEYS][32];
	unsigned int n = 0;
	int at = doc_find(d, "# " VMLAT_FMT_CAUSES " " VMLAT_ABI_VERSION);

	tap_ok(keys_ok(vmlat_causes_keys, VMLAT_NR_CAUSES_KEYS),
	       "causes keys: each named, none repeated");
	tap_ok(!strcmp(vmlat_causes_keys[VMLAT_CK_UNREPORTED],
		       VMLAT_CAUSE_NAME_UNREPORTED "_ns") &&
	       !strcmp(vmlat_causes_keys[VMLAT_CK_GUEST],
		       VMLAT_CAUSE_NAME_GUEST "_ns") &&
	       !strcmp(vmlat_causes_keys[VMLAT_CK_UNDETERMINED],
		       VMLAT_CAUSE_NAME_UNDETERMINED "_ns") &&
	       VMLAT_CK_GUEST - VMLAT_CK_UNREPORTED == VMLAT_CAUSE_GUEST &&
	       VMLAT_CK_UNDETERMINED - VMLAT_CK_UNREPORTED ==
	       VMLAT_CAUSE_UNDETERMINED,
	       "causes keys: a cause's sum is its name's, in enum vmlat_cause's order");
	if (!tap_ok(at >= 0 && (unsigned int)at + 1 < d->nr,
		    "docs/abi.md shows a causes file"))
		return;
	doc_keys(d->line[at + 1], keys, &n, NULL);
	tap_ok(same_keys(vmlat_causes_keys, VMLAT_NR_CAUSES_KEYS, keys, n),
	       "causes keys in docs/abi.md's order");
}

static void test_cpu_key(void)
{
	tap_ok(!strcmp(vmlat_hist_hdr_keys[VMLAT_HH_CPU], "cpu") &&
	       !strcmp(vmlat_source_keys[VMLAT_SK_CPU], "cpu") &&
	       !strcmp(vmlat_keys[VMLAT_K_CPU].name, "cpu") &&
	       !strcmp(vmlat_causes_keys[VMLAT_CK_CPU], "cpu"),
	       "cpu= names the CPU in every format");
	tap_ok(!strcmp(VMLAT_CPU_ALL_NAME, "all"),
	       "cpu=all is the line over all CPUs");
}

int main(void)
{
	struct doc d;

	tap_header();
	test_cpu_key();
	if (!tap_ok(doc_read(&d), "docs/abi.md read"))
		return tap_finish();
	test_hist(&d);
	test_summary_header(&d);
	test_sources(&d);
	test_causes(&d);
	free(d.text);
	return tap_finish();
}
