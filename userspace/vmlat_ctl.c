// SPDX-License-Identifier: GPL-2.0
/*
 * The knobs: enable, disable, reset and set KEY=VALUE, written to the
 * module's parameters directory. The module validates every write; this
 * file only turns its answer into a message with the fix.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmlat_reader.h"
#include "vmlat_grammar.h"	/* abi/: the knobs' ranges */

/*
 * struct vmlat_knob - a knob and what it allows: @min..@max (from abi/,
 * the module's own limits) when @range, then @note
 */
struct vmlat_knob {
	const char		*key;
	bool			range;
	unsigned long long	min;
	unsigned long long	max;
	const char		*note;
};

static const struct vmlat_knob vmlat_knobs[] = {
	{ "period_us", true, VMLAT_PERIOD_US_MIN, VMLAT_PERIOD_US_MAX,
	  ", not below the hrtimer resolution (summary resolution_ns)" },
	{ "cpus", false, 0, 0, "a cpulist of possible CPUs, e.g. 0-3,6" },
	{ "trace_threshold_ns", true, 0, VMLAT_THRESHOLD_NS_MAX, "" },
	{ "stop_tracing_ns", true, 0, VMLAT_THRESHOLD_NS_MAX, " (0 = off)" },
	{ "enabled", false, 0, 0, "0 or 1" },
	{ "reset", false, 0, 0, "1" },
	{ "thread", false, 0, 0, "0 or 1" },
	{ "thread_prio", true, VMLAT_THREAD_PRIO_MIN, VMLAT_THREAD_PRIO_MAX,
	  " (SCHED_FIFO)" },
	{ "user", false, 0, 0, "0 or 1" },
};

static const struct vmlat_knob *vmlat_find_knob(const char *key)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vmlat_knobs); i++)
		if (!strcmp(vmlat_knobs[i].key, key))
			return &vmlat_knobs[i];
	return NULL;
}

/**
 * vmlat_knob_write() - set a knob with one write(2) of "value\n"
 * @p: the options (--params)
 * @key: the knob
 * @value: its new value, without the newline
 *
 * One write, as echo does it: the kernel takes a parameter's value from
 * a single write, and a refusal comes back as that write's EINVAL.
 *
 * Return: 0, or VMLAT_EXIT_FAIL after the one line that names the fix.
 */
int vmlat_knob_write(const struct vmlat_params *p, const char *key,
		     const char *value)
{
	const struct vmlat_knob *knob = vmlat_find_knob(key);
	char path[4096], line[512];
	struct stat st;
	ssize_t n;
	int fd, len, err;

	snprintf(path, sizeof(path), "%s/%s", p->params, key);
	len = snprintf(line, sizeof(line), "%s\n", value);
	if (len >= (int)sizeof(line)) {
		vmlat_err("%s=%s: value too long", key, value);
		return VMLAT_EXIT_FAIL;
	}
	/* O_TRUNC as echo does: sysfs ignores it, a copied dir needs it */
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		goto fail;
	}
	n = write(fd, line, len);
	err = n < 0 ? errno : 0;
	if (!err && n != len)
		err = EIO;
	if (close(fd) && !err)
		err = errno;
	if (!err)
		return 0;
	if (err == EINVAL && knob && knob->range) {
		vmlat_err("the module rejected %s=%s (Invalid argument): allowed values are %llu..%llu%s",
			  key, value, knob->min, knob->max, knob->note);
		return VMLAT_EXIT_FAIL;
	}
	if (err == EINVAL) {
		vmlat_err("the module rejected %s=%s (Invalid argument): allowed values are %s",
			  key, value, knob ? knob->note : "in docs/abi.md");
		return VMLAT_EXIT_FAIL;
	}
fail:
	if (err == EACCES || err == EPERM) {
		vmlat_err("cannot write %s: permission denied: run as root (sudo %s)",
			  path, vmlat_invocation);
	} else if (err == ENOENT && stat(p->params, &st)) {
		vmlat_err("module not loaded (no %s): modprobe vmlat",
			  p->params);
	} else if (err == ENOENT) {
		vmlat_err("%s: no such knob in this module: compare vmlat --version and install matching module and reader",
			  path);
	} else {
		vmlat_err("cannot write %s=%s to %s: %s", key, value, path,
			  strerror(err));
	}
	return VMLAT_EXIT_FAIL;
}

/**
 * vmlat_knob_read() - a knob's value, without its newline
 * @p: the options (--params)
 * @key: the knob
 * @buf: the value
 * @len: @buf's size
 *
 * Return: 0, or -errno of the read (nothing printed: the caller knows
 * what a missing knob means for it).
 */
int vmlat_knob_read(const struct vmlat_params *p, const char *key,
		    char *buf, size_t len)
{
	char path[4096], *b;
	size_t n;
	int ret;

	snprintf(path, sizeof(path), "%s/%s", p->params, key);
	ret = vmlat_read_file(path, &b, &n);
	if (ret)
		return ret;
	snprintf(buf, len, "%.*s", (int)strcspn(b, "\n"), b);
	free(b);
	return 0;
}

/**
 * vmlat_cmd_enable() - vmlat enable: sampling on
 * @p: the options
 *
 * Return: 0 or an exit status (vmlat_knob_write()).
 */
int vmlat_cmd_enable(struct vmlat_params *p)
{
	return vmlat_knob_write(p, "enabled", "1");
}

/**
 * vmlat_cmd_disable() - vmlat disable: sampling off, the figures kept
 * @p: the options
 *
 * Return: 0 or an exit status (vmlat_knob_write()).
 */
int vmlat_cmd_disable(struct vmlat_params *p)
{
	return vmlat_knob_write(p, "enabled", "0");
}

/**
 * vmlat_cmd_reset() - vmlat reset: zero every histogram and counter
 * @p: the options
 *
 * Return: 0 or an exit status (vmlat_knob_write()).
 */
int vmlat_cmd_reset(struct vmlat_params *p)
{
	return vmlat_knob_write(p, "reset", "1");
}

/**
 * vmlat_cmd_set() - vmlat set KEY=VALUE...: write the knobs in order
 * @p: the options; the arguments are the KEY=VALUE pairs
 *
 * All are checked for syntax first, so that a typo in the last one does
 * not leave the first ones applied.
 *
 * Return: 0 or an exit status.
 */
int vmlat_cmd_set(struct vmlat_params *p)
{
	static const char * const settable[] = {
		"period_us", "cpus", "trace_threshold_ns", "stop_tracing_ns",
		"thread", "thread_prio", "user",
	};
	char key[64];
	const char *eq;
	unsigned int j;
	int i;

	if (!p->argc) {
		vmlat_err("set: no KEY=VALUE given: e.g. vmlat set period_us=500");
		return VMLAT_EXIT_USAGE;
	}
	for (i = 0; i < p->argc; i++) {
		eq = strchr(p->argv[i], '=');
		if (!eq || eq == p->argv[i] || !eq[1] ||
		    eq - p->argv[i] >= (int)sizeof(key)) {
			vmlat_err("set: \"%s\" is not KEY=VALUE: e.g. vmlat set period_us=500",
				  p->argv[i]);
			return VMLAT_EXIT_USAGE;
		}
		snprintf(key, sizeof(key), "%.*s", (int)(eq - p->argv[i]),
			 p->argv[i]);
		for (j = 0; j < ARRAY_SIZE(settable); j++)
			if (!strcmp(key, settable[j]))
				break;
		if (j == ARRAY_SIZE(settable)) {
			vmlat_err("set: unknown key \"%s\": use period_us, cpus, trace_threshold_ns, stop_tracing_ns, thread, thread_prio or user",
				  key);
			return VMLAT_EXIT_USAGE;
		}
	}
	for (i = 0; i < p->argc; i++) {
		eq = strchr(p->argv[i], '=');
		snprintf(key, sizeof(key), "%.*s", (int)(eq - p->argv[i]),
			 p->argv[i]);
		if (vmlat_knob_write(p, key, eq + 1))
			return VMLAT_EXIT_FAIL;	/* the write said why */
	}
	return 0;
}
