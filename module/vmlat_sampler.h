/* SPDX-License-Identifier: GPL-2.0 */
/* Each CPU's hrtimer and statistics (vmlat_sampler.c). */
#ifndef VMLAT_SAMPLER_H
#define VMLAT_SAMPLER_H

#include <linux/types.h>

#include "vmlat.h"

struct task_struct;

void vmlat_cpu_setup(struct vmlat_cpu *vc, unsigned int cpu);
void vmlat_cpu_attach_stats(struct vmlat_cpu *vc);
void vmlat_cpu_stage_on(struct vmlat_cpu *vc, unsigned int stage,
			struct task_struct *task);
void vmlat_cpu_stage_off(struct vmlat_cpu *vc, unsigned int stage, int why);
void vmlat_cpu_start(struct vmlat_cpu *vc);
void vmlat_cpu_stop(struct vmlat_cpu *vc);
void vmlat_cpu_rearm(struct vmlat_cpu *vc);
void vmlat_cpu_reset(struct vmlat_cpu *vc);
void vmlat_cpu_snapshot(struct vmlat_cpu *vc, struct vmlat_stats *out,
			u64 now_ns);
void vmlat_stats_clear(struct vmlat_stats *s);
#ifdef VMLAT_TEST
void vmlat_cpu_preload(struct vmlat_cpu *vc, const struct vmlat_preload *p);
#endif

#endif /* VMLAT_SAMPLER_H */
