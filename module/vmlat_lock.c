// SPDX-License-Identifier: GPL-2.0
/*
 * The control side's shared state, in a file of its own so that the
 * files vmlat_main.c drives (the sampler, the stages) can take it without
 * importing vmlat_main.c: the control locks and the CPUs up for vmlat.
 * vmlat_main.c writes control state and vmlat_cpus_up under these locks
 * or in its hotplug callbacks; the snapshots' last resorts take them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/mutex.h>

#include "vmlat.h"

DEFINE_MUTEX(vmlat_lock);

/*
 * CPUs whose vmlat online callback ran and whose offline callback has not:
 * the only ones that may hold an armed timer. Not cpu_online_mask: a CPU
 * parked below vmlat's hotplug state is online, but vmlat's teardown
 * would never run there. Written by the hotplug callbacks, read under
 * cpus_read_lock().
 */
struct cpumask vmlat_cpus_up;

/**
 * vmlat_ctl_lock() - take the control locks: cpus_read_lock(), vmlat_lock
 *
 * Process context. Excludes every other writer of control state and of
 * a CPU that is not up for vmlat (docs/design.md, Concurrency).
 */
void vmlat_ctl_lock(void)
{
	cpus_read_lock();
	mutex_lock(&vmlat_lock);
}

/* vmlat_ctl_unlock() - drop the control locks, in reverse */
void vmlat_ctl_unlock(void)
{
	mutex_unlock(&vmlat_lock);
	cpus_read_unlock();
}
