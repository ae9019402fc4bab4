/* SPDX-License-Identifier: GPL-2.0 */
/* The module's life cycle and control state (vmlat_main.c). */
#ifndef VMLAT_MAIN_H
#define VMLAT_MAIN_H

#include <linux/cpumask.h>
#include <linux/types.h>

#include "vmlat.h"

/* knob changes: 0 or -errno */
int vmlat_ctl_set_enabled(bool on);
int vmlat_ctl_set_period(u64 period_ns);
int vmlat_ctl_set_cpus(const struct cpumask *mask);
int vmlat_ctl_reset(void);
int vmlat_ctl_set_trace(u64 threshold_ns, u64 stop_ns);
int vmlat_ctl_set_thread(bool on);
int vmlat_ctl_set_thread_prio(u32 prio);
int vmlat_ctl_set_user(bool on);
#ifdef VMLAT_TEST
int vmlat_ctl_preload(unsigned int cpu, const struct vmlat_preload *p);
#endif

#endif /* VMLAT_MAIN_H */
