/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control side's shared state and the single-writer rule
 * (vmlat_state.c).
 */
#ifndef VMLAT_STATE_H
#define VMLAT_STATE_H

#include <linux/cpumask.h>
#include <linux/mutex.h>
#include <linux/seqlock.h>
#include <linux/smp.h>
#include <linux/types.h>

#include "vmlat.h"

extern struct mutex vmlat_lock;
/* the knobs' values: written under the control locks, read anywhere */
extern struct vmlat_knobs vmlat_knob;
/*
 * the CPUs the knob cpus selects: written under the control locks too,
 * never read by the callback
 */
extern struct cpumask vmlat_cpus_selected;
/* each CPU's sampler */
extern struct vmlat_cpu __percpu *vmlat_cpus;
/*
 * CPUs up for vmlat, written by vmlat_main.c's hotplug callbacks: vmlat's
 * online callback ran there and its offline one not
 */
extern struct cpumask vmlat_cpus_up;

void vmlat_ctl_lock(void);
void vmlat_ctl_unlock(void);
void vmlat_assert_local(unsigned int cpu);
void vmlat_on_cpu(unsigned int cpu, smp_call_func_t fn, void *arg);
void vmlat_copy_consistent(const seqcount_t *seq, void *dst, const void *src,
			   size_t size, unsigned int cpu,
			   smp_call_func_t copy_local, void *arg);

#endif /* VMLAT_STATE_H */
