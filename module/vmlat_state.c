// SPDX-License-Identifier: GPL-2.0
/*
 * The control side's shared state and the rules for writing a CPU's
 * state, in a file of its own so that the files vmlat_main.c drives (the
 * sampler, the stages, debugfs) can take them without importing
 * vmlat_main.c: the knobs' values, the per-CPU samplers, the control
 * locks, the CPUs up for vmlat, the single-writer rule, running a
 * function on a CPU's behalf, and the consistent copy under a CPU's
 * seqcount. vmlat_main.c writes control state and vmlat_cpus_up under
 * these locks or in its hotplug callbacks; the copies' last resort takes
 * them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/irqflags.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/seqlock.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "vmlat.h"
#include "vmlat_fault.h"
#include "vmlat_state.h"

/* torn copies in a row before a reader asks the CPU itself */
#define VMLAT_COPY_TRIES	16

DEFINE_MUTEX(vmlat_lock);

/* the knobs' values and the CPUs they select: vmlat_main.c writes them */
struct vmlat_knobs vmlat_knob __read_mostly = {
	.enabled = true,
	.period_ns = VMLAT_PERIOD_US_DEFAULT * NSEC_PER_USEC,
	.thread_prio = VMLAT_THREAD_PRIO_DEFAULT,
};
struct cpumask vmlat_cpus_selected;

/* each CPU's sampler, allocated at load */
struct vmlat_cpu __percpu *vmlat_cpus;

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

/**
 * vmlat_ctl_unlock() - drop the control locks, in the reverse order
 */
void vmlat_ctl_unlock(void)
{
	mutex_unlock(&vmlat_lock);
	cpus_read_unlock();
}

/**
 * vmlat_assert_local() - the single-writer rule, checked in every *_local
 * helper of the sampler and the stages
 * @cpu: the CPU whose state the caller writes
 *
 * A CPU's state is written on that CPU with interrupts off, or, while the
 * CPU is not up for vmlat (no timer, so no other writer), by control code
 * with interrupts off.
 */
void vmlat_assert_local(unsigned int cpu)
{
	lockdep_assert_irqs_disabled();
	/* without lockdep too: these are control paths, not the callback */
	WARN_ON_ONCE(!IS_ENABLED(CONFIG_PROVE_LOCKING) && !irqs_disabled());
	WARN_ON_ONCE(cpu != raw_smp_processor_id() &&
		     cpumask_test_cpu(cpu, &vmlat_cpus_up));
}

/**
 * vmlat_on_cpu() - run @fn(@arg) on @cpu's behalf with interrupts off
 * @cpu: the CPU whose state @fn writes
 * @fn: the *_local helper
 * @arg: its argument
 *
 * The caller holds cpus_read_lock() or runs in @cpu's hotplug callback,
 * so the CPU stays up or down for vmlat meanwhile. A CPU up for vmlat
 * runs @fn itself; one that is not (offline, or parked below vmlat's
 * hotplug state) has no timer and no other writer, and @fn runs here.
 */
void vmlat_on_cpu(unsigned int cpu, smp_call_func_t fn, void *arg)
{
	unsigned long flags;

	if (cpumask_test_cpu(cpu, &vmlat_cpus_up)) {
		smp_call_function_single(cpu, fn, arg, 1);
		return;
	}
	local_irq_save(flags);
	fn(arg);
	local_irq_restore(flags);
}

/**
 * vmlat_copy_consistent() - a whole copy of state its CPU writes under @seq
 * @seq: the CPU's seqcount
 * @dst: the copy
 * @src: the state
 * @size: its size
 * @cpu: the CPU that writes it
 * @copy_local: makes the copy with the writer excluded, as a *_local
 *	helper (vmlat_on_cpu()), when tries under @seq keep being torn
 * @arg: its argument
 *
 * Process context. Writers run once a period, briefly, so a copy is
 * normally whole at the first try; one torn VMLAT_COPY_TRIES times in a
 * row (a fast timer on a slow, emulated CPU) asks the CPU instead, under
 * the control locks, which keep the CPU up or down for vmlat and exclude
 * a reset of a CPU that is not up. The test build's sim_torn_reads makes
 * every try torn.
 */
void vmlat_copy_consistent(const seqcount_t *seq, void *dst, const void *src,
			   size_t size, unsigned int cpu,
			   smp_call_func_t copy_local, void *arg)
{
	unsigned int start, tries;

	tries = vmlat_fault_torn_reads() ? VMLAT_COPY_TRIES : 0;
	for (; tries < VMLAT_COPY_TRIES; tries++) {
		start = read_seqcount_begin(seq);
		memcpy(dst, src, size);
		if (!read_seqcount_retry(seq, start))
			return;
	}
	vmlat_ctl_lock();
	vmlat_on_cpu(cpu, copy_local, arg);
	vmlat_ctl_unlock();
}
