/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small JSON reader, just enough for "vmlat plot" to read back what
 * "vmlat record" wrote: objects, arrays, strings, numbers, true/false/null.
 */
#ifndef VMLAT_JSON_H
#define VMLAT_JSON_H

#include <stdbool.h>
#include <stddef.h>

enum vmlat_jtype {
	VMLAT_J_NULL,
	VMLAT_J_BOOL,
	VMLAT_J_NUM,
	VMLAT_J_STR,
	VMLAT_J_ARR,
	VMLAT_J_OBJ,
};

struct vmlat_json {
	enum vmlat_jtype	type;
	double			num;
	unsigned long long	u64;	/* exact for an integer */
	bool			boolean;
	char			*str;
	char			*key;	/* member name inside an object */
	struct vmlat_json	*child;
	struct vmlat_json	*next;
};

struct vmlat_json *vmlat_json_parse(const char *buf, size_t len, char *err,
				    size_t err_len);
void vmlat_json_free(struct vmlat_json *j);
const struct vmlat_json *vmlat_json_get(const struct vmlat_json *obj,
					const char *key);

#endif /* VMLAT_JSON_H */
