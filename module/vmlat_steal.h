/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Steal clocks: per CPU, "how many ns has the host taken from this vCPU
 * so far". See docs/steal.md for the sources and how one is chosen.
 */
#ifndef VMLAT_STEAL_H
#define VMLAT_STEAL_H

#include <linux/types.h>

struct kvm_steal_time;

/* Values are ABI: the tracepoint's source field carries them. */
enum vmlat_steal_source {
	VMLAT_STEAL_NONE = 0,
	VMLAT_STEAL_KCPUSTAT = 1,
	VMLAT_STEAL_KVM = 2,
	VMLAT_STEAL_SIM = 3,
	VMLAT_STEAL_AUTO,	/* the knob's default; never a CPU's source */
};

/* struct vmlat_steal_clock - one CPU's steal source */
struct vmlat_steal_clock {
	enum vmlat_steal_source source;
	const struct kvm_steal_time *kst;	/* kvm and sim */
	void *map;				/* kvm: to memunmap() */
	const char *reason;			/* why this source */
};

extern enum vmlat_steal_source vmlat_steal_wanted;	/* the knob */

const char *vmlat_steal_name(enum vmlat_steal_source src);
int vmlat_steal_parse(const char *s, enum vmlat_steal_source *out);
int vmlat_steal_attach(struct vmlat_steal_clock *sc, unsigned int cpu);
void vmlat_steal_detach(struct vmlat_steal_clock *sc);
bool vmlat_steal_now(const struct vmlat_steal_clock *sc, u64 *steal_ns);

#endif /* VMLAT_STEAL_H */
