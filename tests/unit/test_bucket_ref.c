// SPDX-License-Identifier: GPL-2.0
/*
 * The one bucket layout outside C against abi/vmlat_hist.c: the table
 * that tests/lib/check-hist.awk prints with -v dump_buckets=1 (what the
 * guests' histogram check uses, and where tests/reader/mkfixture.py and
 * check.py take their bounds from) must give, for every bucket, the
 * lower and upper bound that vmlat_hist_lower() and vmlat_hist_upper()
 * give. Run under the host's awk (mawk on Debian, gawk where it is
 * installed), mawk and busybox's (the guests'). The awk is found in
 * $VMLAT_LIB (tests/unit/run.sh sets it to tests/lib).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "vmlat_hist.h"

struct bucket_row {
	u64 lower;
	u64 upper;
};

/* one row more than the layout, to notice a table that is too long */
static struct bucket_row ref[VMLAT_HIST_BUCKETS + 1];

/* present() - whether @awk runs a program here (busybox may lack awk) */
static bool present(const char *awk)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd),
		 "%s 'BEGIN { exit 0 }' </dev/null >/dev/null 2>&1", awk);
	return system(cmd) == 0;
}

/*
 * read_table() - run @awk on check-hist.awk in dump mode; fills ref[]
 * Return: the number of rows, or -1 when the output is not
 * "index lower upper" lines in index order or the awk failed.
 */
static int read_table(const char *awk, const char *lib)
{
	char cmd[512], line[128];
	unsigned int idx;
	unsigned long long lo, hi;
	int n = 0, bad = 0;
	FILE *f;

	snprintf(cmd, sizeof(cmd),
		 "%s -v dump_buckets=1 -f '%s/check-hist.awk' </dev/null",
		 awk, lib);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%u %llu %llu", &idx, &lo, &hi) != 3 ||
		    idx != (unsigned int)n || n > VMLAT_HIST_BUCKETS) {
			tap_diag("%s: line %d: %s", awk, n + 1, line);
			bad = 1;
			break;
		}
		ref[n].lower = lo;
		ref[n].upper = hi;
		n++;
	}
	if (pclose(f) != 0 && !bad) {
		tap_diag("%s failed: %s", awk, cmd);
		bad = 1;
	}
	return bad ? -1 : n;
}

/*
 * mismatches() - buckets whose bounds in @rows (@n of them) differ from
 * abi/vmlat_hist.c's; a row count other than VMLAT_HIST_BUCKETS is one
 * more. The first difference goes to the diagnostics.
 */
static unsigned int mismatches(const struct bucket_row *rows, int n,
			       const char *who)
{
	unsigned int i, bad = 0;

	if (n != VMLAT_HIST_BUCKETS) {
		tap_diag("%s: %d buckets, abi/ has %u", who, n,
			 (unsigned int)VMLAT_HIST_BUCKETS);
		bad++;
	}
	for (i = 0; i < (unsigned int)n && i < VMLAT_HIST_BUCKETS; i++) {
		if (rows[i].lower == vmlat_hist_lower(i) &&
		    rows[i].upper == vmlat_hist_upper(i))
			continue;
		if (!bad)
			tap_diag("%s: bucket %u is %llu..%llu, abi/ says %llu..%llu",
				 who, i, rows[i].lower, rows[i].upper,
				 vmlat_hist_lower(i), vmlat_hist_upper(i));
		bad++;
	}
	return bad;
}

int main(void)
{
	static const char *const awks[] = {
		"awk", "mawk", "busybox awk", NULL
	};
	static struct bucket_row planted[VMLAT_HIST_BUCKETS];
	const char *lib = getenv("VMLAT_LIB");
	unsigned int i, bad;
	int n, checked = 0;

	tap_header();
	if (!lib) {
		tap_ok(false, "VMLAT_LIB names tests/lib (tests/unit/run.sh sets it)");
		return tap_finish();
	}
	for (i = 0; awks[i]; i++) {
		if (!present(awks[i])) {
			tap_skip("check-hist.awk's buckets under %s: not installed",
				 awks[i]);
			continue;
		}
		n = read_table(awks[i], lib);
		bad = n < 0 ? 1 : mismatches(ref, n, awks[i]);
		tap_ok(!bad,
		       "check-hist.awk's buckets under %s: %d rows, each bucket's bounds as abi/vmlat_hist.c's (%u bad)",
		       awks[i], n, bad);
		if (!checked && !bad) {
			memcpy(planted, ref, sizeof(planted));
			checked = 1;
		}
	}
	if (!checked) {
		tap_ok(false, "no awk here gave a table to check");
		return tap_finish();
	}
	/* negative control: the same check catches one bound off by one */
	planted[100].upper++;
	tap_ok(mismatches(planted, VMLAT_HIST_BUCKETS, "planted fault") == 1,
	       "negative control: an upper bound off by one (bucket 100) is caught");
	return tap_finish();
}
