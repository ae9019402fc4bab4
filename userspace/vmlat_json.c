// SPDX-License-Identifier: GPL-2.0
/*
 * Recursive-descent JSON reader for recordings. It builds a tree of
 * vmlat_json nodes; integers keep their exact 64-bit value beside the
 * double, because bucket bounds go up to 2^64 - 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmlat_grammar.h"	/* abi/: the number grammar */
#include "vmlat_json.h"
#include "vmlat_parse.h"

#define VMLAT_JSON_DEPTH	64

struct vmlat_jparser {
	const char	*p;
	const char	*end;
	const char	*start;
	char		*err;
	size_t		err_len;
};

static struct vmlat_json *vmlat_jvalue(struct vmlat_jparser *jp, int depth);

static void *vmlat_jfail(struct vmlat_jparser *jp, const char *what)
{
	if (!jp->err[0])
		snprintf(jp->err, jp->err_len, "%s at byte %ld", what,
			 (long)(jp->p - jp->start));
	return NULL;
}

static void vmlat_jspace(struct vmlat_jparser *jp)
{
	while (jp->p < jp->end && strchr(" \t\r\n", *jp->p))
		jp->p++;
}

static bool vmlat_jword(struct vmlat_jparser *jp, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(jp->end - jp->p) < n || memcmp(jp->p, w, n))
		return false;
	jp->p += n;
	return true;
}

/* vmlat_jstring - a string; \uXXXX escapes are kept as '?' (never written) */
static char *vmlat_jstring(struct vmlat_jparser *jp)
{
	char *out, *o;

	if (jp->p >= jp->end || *jp->p != '"')
		return vmlat_jfail(jp, "expected a string");
	jp->p++;
	out = malloc(jp->end - jp->p + 1);
	if (!out)
		return vmlat_jfail(jp, "out of memory");
	o = out;
	while (jp->p < jp->end && *jp->p != '"') {
		if (*jp->p == '\\') {
			if (++jp->p >= jp->end)
				break;
			switch (*jp->p) {
			case 'n':
				*o++ = '\n';
				break;
			case 't':
				*o++ = '\t';
				break;
			case 'u':
				*o++ = '?';
				jp->p += 4;
				break;
			default:
				*o++ = *jp->p;
				break;
			}
			jp->p++;
			continue;
		}
		*o++ = *jp->p++;
	}
	if (jp->p >= jp->end) {
		free(out);
		return vmlat_jfail(jp, "unterminated string");
	}
	jp->p++;
	*o = '\0';
	return out;
}

static struct vmlat_json *vmlat_jnumber(struct vmlat_jparser *jp,
					struct vmlat_json *j)
{
	const char *s = jp->p;
	char *end;

	j->type = VMLAT_J_NUM;
	j->num = strtod(s, &end);
	if (end == s || end > jp->end)
		return vmlat_jfail(jp, "bad number");
	if (vmlat_parse_dec(s, end - s, &j->u64))
		j->u64 = j->num > 0 ? (unsigned long long)j->num : 0;
	jp->p = end;
	return j;
}

static struct vmlat_json *vmlat_jcontainer(struct vmlat_jparser *jp,
					   struct vmlat_json *j, int depth)
{
	bool obj = *jp->p == '{';
	char close = obj ? '}' : ']';
	struct vmlat_json **tail = &j->child, *c;
	char *key = NULL;

	j->type = obj ? VMLAT_J_OBJ : VMLAT_J_ARR;
	jp->p++;
	vmlat_jspace(jp);
	if (jp->p < jp->end && *jp->p == close) {
		jp->p++;
		return j;
	}
	for (;;) {
		vmlat_jspace(jp);
		if (obj) {
			key = vmlat_jstring(jp);
			if (!key)
				return NULL;
			vmlat_jspace(jp);
			if (jp->p >= jp->end || *jp->p != ':') {
				free(key);
				return vmlat_jfail(jp, "expected ':'");
			}
			jp->p++;
		}
		c = vmlat_jvalue(jp, depth + 1);
		if (!c) {
			free(key);
			return NULL;
		}
		c->key = key;
		key = NULL;
		*tail = c;
		tail = &c->next;
		vmlat_jspace(jp);
		if (jp->p < jp->end && *jp->p == ',') {
			jp->p++;
			continue;
		}
		if (jp->p < jp->end && *jp->p == close) {
			jp->p++;
			return j;
		}
		return vmlat_jfail(jp, obj ? "expected ',' or '}'" :
				   "expected ',' or ']'");
	}
}

static struct vmlat_json *vmlat_jvalue(struct vmlat_jparser *jp, int depth)
{
	struct vmlat_json *j, *r;

	if (depth > VMLAT_JSON_DEPTH)
		return vmlat_jfail(jp, "nested too deep");
	vmlat_jspace(jp);
	if (jp->p >= jp->end)
		return vmlat_jfail(jp, "unexpected end");
	j = calloc(1, sizeof(*j));
	if (!j)
		return vmlat_jfail(jp, "out of memory");
	if (*jp->p == '{' || *jp->p == '[') {
		r = vmlat_jcontainer(jp, j, depth);
	} else if (*jp->p == '"') {
		j->type = VMLAT_J_STR;
		j->str = vmlat_jstring(jp);
		r = j->str ? j : NULL;
	} else if (vmlat_jword(jp, "true") || vmlat_jword(jp, "false")) {
		j->type = VMLAT_J_BOOL;
		j->boolean = jp->p[-1] == 'e' && jp->p[-2] == 'u';
		r = j;
	} else if (vmlat_jword(jp, "null")) {
		r = j;
	} else {
		r = vmlat_jnumber(jp, j);
	}
	if (!r)
		vmlat_json_free(j);
	return r;
}

/**
 * vmlat_json_parse() - one JSON value, and nothing after it but blanks
 * @buf: the text
 * @len: its length
 * @err: why not, with where
 * @err_len: @err's size
 *
 * Nesting is bounded (VMLAT_JSON_DEPTH), so that a hostile file cannot
 * run the recursion out of stack.
 *
 * Return: the tree, the caller's to vmlat_json_free(); NULL with @err set.
 */
struct vmlat_json *vmlat_json_parse(const char *buf, size_t len, char *err,
				    size_t err_len)
{
	struct vmlat_jparser jp = { buf, buf + len, buf, err, err_len };
	struct vmlat_json *j;

	err[0] = '\0';
	j = vmlat_jvalue(&jp, 0);
	if (!j)
		return NULL;
	vmlat_jspace(&jp);
	if (jp.p != jp.end) {
		vmlat_json_free(j);
		return vmlat_jfail(&jp, "trailing data");
	}
	return j;
}

/**
 * vmlat_json_free() - free a tree vmlat_json_parse() built
 * @j: the tree, or NULL
 */
void vmlat_json_free(struct vmlat_json *j)
{
	struct vmlat_json *c, *next;

	if (!j)
		return;
	for (c = j->child; c; c = next) {
		next = c->next;
		vmlat_json_free(c);
	}
	free(j->str);
	free(j->key);
	free(j);
}

/**
 * vmlat_json_get() - an object's member by name
 * @obj: the object; anything else, NULL included, has no members
 * @key: the member's name
 *
 * Return: the first member of that name, or NULL.
 */
const struct vmlat_json *vmlat_json_get(const struct vmlat_json *obj,
					const char *key)
{
	const struct vmlat_json *c;

	if (!obj || obj->type != VMLAT_J_OBJ)
		return NULL;
	for (c = obj->child; c; c = c->next)
		if (c->key && !strcmp(c->key, key))
			return c;
	return NULL;
}
