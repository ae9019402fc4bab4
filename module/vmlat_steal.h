/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Steal clocks: per CPU, "how many ns has the host taken from this vCPU
 * so far". See docs/steal.md for the sources and how one is chosen.
 */
#ifndef VMLAT_STEAL_H
#define VMLAT_STEAL_H

#include <linux/types.h>

#include "vmlat_names.h"	/* enum vmlat_steal_source, its names */

struct kvm_steal_time;

/* struct vmlat_steal_clock - one CPU's steal source */
struct vmlat_steal_clock {
	enum vmlat_steal_source source;
	const struct kvm_steal_time *kst;	/* kvm and sim */
	void *map;				/* kvm: to memunmap() */
	const char *reason;			/* why this source */
};

extern enum vmlat_steal_source vmlat_steal_wanted;	/* the knob */

int vmlat_steal_parse(const char *s, enum vmlat_steal_source *out);
int vmlat_steal_attach(struct vmlat_steal_clock *sc, unsigned int cpu);
void vmlat_steal_detach(struct vmlat_steal_clock *sc);
bool vmlat_steal_now(const struct vmlat_steal_clock *sc, u64 *steal_ns);

#endif /* VMLAT_STEAL_H */
