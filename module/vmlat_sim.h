/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The steal simulator, built only by "make VMLAT_TEST=1" (vmlat_sim.c).
 * In the default and DKMS builds these stubs say "not built" and the
 * compiler drops every call.
 */
#ifndef VMLAT_SIM_H
#define VMLAT_SIM_H

#include <linux/types.h>

struct kvm_steal_time;

#ifdef VMLAT_TEST
int vmlat_sim_start(void);
void vmlat_sim_stop(void);
void vmlat_sim_online(unsigned int cpu);
const struct kvm_steal_time *vmlat_sim_area(unsigned int cpu);
#define vmlat_sim_built() true
#else
static inline int vmlat_sim_start(void) { return 0; }
static inline void vmlat_sim_stop(void) { }
static inline void vmlat_sim_online(unsigned int cpu) { }
static inline const struct kvm_steal_time *vmlat_sim_area(unsigned int cpu)
{
	return NULL;
}
#define vmlat_sim_built() false
#endif

#endif /* VMLAT_SIM_H */
