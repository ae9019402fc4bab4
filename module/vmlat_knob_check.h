/* SPDX-License-Identifier: GPL-2.0 */
/* What a knob says when it refuses a value (vmlat_knob_check.c). */
#ifndef VMLAT_KNOB_CHECK_H
#define VMLAT_KNOB_CHECK_H

#include <linux/moduleparam.h>
#include <linux/types.h>

/* Used by every knob's set, the test build's too. */
int vmlat_knob_invalid(const struct kernel_param *kp, const char *allowed);
int vmlat_knob_u64(const struct kernel_param *kp, const char *val, u64 min,
		   u64 max, u64 *out);

/*
 * vmlat_test_param() - declare a knob of the test build: module_param_cb()
 * with a description that says so. Test knobs are named sim_*: the
 * packaging tests prove the default build has none.
 */
#define vmlat_test_param(name, ops, arg, perm, desc)	\
	module_param_cb(name, ops, arg, perm);		\
	MODULE_PARM_DESC(name, "Test build: " desc)

#endif /* VMLAT_KNOB_CHECK_H */
