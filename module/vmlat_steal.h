/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Steal clocks: per CPU, "how many ns has the host taken from this vCPU
 * so far". See docs/steal.md for the sources and how one is chosen.
 */
#ifndef VMLAT_STEAL_H
#define VMLAT_STEAL_H

#include <linux/kernel_stat.h>
#include <linux/percpu.h>
#include <linux/types.h>

#include "vmlat.h"	/* struct vmlat_steal_clock */
#include "vmlat_kst.h"

extern enum vmlat_steal_source vmlat_steal_wanted;	/* the knob */

int vmlat_steal_parse(const char *s, enum vmlat_steal_source *out);
int vmlat_steal_attach(struct vmlat_steal_clock *sc, unsigned int cpu);
void vmlat_steal_detach(struct vmlat_steal_clock *sc);

/**
 * vmlat_steal_now() - steal so far on this CPU, in ns
 * @sc: this CPU's steal clock
 * @steal_ns: the value, written only on success
 *
 * Called from the timer callback, on the CPU @sc belongs to, at every
 * expiry: inline there.
 *
 * Return: false when the steal area could not be read consistently
 * (vmlat_kst_read() gave up); the caller keeps its last good value.
 */
static __always_inline bool vmlat_steal_now(const struct vmlat_steal_clock *sc,
					    u64 *steal_ns)
{
	switch (sc->source) {
	case VMLAT_STEAL_KVM:
	case VMLAT_STEAL_SIM:
		return vmlat_kst_read(sc->kst, steal_ns);
	case VMLAT_STEAL_KCPUSTAT:
		*steal_ns = __this_cpu_read(kernel_cpustat.cpustat[CPUTIME_STEAL]);
		return true;
	default:
		*steal_ns = 0;
		return true;
	}
}

#endif /* VMLAT_STEAL_H */
