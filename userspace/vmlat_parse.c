// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing of vmlat's debugfs formats (docs/abi.md, version v1).
 *
 * The parsers are strict about what the ABI promises and lenient about
 * what it allows to grow: an unknown first line or version is refused, a
 * bucket row that is not a real bucket or a count column that does not sum
 * to samples is refused, but unknown key=value tokens are skipped, because
 * later modules may add keys without bumping the version.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmlat_grammar.h"	/* abi/: the number grammar */
#include "vmlat_names.h"	/* abi/: formats, header keys */
#include "vmlat_parse.h"

struct vmlat_lines {
	const char	*p;
	const char	*end;
	int		nr;
};

struct vmlat_token {
	const char	*key;
	size_t		key_len;
	const char	*val;
	size_t		val_len;
};

static int vmlat_fail(struct vmlat_perr *err, enum vmlat_perr_kind kind,
		      int line, const char *fmt, ...)
{
	va_list ap;

	err->kind = kind;
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* vmlat_cut_short - the file ends inside a line */
static int vmlat_cut_short(struct vmlat_perr *err, int line)
{
	return vmlat_fail(err, VMLAT_PARSE_TRUNCATED, line,
			  "last line cut short");
}

/*
 * vmlat_grow - make room for one more element in a realloc()ed array
 *
 * @arr and @cap, its capacity, are updated; @n elements of @size bytes
 * are in use; @err and @line describe a failure. Returns 0, or -1 with
 * *@arr intact and @err set.
 */
static int vmlat_grow(void **arr, int *cap, int n, size_t size,
		      struct vmlat_perr *err, int line)
{
	int new_cap;
	void *tmp;

	if (n < *cap)
		return 0;
	new_cap = *cap ? *cap * 2 : 16;
	tmp = realloc(*arr, new_cap * size);
	if (!tmp)
		return vmlat_fail(err, VMLAT_PARSE_MALFORMED, line,
				  "out of memory");
	*arr = tmp;
	*cap = new_cap;
	return 0;
}

/* vmlat_next_line - the next line, without its newline; false at the end */
static bool vmlat_next_line(struct vmlat_lines *it, const char **line,
			    size_t *len, bool *has_nl)
{
	const char *nl;

	if (it->p >= it->end)
		return false;
	nl = memchr(it->p, '\n', it->end - it->p);
	*line = it->p;
	*has_nl = nl != NULL;
	if (!nl)
		nl = it->end;
	*len = nl - it->p;
	it->p = nl + 1;
	it->nr++;
	return true;
}

/*
 * vmlat_next_token - split the next space-separated token at its '='
 *
 * A token without '=' has val == NULL. The value of the key named
 * rest_key runs to the end of the line (steal_source's reason=).
 */
static bool vmlat_next_token(const char **p, const char *end,
			     struct vmlat_token *t, const char *rest_key)
{
	const char *s = *p, *e, *eq;

	while (s < end && *s == ' ')
		s++;
	if (s >= end)
		return false;
	e = memchr(s, ' ', end - s);
	if (!e)
		e = end;
	eq = memchr(s, '=', e - s);
	t->key = s;
	t->val = NULL;
	t->val_len = 0;
	if (eq) {
		t->key_len = eq - s;
		t->val = eq + 1;
		if (rest_key && t->key_len == strlen(rest_key) &&
		    !memcmp(s, rest_key, t->key_len))
			e = end;
		t->val_len = e - t->val;
	} else {
		t->key_len = e - s;
	}
	*p = e;
	return true;
}

static bool vmlat_key_is(const struct vmlat_token *t, const char *key)
{
	return t->key_len == strlen(key) && !memcmp(t->key, key, t->key_len);
}

/* vmlat_key_index - the index of @t's key in @keys (@n of them), or -1 */
static int vmlat_key_index(const struct vmlat_token *t,
			   const char * const *keys, int n)
{
	int k;

	for (k = 0; k < n; k++)
		if (vmlat_key_is(t, keys[k]))
			return k;
	return -1;
}

/* vmlat_parse_cpu - the value of cpu=: a CPU number, or all */
static int vmlat_parse_cpu(const struct vmlat_token *t, int *cpu)
{
	unsigned long long v;

	if (t->val_len == strlen(VMLAT_CPU_ALL_NAME) &&
	    !memcmp(t->val, VMLAT_CPU_ALL_NAME, t->val_len)) {
		*cpu = VMLAT_CPU_ALL;
		return 0;
	}
	if (vmlat_parse_dec(t->val, t->val_len, &v) || v > 65535)
		return -1;
	*cpu = v;
	return 0;
}

/**
 * vmlat_parse_fixed() - a fixed-point decimal, e.g. "12.345" into 12345
 * for @decimals = 3
 * @s: the text, not necessarily NUL-terminated
 * @len: its length
 * @decimals: the digits after the point the key has
 * @out: the value times 10^@decimals, written only on success
 *
 * Fewer decimals than asked are padded, more are refused: the ABI fixes
 * the number of decimals and a longer fraction means a format we misread.
 *
 * Return: 0, or -1 for anything else or a value that does not fit.
 */
int vmlat_parse_fixed(const char *s, size_t len, int decimals,
		      unsigned long long *out)
{
	const char *dot = memchr(s, '.', len);
	unsigned long long ip, fp = 0;
	size_t ilen = dot ? (size_t)(dot - s) : len, flen = 0;
	int i;

	if (vmlat_parse_dec(s, ilen, &ip))
		return -1;
	if (dot) {
		flen = len - ilen - 1;
		if (!flen || flen > (size_t)decimals ||
		    vmlat_parse_dec(dot + 1, flen, &fp))
			return -1;
	}
	for (i = flen; i < decimals; i++)
		fp *= 10;
	for (i = 0; i < decimals; i++)
		if (__builtin_mul_overflow(ip, 10ULL, &ip))
			return -1;
	if (__builtin_add_overflow(ip, fp, &ip))
		return -1;
	*out = ip;
	return 0;
}

/*
 * vmlat_check_first - the first line must be "# <format> v1 ..."
 *
 * On success *rest points after the version token.
 */
static int vmlat_check_first(struct vmlat_lines *it, const char *format,
			     const char **rest, const char **rest_end,
			     struct vmlat_perr *err)
{
	const char *line, *p, *end;
	struct vmlat_token t;
	size_t len, flen = strlen(format);
	bool nl;

	if (!vmlat_next_line(it, &line, &len, &nl))
		return vmlat_fail(err, VMLAT_PARSE_TRUNCATED, 1, "empty file");
	end = line + len;
	if (len < 2 + flen || memcmp(line, "# ", 2) ||
	    memcmp(line + 2, format, flen) ||
	    (len > 2 + flen && line[2 + flen] != ' '))
		return vmlat_fail(err, VMLAT_PARSE_FORMAT, 1,
				  "not a %s file (first line \"%.*s\")",
				  format, (int)(len > 60 ? 60 : len), line);
	p = line + 2 + flen;
	if (!vmlat_next_token(&p, end, &t, NULL))
		return vmlat_fail(err, VMLAT_PARSE_TRUNCATED, 1,
				  "%s without a version", format);
	if (!vmlat_key_is(&t, VMLAT_ABI_VERSION))
		return vmlat_fail(err, VMLAT_PARSE_VERSION, 1,
				  "%s version %.*s, this reader knows %s",
				  format, (int)(t.key_len > 20 ? 20 : t.key_len),
				  t.key, VMLAT_ABI_VERSION);
	*rest = p;
	*rest_end = end;
	return 0;
}

/* vmlat_hist_key - one key=value of a histogram header (abi/'s keys) */
static int vmlat_hist_key(struct vmlat_hist_file *h,
			  const struct vmlat_token *t, unsigned int *seen,
			  int line, struct vmlat_perr *err)
{
	unsigned long long *dst[VMLAT_NR_HIST_HDR] = {
		[VMLAT_HH_PERIOD] = &h->period_us,
		[VMLAT_HH_ELAPSED] = &h->elapsed_ns,
		[VMLAT_HH_SAMPLES] = &h->samples,
		[VMLAT_HH_MISSED] = &h->missed,
		[VMLAT_HH_MIN] = &h->min_ns, [VMLAT_HH_MAX] = &h->max_ns,
		[VMLAT_HH_SUM] = &h->sum_ns,
	};
	int k, kind;

	k = vmlat_key_index(t, vmlat_hist_hdr_keys, VMLAT_NR_HIST_HDR);
	if (k < 0)
		return 0;	/* a key from a later module: skip it */
	*seen |= 1U << k;

	if (k == VMLAT_HH_HIST) {
		kind = vmlat_hist_kind_parse(t->val, t->val_len);
		if (kind < 0)
			goto bad;
		h->kind = kind;
	} else if (k == VMLAT_HH_CPU) {
		if (vmlat_parse_cpu(t, &h->cpu))
			goto bad;
	} else if (k == VMLAT_HH_UNIT) {
		if (t->val_len != strlen(VMLAT_HIST_UNIT) ||
		    memcmp(t->val, VMLAT_HIST_UNIT, t->val_len))
			goto bad;
	} else if (vmlat_parse_dec(t->val, t->val_len, dst[k])) {
		goto bad;
	}
	return 0;
bad:
	return vmlat_fail(err, VMLAT_PARSE_MALFORMED, line, "bad value %.*s",
			  (int)(t->key_len + t->val_len + 1 > 60 ? 60 :
				t->key_len + t->val_len + 1), t->key);
}

/* vmlat_parse_row - "lower_ns upper_ns count" naming a real bucket */
static int vmlat_parse_row(const char *line, size_t len, int *idx,
			   unsigned long long *count, int nr,
			   struct vmlat_perr *err)
{
	unsigned long long v[3];
	const char *p = line, *end = line + len;
	struct vmlat_token t;
	int n = 0;

	while (vmlat_next_token(&p, end, &t, NULL)) {
		if (n == 3 || t.val ||
		    vmlat_parse_dec(t.key, t.key_len, &v[n]))
			goto bad;
		n++;
	}
	if (n != 3)
		goto bad;
	*idx = vmlat_hist_index(v[0]);
	if (vmlat_hist_lower(*idx) != v[0] ||
	    vmlat_hist_upper(*idx) != v[1])
		return vmlat_fail(err, VMLAT_PARSE_MALFORMED, nr,
				  "%llu..%llu is not a vmlat bucket",
				  v[0], v[1]);
	*count = v[2];
	return 0;
bad:
	return vmlat_fail(err, VMLAT_PARSE_MALFORMED, nr,
			  "bad bucket row \"%.*s\"",
			  (int)(len > 60 ? 60 : len), line);
}

/**
 * vmlat_parse_hist() - a histogram file
 * @buf: the file's text
 * @len: its length
 * @h: the histogram
 * @err: why not, with the line
 *
 * The bucket counts must sum to samples=, and min= and max= must lie in
 * the first non-empty row and the last row: a file that disagrees with
 * itself is refused rather than shown.
 *
 * Return: 0, or -1 with @err set.
 */
int vmlat_parse_hist(const char *buf, size_t len, struct vmlat_hist_file *h,
		     struct vmlat_perr *err)
{
	struct vmlat_lines it = { buf, buf + len, 0 };
	unsigned long long total = 0, count = 0;
	const char *line, *p, *end;
	unsigned int seen = 0;
	int k, idx = 0, last = -1, lo = -1;
	struct vmlat_token t;
	bool nl = true;

	memset(h, 0, sizeof(*h));
	memset(err, 0, sizeof(*err));
	if (vmlat_check_first(&it, VMLAT_FMT_HIST, &p, &end, err))
		return -1;
	while (vmlat_next_token(&p, end, &t, NULL))
		if (t.val && vmlat_hist_key(h, &t, &seen, 1, err))
			return -1;

	while (vmlat_next_line(&it, &line, &len, &nl)) {
		if (!nl)
			return vmlat_cut_short(err, it.nr);
		if (len && line[0] == '#') {
			p = line + 1;
			while (vmlat_next_token(&p, line + len, &t, NULL))
				if (t.val && vmlat_hist_key(h, &t, &seen,
							    it.nr, err))
					return -1;
			continue;
		}
		if (vmlat_parse_row(line, len, &idx, &count, it.nr, err))
			return -1;
		if (idx <= last)
			return vmlat_fail(err, VMLAT_PARSE_MALFORMED, it.nr,
					  "bucket rows out of order");
		last = idx;
		if (count && lo < 0)
			lo = idx;
		h->count[idx] = count;
		if (__builtin_add_overflow(total, count, &total))
			return vmlat_fail(err, VMLAT_PARSE_MALFORMED, it.nr,
					  "counts overflow");
	}
	if (!nl)
		return vmlat_cut_short(err, it.nr);

	for (k = 0; k < VMLAT_NR_HIST_HDR; k++)
		if (!(seen & (1U << k)))
			return vmlat_fail(err, VMLAT_PARSE_TRUNCATED, it.nr,
					  "header key %s= missing",
					  vmlat_hist_hdr_keys[k]);
	if (total < h->samples)
		return vmlat_fail(err, VMLAT_PARSE_TRUNCATED, it.nr,
				  "bucket counts sum to %llu, samples=%llu",
				  total, h->samples);
	if (total > h->samples)
		return vmlat_fail(err, VMLAT_PARSE_MALFORMED, it.nr,
				  "bucket counts sum to %llu, samples=%llu",
				  total, h->samples);
	if (h->samples && (h->min_ns > h->max_ns ||
			   (int)vmlat_hist_index(h->min_ns) != lo ||
			   (int)vmlat_hist_index(h->max_ns) != last))
		return vmlat_fail(err, VMLAT_PARSE_MALFORMED, it.nr,
				  "min=%llu max=%llu outside the bucket rows",
				  h->min_ns, h->max_ns);
	return 0;
}

/* vmlat_key_required - the keys every line has, or those of steal */
static unsigned long long vmlat_key_required(bool steal)
{
	unsigned long long want = 0;
	unsigned int k;

	for (k = 0; k < VMLAT_NR_KEYS; k++)
		if (!(vmlat_keys[k].flags & VMLAT_KF_LATER) &&
		    !!(vmlat_keys[k].flags & VMLAT_KF_STEAL) == steal)
			want |= VMLAT_KEY_BIT(k);
	return want;
}

/* vmlat_summary_key - one key=value of a line, by its type in abi/ */
static int vmlat_summary_key(struct vmlat_summary_cpu *c,
			     const struct vmlat_token *t)
{
	const struct vmlat_key *key;
	unsigned int k;

	for (k = 0; k < VMLAT_NR_KEYS; k++)
		if (vmlat_key_is(t, vmlat_keys[k].name))
			break;
	if (k == VMLAT_NR_KEYS)
		return 0;	/* a key from a later module: skip it */
	if (c->seen & VMLAT_KEY_BIT(k))
		return -1;
	c->seen |= VMLAT_KEY_BIT(k);
	key = &vmlat_keys[k];

	switch (key->rule) {
	case VMLAT_KEY_CPU:
		return vmlat_parse_cpu(t, &c->cpu);
	case VMLAT_KEY_SOURCE:
		if (!t->val_len || t->val_len >= sizeof(c->steal_source))
			return -1;
		memcpy(c->steal_source, t->val, t->val_len);
		c->steal_source[t->val_len] = '\0';
		return 0;
	}
	if (key->rule == VMLAT_KEY_RATIO && key->decimals)
		return vmlat_parse_fixed(t->val, t->val_len, key->decimals,
					 &c->v[k]);
	return vmlat_parse_dec(t->val, t->val_len, &c->v[k]);
}

/**
 * vmlat_keys_flagged() - the keys with @flag (VMLAT_KF_*), a bit each
 * @flag: one of the key flags
 *
 * Return: the VMLAT_KEY_BIT()s of those keys.
 */
unsigned long long vmlat_keys_flagged(unsigned int flag)
{
	unsigned long long keys = 0;
	unsigned int k;

	for (k = 0; k < VMLAT_NR_KEYS; k++)
		if (vmlat_keys[k].flags & flag)
			keys |= VMLAT_KEY_BIT(k);
	return keys;
}

/**
 * vmlat_stage_key() - a wake-up stage's summary key, by the end of its name
 * @stage: enum vmlat_stage
 * @suffix: the name after the stage's, e.g. "_irq_stolen_sum_ns"
 *
 * The two stages' keys are the same but for their first word, in
 * different places of the line (the user stage's return keys among
 * them), so the name finds them.
 *
 * Return: its enum vmlat_key_id, or -1 when abi/ has none.
 */
int vmlat_stage_key(unsigned int stage, const char *suffix)
{
	const char *name = vmlat_hist_kind_name(vmlat_stage_hist(stage,
							VMLAT_PART_TOTAL));
	size_t n = strlen(name);
	unsigned int k;

	for (k = 0; k < VMLAT_NR_KEYS; k++)
		if (!strncmp(vmlat_keys[k].name, name, n) &&
		    !strcmp(vmlat_keys[k].name + n, suffix))
			return k;
	return -1;
}

static int vmlat_summary_line(struct vmlat_summary_cpu *c, const char *line,
			      size_t len, int nr, struct vmlat_perr *err)
{
	const char *p = line, *end = line + len;
	unsigned long long want, stage_keys;
	struct vmlat_token t;
	unsigned int k, s;

	memset(c, 0, sizeof(*c));
	while (vmlat_next_token(&p, end, &t, NULL)) {
		if (!t.val)
			return vmlat_fail(err, VMLAT_PARSE_MALFORMED, nr,
					  "token without '=': \"%.*s\"",
					  (int)(t.key_len > 40 ? 40 : t.key_len),
					  t.key);
		if (vmlat_summary_key(c, &t))
			return vmlat_fail(err, VMLAT_PARSE_MALFORMED, nr,
					  "bad or repeated %.*s",
					  (int)(t.key_len > 40 ? 40 : t.key_len),
					  t.key);
	}
	/*
	 * Steal keys come with a source, and stay with a CPU that went
	 * offline (source none) while it keeps the steal it recorded: any
	 * of them means all of them.
	 */
	c->has_steal = ((c->seen & VMLAT_KEY_BIT(VMLAT_K_SOURCE)) &&
			strcmp(c->steal_source,
			       vmlat_steal_name(VMLAT_STEAL_NONE))) ||
		       (c->seen & vmlat_key_required(true));
	want = vmlat_key_required(false);
	if (c->has_steal)
		want |= vmlat_key_required(true);
	/* a stage's keys come all together, once it has figures */
	for (s = 0; s < VMLAT_NR_STAGES; s++) {
		stage_keys = vmlat_keys_flagged(vmlat_stage_flag(s));
		if (!(c->seen & stage_keys))
			continue;
		c->stages |= 1U << s;
		want |= stage_keys;
	}
	for (k = 0; k < VMLAT_NR_KEYS; k++)
		if (want & ~c->seen & VMLAT_KEY_BIT(k))
			return vmlat_fail(err, VMLAT_PARSE_MALFORMED, nr,
					  "key %s= missing",
					  vmlat_keys[k].name);
	/* a share (a ratio of ns to ns, 4 decimals) is a part of a whole */
	for (k = 0; k < VMLAT_NR_KEYS; k++)
		if (vmlat_keys[k].rule == VMLAT_KEY_RATIO &&
		    vmlat_keys[k].unit == 1 && vmlat_keys[k].decimals == 4 &&
		    c->v[k] > 10000)
			return vmlat_fail(err, VMLAT_PARSE_MALFORMED, nr,
					  "%s above 1", vmlat_keys[k].name);
	return 0;
}

/*
 * vmlat_summary_hdr_key - one key=value of the summary's second header
 * line (abi/'s keys); those after v1's first release are skipped
 */
static int vmlat_summary_hdr_key(struct vmlat_summary *s,
				 const struct vmlat_token *t,
				 unsigned int *seen)
{
	unsigned long long v;
	int k;

	k = vmlat_key_index(t, vmlat_summary_hdr_keys, VMLAT_SH_LATER);
	switch (k) {
	case VMLAT_SH_ENABLED:
		if (vmlat_parse_dec(t->val, t->val_len, &v) || v > 1)
			return -1;
		s->enabled = v;
		break;
	case VMLAT_SH_PERIOD:
		if (vmlat_parse_dec(t->val, t->val_len, &s->period_us))
			return -1;
		break;
	case VMLAT_SH_CPUS:
		if (t->val_len >= sizeof(s->cpus))
			return -1;
		memcpy(s->cpus, t->val, t->val_len);
		s->cpus[t->val_len] = '\0';
		break;
	default:
		return 0;
	}
	*seen |= 1U << k;
	return 0;
}

/* vmlat_rows_free - free a parser's rows (*@rows, @nr of them) */
static void vmlat_rows_free(void *rows, int *nr)
{
	free(*(void **)rows);
	*(void **)rows = NULL;
	*nr = 0;
}

/**
 * vmlat_summary_free() - free a parsed summary's lines
 * @s: the summary; safe to free twice
 */
void vmlat_summary_free(struct vmlat_summary *s)
{
	vmlat_rows_free(&s->cpu, &s->nr_cpus);
}

/**
 * vmlat_sources_free() - free a parsed steal_source's lines
 * @s: the sources; safe to free twice
 */
void vmlat_sources_free(struct vmlat_sources *s)
{
	vmlat_rows_free(&s->cpu, &s->nr_cpus);
}

/**
 * vmlat_parse_summary() - the summary file
 * @buf: the file's text
 * @len: its length
 * @s: the summary; its lines are the caller's to free
 *	(vmlat_summary_free())
 * @err: why not, with the line
 *
 * Return: 0, or -1 with @err set and nothing left to free.
 */
int vmlat_parse_summary(const char *buf, size_t len, struct vmlat_summary *s,
			struct vmlat_perr *err)
{
	struct vmlat_lines it = { buf, buf + len, 0 };
	struct vmlat_summary_cpu c;
	const char *line, *p, *end;
	struct vmlat_token t;
	unsigned int seen = 0;
	bool nl = true, have_all = false;
	int i, cap = 0;

	memset(s, 0, sizeof(*s));
	memset(err, 0, sizeof(*err));
	if (vmlat_check_first(&it, VMLAT_FMT_SUMMARY, &p, &end, err))
		return -1;

	while (vmlat_next_line(&it, &line, &len, &nl)) {
		if (!nl && vmlat_cut_short(err, it.nr))
			goto fail;
		if (len && line[0] == '#') {
			p = line + 1;
			while (vmlat_next_token(&p, line + len, &t, NULL))
				if (t.val && vmlat_summary_hdr_key(s, &t, &seen))
					goto bad_header;
			continue;
		}
		if (have_all) {
			vmlat_fail(err, VMLAT_PARSE_MALFORMED, it.nr,
				   "line after cpu=all");
			goto fail;
		}
		if (vmlat_summary_line(&c, line, len, it.nr, err))
			goto fail;
		if (c.cpu == VMLAT_CPU_ALL) {
			s->all = c;
			have_all = true;
			continue;
		}
		for (i = 0; i < s->nr_cpus; i++) {
			if (s->cpu[i].cpu == c.cpu) {
				vmlat_fail(err, VMLAT_PARSE_MALFORMED, it.nr,
					   "cpu=%d repeated", c.cpu);
				goto fail;
			}
		}
		if (vmlat_grow((void **)&s->cpu, &cap, s->nr_cpus,
			       sizeof(*s->cpu), err, it.nr))
			goto fail;
		s->cpu[s->nr_cpus++] = c;
	}
	if (!nl && vmlat_cut_short(err, it.nr))
		goto fail;
	for (i = 0; i < VMLAT_SH_LATER; i++) {
		if (!(seen & (1U << i))) {
			vmlat_fail(err, VMLAT_PARSE_TRUNCATED, it.nr,
				   "header key %s= missing",
				   vmlat_summary_hdr_keys[i]);
			goto fail;
		}
	}
	if (!have_all) {
		vmlat_fail(err, VMLAT_PARSE_TRUNCATED, it.nr,
			   "no cpu=all line");
		goto fail;
	}
	return 0;

bad_header:
	vmlat_fail(err, VMLAT_PARSE_MALFORMED, it.nr, "bad header value %.*s",
		   (int)(t.key_len > 40 ? 40 : t.key_len), t.key);
fail:
	vmlat_summary_free(s);
	return -1;
}

/* a steal_source line must have these; reason= is for people */
#define VMLAT_SOURCE_REQUIRED \
	((1U << VMLAT_SK_CPU) | (1U << VMLAT_SK_SOURCE))

/*
 * vmlat_source_key - one key=value of a steal_source line (abi/'s keys);
 * unknown keys are skipped, a token without '=' is refused
 */
static int vmlat_source_key(struct vmlat_source *src,
			    const struct vmlat_token *t, unsigned int *seen)
{
	int k;

	if (!t->val)
		return -1;
	k = vmlat_key_index(t, vmlat_source_keys, VMLAT_NR_SOURCE_KEYS);
	switch (k) {
	case VMLAT_SK_CPU:
		if (vmlat_parse_cpu(t, &src->cpu) || src->cpu < 0)
			return -1;
		break;
	case VMLAT_SK_SOURCE:
		if (!t->val_len || t->val_len >= sizeof(src->source))
			return -1;
		memcpy(src->source, t->val, t->val_len);
		break;
	case VMLAT_SK_REASON:
		snprintf(src->reason, sizeof(src->reason), "%.*s",
			 (int)t->val_len, t->val);
		break;
	default:
		return 0;	/* a key from a later module: skip it */
	}
	*seen |= 1U << k;
	return 0;
}

/*
 * vmlat_line_fn - one data line of a file (not its first, no comment):
 * 0 to go on, -1 with @err set to stop
 */
typedef int (*vmlat_line_fn)(void *ctx, const char *line, size_t len,
			     int nr, struct vmlat_perr *err);

/*
 * vmlat_data_lines - the lines of a file of @format after its first, each
 * but the comments to @fn; a file cut mid-line is truncated
 */
static int vmlat_data_lines(const char *buf, size_t len, const char *format,
			    vmlat_line_fn fn, void *ctx,
			    struct vmlat_perr *err)
{
	struct vmlat_lines it = { buf, buf + len, 0 };
	const char *line, *p, *end;
	bool nl = true;

	memset(err, 0, sizeof(*err));
	if (vmlat_check_first(&it, format, &p, &end, err))
		return -1;
	while (vmlat_next_line(&it, &line, &len, &nl)) {
		if (!nl)
			return vmlat_cut_short(err, it.nr);
		if (len && line[0] == '#')
			continue;
		if (fn(ctx, line, len, it.nr, err))
			return -1;
	}
	return nl ? 0 : vmlat_cut_short(err, it.nr);
}

/* struct vmlat_rows - a parser's growing array of lines */
struct vmlat_rows {
	void **arr;		/* the lines' array, realloc()ed */
	int *nr;		/* how many */
	int cap;
	size_t size;		/* of one */
};

/* vmlat_row_add - append the line at @row to @r */
static int vmlat_row_add(struct vmlat_rows *r, const void *row, int nr,
			 struct vmlat_perr *err)
{
	if (vmlat_grow(r->arr, &r->cap, *r->nr, r->size, err, nr))
		return -1;
	memcpy((char *)*r->arr + (size_t)*r->nr * r->size, row, r->size);
	(*r->nr)++;
	return 0;
}

/* vmlat_source_line - one line of steal_source, appended to @ctx */
static int vmlat_source_line(void *ctx, const char *line, size_t len,
			     int nr, struct vmlat_perr *err)
{
	const char *p = line;
	struct vmlat_source src;
	struct vmlat_token t;
	unsigned int seen = 0;

	memset(&src, 0, sizeof(src));
	while (vmlat_next_token(&p, line + len, &t,
				vmlat_source_keys[VMLAT_SK_REASON]))
		if (vmlat_source_key(&src, &t, &seen))
			return vmlat_fail(err, VMLAT_PARSE_MALFORMED, nr,
					  "bad token \"%.*s\"",
					  (int)(t.key_len > 40 ? 40 : t.key_len),
					  t.key);
	if ((seen & VMLAT_SOURCE_REQUIRED) != VMLAT_SOURCE_REQUIRED)
		return vmlat_fail(err, VMLAT_PARSE_MALFORMED, nr,
				  "%s= or %s= missing",
				  vmlat_source_keys[VMLAT_SK_CPU],
				  vmlat_source_keys[VMLAT_SK_SOURCE]);
	return vmlat_row_add(ctx, &src, nr, err);
}

/**
 * vmlat_parse_sources() - the steal_source file
 * @buf: the file's text
 * @len: its length
 * @s: the sources; its lines are the caller's to free
 *	(vmlat_sources_free())
 * @err: why not, with the line
 *
 * Return: 0, or -1 with @err set and nothing left to free.
 */
int vmlat_parse_sources(const char *buf, size_t len, struct vmlat_sources *s,
			struct vmlat_perr *err)
{
	struct vmlat_rows r = { (void **)&s->cpu, &s->nr_cpus, 0,
				sizeof(*s->cpu) };

	memset(s, 0, sizeof(*s));
	if (!vmlat_data_lines(buf, len, VMLAT_FMT_SOURCES, vmlat_source_line,
			      &r, err))
		return 0;
	vmlat_sources_free(s);
	return -1;
}

/**
 * vmlat_causes_free() - free a parsed causes file's lines
 * @c: the lines; safe to free twice
 */
void vmlat_causes_free(struct vmlat_causes *c)
{
	vmlat_rows_free(&c->row, &c->nr);
}

/* vmlat_causes_slot - a stage= value's slot, or -1 for one not known */
static int vmlat_causes_slot(const struct vmlat_token *t)
{
	unsigned int s;

	if (t->val_len == strlen(VMLAT_CAUSES_STAGE_IRQ) &&
	    !memcmp(t->val, VMLAT_CAUSES_STAGE_IRQ, t->val_len))
		return 0;
	for (s = 0; s < VMLAT_NR_STAGES; s++)
		if (t->val_len == strlen(vmlat_stage_name(s)) &&
		    !memcmp(t->val, vmlat_stage_name(s), t->val_len))
			return 1 + s;
	return -1;
}

/*
 * vmlat_causes_line - one line of causes, appended to @ctx: every key of
 * abi/'s list once, unknown keys skipped; a line of a stage this reader
 * does not know (a later module's) is skipped
 */
static int vmlat_causes_line(void *ctx, const char *line, size_t len, int nr,
			     struct vmlat_perr *err)
{
	const char *p = line, *end = line + len;
	struct vmlat_causes_row row, *r = &row;
	unsigned int seen = 0;
	struct vmlat_token t;
	int k, slot = 0;

	memset(r, 0, sizeof(*r));
	while (vmlat_next_token(&p, end, &t, NULL)) {
		k = vmlat_key_index(&t, vmlat_causes_keys,
				    VMLAT_NR_CAUSES_KEYS);
		if (!t.val || (k >= 0 && (seen & (1U << k))))
			goto bad;
		if (k < 0)
			continue;	/* a later module's key, saturated= */
		seen |= 1U << k;
		if (k == VMLAT_CK_CPU) {
			if (vmlat_parse_cpu(&t, &r->cpu))
				goto bad;
		} else if (k == VMLAT_CK_STAGE) {
			slot = vmlat_causes_slot(&t);
		} else if (vmlat_parse_dec(t.val, t.val_len, &r->v[k])) {
			goto bad;
		}
	}
	for (k = 0; k < VMLAT_NR_CAUSES_KEYS; k++)
		if (!(seen & (1U << k)))
			return vmlat_fail(err, VMLAT_PARSE_MALFORMED, nr,
					  "key %s= missing",
					  vmlat_causes_keys[k]);
	if (slot < 0)
		return 0;
	r->slot = slot;
	return vmlat_row_add(ctx, r, nr, err);
bad:
	return vmlat_fail(err, VMLAT_PARSE_MALFORMED, nr,
			  "bad or repeated \"%.*s\"",
			  (int)(t.key_len + t.val_len + 1 > 40 ? 40 :
				t.key_len + t.val_len + 1), t.key);
}

/**
 * vmlat_parse_causes() - the causes file
 * @buf: the file's text
 * @len: its length
 * @c: its lines, in file order; the caller's to free (vmlat_causes_free())
 * @err: why not, with the line
 *
 * Return: 0, or -1 with @err set and nothing left to free.
 */
int vmlat_parse_causes(const char *buf, size_t len, struct vmlat_causes *c,
		       struct vmlat_perr *err)
{
	struct vmlat_rows r = { (void **)&c->row, &c->nr, 0, sizeof(*c->row) };

	memset(c, 0, sizeof(*c));
	if (!vmlat_data_lines(buf, len, VMLAT_FMT_CAUSES, vmlat_causes_line,
			      &r, err))
		return 0;
	vmlat_causes_free(c);
	return -1;
}

/**
 * vmlat_parse_wait_line() - the line a read() of a wait file returned
 * @buf: what the read() gave
 * @len: its length
 * @w: the wake-up, by key
 * @err: why not
 *
 * One line ending in a newline, every key of abi/'s vmlat_wait_keys a
 * decimal, once; keys it does not know are skipped (docs/abi.md). The
 * later cause= may be missing (an older module) or name a cause this
 * reader does not know: then @w->cause is -1.
 *
 * Return: 0, or -1 with @err set.
 */
int vmlat_parse_wait_line(const char *buf, size_t len, struct vmlat_wakeup *w,
			  struct vmlat_perr *err)
{
	const char *p = buf, *end = buf + len;
	unsigned int seen = 0;
	struct vmlat_token t;
	int k;

	memset(w, 0, sizeof(*w));
	w->cause = -1;
	memset(err, 0, sizeof(*err));
	if (!len || buf[len - 1] != '\n' || memchr(buf, '\n', len) != end - 1)
		return vmlat_fail(err, VMLAT_PARSE_MALFORMED, 1,
				  "not one line: \"%.*s\"",
				  (int)(len > 60 ? 60 : len), buf);
	end--;
	while (vmlat_next_token(&p, end, &t, NULL)) {
		if (t.val && vmlat_key_is(&t, VMLAT_WAIT_KEY_CAUSE)) {
			w->cause = vmlat_cause_parse(t.val, t.val_len);
			continue;
		}
		k = vmlat_key_index(&t, vmlat_wait_keys, VMLAT_NR_WAIT_KEYS);
		if (!t.val || (k >= 0 && ((seen & (1U << k)) ||
		    vmlat_parse_dec(t.val, t.val_len, &w->v[k]))))
			return vmlat_fail(err, VMLAT_PARSE_MALFORMED, 1,
					  "bad or repeated \"%.*s\"",
					  (int)(t.key_len + t.val_len + 1 > 40 ?
						40 : t.key_len + t.val_len + 1),
					  t.key);
		if (k >= 0)
			seen |= 1U << k;
	}
	for (k = 0; k < VMLAT_NR_WAIT_KEYS; k++)
		if (!(seen & (1U << k)))
			return vmlat_fail(err, VMLAT_PARSE_MALFORMED, 1,
					  "key %s= missing", vmlat_wait_keys[k]);
	return 0;
}

/**
 * vmlat_first_line_version() - "v1" from "# vmlat-summary v1", for
 * --version
 * @buf: a file's text
 * @len: its length
 * @out: the version
 * @out_len: @out's size
 *
 * Return: @out, or NULL when the first line has no version.
 */
const char *vmlat_first_line_version(const char *buf, size_t len,
				     char *out, size_t out_len)
{
	const char *nl = memchr(buf, '\n', len), *sp, *e;

	if (!nl || len < 2 || buf[0] != '#')
		return NULL;
	sp = memchr(buf + 2, ' ', nl - buf - 2);
	if (!sp)
		return NULL;
	sp++;
	e = memchr(sp, ' ', nl - sp);
	if (!e)
		e = nl;
	snprintf(out, out_len, "%.*s", (int)(e - sp), sp);
	return out;
}
