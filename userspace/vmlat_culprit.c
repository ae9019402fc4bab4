// SPDX-License-Identifier: GPL-2.0
/*
 * vmlat culprit FILE: the guest's culprit sites, from a trace. Reads the
 * vmlat_sample events of a trace in text (the tracefs trace file, or
 * trace-cmd report's output; "-" is stdin) and ranks the sites of the
 * expiries the guest delayed (cause=guest: docs/steal.md) by their total
 * guest delay (the event's residual), with each site's count and worst
 * case. A site is the event's site= field without its function's size:
 * "func+0xoff" and its module, if any.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vmlat_reader.h"
#include "vmlat_grammar.h"
#include "vmlat_names.h"

#define EVENT		"vmlat_sample:"
#define SITE_MAX	192

struct vmlat_site {
	char			name[SITE_MAX];
	unsigned long long	total_ns;
	unsigned long long	max_ns;
	unsigned long long	count;
};

struct vmlat_culprits {
	struct vmlat_site	*sites;
	size_t			n, cap;
	unsigned long long	events, guest_events, guest_ns;
};

/*
 * field - the value of " KEY=" in @line (up to a blank), copied into
 * @out; false if the line has no such field
 */
static bool field(const char *line, const char *key, char *out, size_t len)
{
	char pat[32];
	const char *v;
	size_t n;

	snprintf(pat, sizeof(pat), " %s=", key);
	v = strstr(line, pat);
	if (!v)
		return false;
	v += strlen(pat);
	n = strcspn(v, " \t\n");
	if (n >= len)
		n = len - 1;
	memcpy(out, v, n);
	out[n] = '\0';
	return true;
}

/*
 * site_name - the site of @line ("func+0xoff [mod]"), or "(unknown)" when
 * the event has none (site=0x0: the unwinder found no caller outside the
 * lock primitives)
 */
static void site_name(const char *line, char *out, size_t len)
{
	const char *mod;
	char *slash;
	char site[SITE_MAX / 2];
	int mlen;

	if (!field(line, "site", site, sizeof(site)) ||
	    !strcmp(site, "0x0") || !strcmp(site, "0")) {
		snprintf(out, len, "(unknown)");
		return;
	}
	slash = strchr(site, '/');
	if (slash)
		*slash = '\0';
	/* a module's site: "site=func+0x5a/0xc0 [mod]" */
	mod = strstr(line, " site=");
	mod = mod ? strchr(mod + 6, ' ') : NULL;
	mlen = mod && mod[1] == '[' ? (int)strcspn(mod + 1, " \t\n") : 0;
	if (mlen > SITE_MAX / 2 - 2)
		mlen = SITE_MAX / 2 - 2;
	if (mlen)
		snprintf(out, len, "%s %.*s", site, mlen, mod + 1);
	else
		snprintf(out, len, "%s", site);
}

/* vmlat_culprit_add - one guest expiry of @residual_ns at @name */
static int vmlat_culprit_add(struct vmlat_culprits *c, const char *name,
			     unsigned long long residual_ns)
{
	struct vmlat_site *s;
	size_t i;

	for (i = 0; i < c->n && strcmp(c->sites[i].name, name); i++)
		;
	if (i == c->n) {
		if (c->n == c->cap) {
			size_t cap = c->cap ? 2 * c->cap : 64;

			s = realloc(c->sites, cap * sizeof(*s));
			if (!s)
				return -ENOMEM;
			c->sites = s;
			c->cap = cap;
		}
		s = &c->sites[c->n++];
		memset(s, 0, sizeof(*s));
		snprintf(s->name, sizeof(s->name), "%s", name);
	}
	s = &c->sites[i];
	s->count++;
	s->total_ns += residual_ns;
	if (residual_ns > s->max_ns)
		s->max_ns = residual_ns;
	c->guest_ns += residual_ns;
	return 0;
}

/* vmlat_culprit_line - one line of the trace; -1: a malformed event */
static int vmlat_culprit_line(struct vmlat_culprits *c, const char *line)
{
	char cause[32], residual[32], name[SITE_MAX];
	u64 v;

	if (!strstr(line, EVENT))
		return 0;
	c->events++;
	if (!field(line, "cause", cause, sizeof(cause)) ||
	    !field(line, "residual", residual, sizeof(residual)) ||
	    vmlat_parse_dec(residual, strlen(residual), &v))
		return -1;
	if (vmlat_cause_parse(cause, strlen(cause)) != VMLAT_CAUSE_GUEST)
		return 0;
	c->guest_events++;
	site_name(line, name, sizeof(name));
	return vmlat_culprit_add(c, name, v) ? -1 : 0;
}

/* put_json_string - @s as a JSON string */
static void put_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", (unsigned char)*s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

/* put_csv_field - @s as a CSV field: quoted, quotes doubled */
static void put_csv_field(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static int by_total(const void *a, const void *b)
{
	const struct vmlat_site *x = a, *y = b;

	if (x->total_ns != y->total_ns)
		return x->total_ns < y->total_ns ? 1 : -1;
	return strcmp(x->name, y->name);
}

static void vmlat_culprit_print(const struct vmlat_params *p,
				const struct vmlat_culprits *c, FILE *f)
{
	char t[48], m[48];
	size_t i;

	switch (p->format) {
	case VMLAT_FMT_JSON:
		fprintf(f, "{\"events\": %llu, \"guest_events\": %llu, \"guest_ns\": %llu, \"sites\": [",
			c->events, c->guest_events, c->guest_ns);
		for (i = 0; i < c->n; i++) {
			fprintf(f, "%s\n  {\"site\": ", i ? "," : "");
			put_json_string(f, c->sites[i].name);
			fprintf(f, ", \"count\": %llu, \"total_ns\": %llu, \"max_ns\": %llu}",
				c->sites[i].count, c->sites[i].total_ns,
				c->sites[i].max_ns);
		}
		fprintf(f, "%s]}\n", c->n ? "\n" : "");
		return;
	case VMLAT_FMT_CSV:
		fprintf(f, "site,count,total_ns,max_ns\n");
		for (i = 0; i < c->n; i++) {
			put_csv_field(f, c->sites[i].name);
			fprintf(f, ",%llu,%llu,%llu\n", c->sites[i].count,
				c->sites[i].total_ns, c->sites[i].max_ns);
		}
		return;
	default:
		break;
	}
	if (!p->no_header) {
		fprintf(f, "# vmlat culprit: the guest's interrupts-off sites by total delay; times in %s\n",
			vmlat_unit_name(p->unit));
		fprintf(f, "# %llu vmlat_sample events, %llu of them cause=guest\n",
			c->events, c->guest_events);
		fprintf(f, "%4s %14s %8s %14s  %s\n", "rank", "total", "count",
			"worst", "site");
	}
	for (i = 0; i < c->n; i++) {
		vmlat_format_value(t, sizeof(t), c->sites[i].total_ns, p->unit);
		vmlat_format_value(m, sizeof(m), c->sites[i].max_ns, p->unit);
		fprintf(f, "%4zu %14s %8llu %14s  %s\n", i + 1, t,
			c->sites[i].count, m, c->sites[i].name);
	}
}

/**
 * vmlat_cmd_culprit() - vmlat culprit FILE
 * @p: the parameters; p->argv[0] the trace, "-" for stdin
 *
 * Return: 0, 1 when the trace cannot be read or has no vmlat_sample
 * event, 2 for --prom.
 */
int vmlat_cmd_culprit(struct vmlat_params *p)
{
	struct vmlat_culprits c = { 0 };
	const char *path = p->argv[0];
	unsigned long long bad = 0, lineno = 0, first_bad = 0;
	char *line = NULL;
	size_t cap = 0;
	FILE *in;
	int ret = 0;

	if (p->format == VMLAT_FMT_PROM) {
		vmlat_err("culprit: --prom has no series for sites; use --json or --csv (see vmlat --help)");
		return 2;
	}
	in = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!in) {
		vmlat_err("culprit: cannot read %s: %s", path, strerror(errno));
		return 1;
	}
	while (getline(&line, &cap, in) >= 0) {
		lineno++;
		if (vmlat_culprit_line(&c, line) && !bad++)
			first_bad = lineno;
	}
	free(line);
	if (in != stdin)
		fclose(in);
	if (bad) {
		vmlat_err("culprit: %s: %llu vmlat_sample events without a cause= or residual= field (the first on line %llu): a trace of a vmlat older than its cause attribution, or a truncated line",
			  path, bad, first_bad);
		ret = 1;
	} else if (!c.events) {
		vmlat_err("culprit: %s has no vmlat_sample event: turn it on (echo 1 > /sys/kernel/tracing/events/vmlat/vmlat_sample/enable, or trace-cmd record -e vmlat:vmlat_sample) and set trace_threshold_ns to the lateness worth a look",
			  path);
		ret = 1;
	} else {
		qsort(c.sites, c.n, sizeof(*c.sites), by_total);
		vmlat_culprit_print(p, &c, stdout);
	}
	free(c.sites);
	return ret;
}
