/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmlat is written against the newest kernel API. This file, and only
 * this file, lets it build on older kernels: each shim provides a new
 * interface on top of the old one and says when the new one arrived, so
 * a shim can be deleted once the oldest supported kernel has the API.
 *
 * Supported: Debian 12's 6.1 and 6.12 kernels (generic, cloud, rt), and
 * mainline up to the newest release tested.
 */
#ifndef VMLAT_COMPAT_H
#define VMLAT_COMPAT_H

#include <linux/hrtimer.h>

/*
 * The VMLAT_HAVE_* feature flags come from Kbuild, which looks for each
 * API in the target kernel's headers (never the build machine's).
 */

/* v6.13: hrtimer_setup() replaces hrtimer_init() + setting ->function. */
#ifndef VMLAT_HAVE_HRTIMER_SETUP
static inline void hrtimer_setup(struct hrtimer *timer,
				 enum hrtimer_restart (*function)(struct hrtimer *),
				 clockid_t clock_id, enum hrtimer_mode mode)
{
	hrtimer_init(timer, clock_id, mode);
	timer->function = function;
}
#endif

#endif /* VMLAT_COMPAT_H */
