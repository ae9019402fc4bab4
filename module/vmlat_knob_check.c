// SPDX-License-Identifier: GPL-2.0
/*
 * What a knob says when it refuses a value: one kernel log line naming
 * the knob and what it takes, then -EINVAL. Shared by the knobs
 * (vmlat_knobs.c) and the test build's (vmlat_sim.c, vmlat_fault.c); it
 * depends on nothing of vmlat's, so it sits below all of them, and the
 * test build's knobs, which lower files use, import no control code.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>

#include "vmlat_grammar.h"
#include "vmlat_knob_check.h"

/**
 * vmlat_knob_invalid() - refuse a knob's value, saying what it takes
 * @kp: the knob, named in the message
 * @allowed: what it takes, in words or as a list
 *
 * Return: -EINVAL, for the knob's set to return.
 */
int vmlat_knob_invalid(const struct kernel_param *kp, const char *allowed)
{
	pr_warn_ratelimited("%s: invalid value; allowed: %s\n", kp->name,
			    allowed);
	return -EINVAL;
}

/**
 * vmlat_knob_u64() - a knob's integer in [@min, @max]
 * @kp: the knob, named in the message
 * @val: what was written
 * @min: least allowed value
 * @max: largest allowed value
 * @out: the value
 *
 * The range in the message is the one checked: abi/'s constants, never
 * a copy in words.
 *
 * Return: 0, or -EINVAL after a kernel log line with the allowed range.
 */
int vmlat_knob_u64(const struct kernel_param *kp, const char *val, u64 min,
		   u64 max, u64 *out)
{
	if (!vmlat_parse_u64(val, min, max, out))
		return 0;
	pr_warn_ratelimited("%s: invalid value; allowed: an integer from %llu to %llu\n",
			    kp->name, min, max);
	return -EINVAL;
}
