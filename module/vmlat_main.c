// SPDX-License-Identifier: GPL-2.0
/*
 * vmlat: how late do hrtimers fire on each CPU of this virtual machine,
 * and how much of that lateness did the hypervisor steal?
 *
 * This file owns the module's life cycle and its control state: which
 * CPUs sample, at what period. Knob writes (vmlat_knobs.c) land here and
 * CPU hotplug callbacks start and stop the per-CPU samplers.
 *
 * Locking: control state is written with cpus_read_lock() and vmlat_lock
 * held, in that order. Hotplug callbacks run under the hotplug lock held
 * for writing, which excludes every writer, so they take no lock. The
 * timer callback takes none either: it reads the knobs with READ_ONCE().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>

#include "vmlat.h"
#include "vmlat_debugfs.h"
#include "vmlat_fault.h"
#include "vmlat_irqoff.h"
#include "vmlat_main.h"
#include "vmlat_sampler.h"
#include "vmlat_selfclock.h"
#include "vmlat_sim.h"
#include "vmlat_stage.h"
#include "vmlat_state.h"
#include "vmlat_steal.h"
#include "vmlat_thread.h"
#include "vmlat_version.h"

/*
 * Taken before the control locks, by whatever turns a wake-up stage on
 * or off: creating and stopping its threads takes the hotplug lock, so it
 * cannot happen under the control locks.
 */
static DEFINE_MUTEX(vmlat_stage_lock);

/*
 * The module's life: knob writes act on timers only while live; before
 * (init still running) and after (exit or a failed init unwinding) they
 * just store. A forced steal source that a CPU lacks refuses the load
 * only while loading; later it costs that CPU its steal data.
 */
static enum vmlat_life {
	VMLAT_LOADING,
	VMLAT_LIVE,
	VMLAT_EXITING,
} vmlat_life;
static enum cpuhp_state vmlat_hp_state;

static bool vmlat_period_given;
static bool vmlat_cpus_given;

static bool vmlat_wanted_on(unsigned int cpu)
{
	return vmlat_knob.enabled &&
	       cpumask_test_cpu(cpu, &vmlat_cpus_selected);
}

/* vmlat_sync - start or stop each CPU's timer to match the knobs */
static void vmlat_sync(void)
{
	unsigned int cpu;

	for_each_cpu(cpu, &vmlat_cpus_up) {
		struct vmlat_cpu *vc = per_cpu_ptr(vmlat_cpus, cpu);

		if (vmlat_wanted_on(cpu))
			vmlat_cpu_start(vc);
		else
			vmlat_cpu_stop(vc);
	}
}

/**
 * vmlat_ctl_set_enabled() - the enabled knob: sample on the selected CPUs
 * @on: the new value
 *
 * Before init and once exit began it only stores the value.
 *
 * Return: 0.
 */
int vmlat_ctl_set_enabled(bool on)
{
	vmlat_ctl_lock();
	WRITE_ONCE(vmlat_knob.enabled, on);
	if (vmlat_life == VMLAT_LIVE)
		vmlat_sync();
	vmlat_ctl_unlock();
	return 0;
}

/**
 * vmlat_ctl_set_period() - the period_us knob: re-arm every running timer
 * @period_ns: the new period, checked by the knob
 *
 * Each timer restarts one new period from now; the interval sampled under
 * the old period is closed first (vmlat_cpu_rearm()).
 *
 * Return: 0.
 */
int vmlat_ctl_set_period(u64 period_ns)
{
	unsigned int cpu;

	vmlat_ctl_lock();
	WRITE_ONCE(vmlat_knob.period_ns, period_ns);
	vmlat_period_given = true;
	if (vmlat_life == VMLAT_LIVE)
		for_each_cpu(cpu, &vmlat_cpus_up)
			vmlat_cpu_rearm(per_cpu_ptr(vmlat_cpus, cpu));
	vmlat_ctl_unlock();
	return 0;
}

/**
 * vmlat_ctl_set_cpus() - the cpus knob: sample on @mask's CPUs only
 * @mask: possible CPUs, checked by the knob
 *
 * Return: 0.
 */
int vmlat_ctl_set_cpus(const struct cpumask *mask)
{
	vmlat_ctl_lock();
	cpumask_copy(&vmlat_cpus_selected, mask);
	vmlat_cpus_given = true;
	if (vmlat_life == VMLAT_LIVE)
		vmlat_sync();
	vmlat_ctl_unlock();
	return 0;
}

/**
 * vmlat_ctl_reset() - the reset knob: zero every CPU's statistics
 *
 * Running timers keep running. Only while live: before that no CPU has
 * sampled, and once exit began the statistics are about to go.
 *
 * Return: 0.
 */
int vmlat_ctl_reset(void)
{
	unsigned int cpu;

	vmlat_ctl_lock();
	if (vmlat_life == VMLAT_LIVE)
		for_each_possible_cpu(cpu)
			vmlat_cpu_reset(per_cpu_ptr(vmlat_cpus, cpu));
	vmlat_ctl_unlock();
	return 0;
}

/**
 * vmlat_ctl_set_trace() - the trace_threshold_ns and stop_tracing_ns knobs
 * @threshold_ns: the event fires for lateness >= this
 * @stop_ns: the first expiry with lateness >= this calls tracing_off(); 0
 *	is off
 *
 * The callback reads the knobs without a lock, one word at a time; the
 * floor is published last, and vmlat_trace() stops only for an expiry that
 * passed the floor its event was checked against.
 *
 * Return: 0.
 */
int vmlat_ctl_set_trace(u64 threshold_ns, u64 stop_ns)
{
	u64 floor_ns = threshold_ns;

	/* An expiry that stops tracing is always traced itself. */
	if (stop_ns && stop_ns < floor_ns)
		floor_ns = stop_ns;

	vmlat_ctl_lock();
	WRITE_ONCE(vmlat_knob.trace_threshold_ns, threshold_ns);
	WRITE_ONCE(vmlat_knob.stop_tracing_ns, stop_ns);
	vmlat_fault_trace_delay();
	WRITE_ONCE(vmlat_knob.trace_floor_ns, floor_ns);
	vmlat_ctl_unlock();
	return 0;
}

/*
 * vmlat_thread_on - the kernel-thread stage on: its statistics, its
 * threads, then each CPU up for vmlat kicks its thread. Under
 * vmlat_stage_lock, live.
 */
static int vmlat_thread_on(void)
{
	unsigned int cpu;
	int ret;

	vmlat_ctl_lock();
	ret = vmlat_stage_alloc(VMLAT_STAGE_THREAD);
	vmlat_ctl_unlock();
	if (ret)
		return ret;
	ret = vmlat_threads_start();
	if (ret)
		return ret;
	vmlat_ctl_lock();
	WRITE_ONCE(vmlat_knob.thread, true);
	for_each_cpu(cpu, &vmlat_cpus_up)
		vmlat_cpu_stage_on(per_cpu_ptr(vmlat_cpus, cpu),
				   VMLAT_STAGE_THREAD,
				   vmlat_thread_task_of(cpu));
	vmlat_ctl_unlock();
	return 0;
}

/*
 * vmlat_thread_off - no CPU kicks a thread any more, then the threads go;
 * their statistics stay. Under vmlat_stage_lock.
 */
static void vmlat_thread_off(void)
{
	unsigned int cpu;

	vmlat_ctl_lock();
	WRITE_ONCE(vmlat_knob.thread, false);
	if (vmlat_stage_allocated(VMLAT_STAGE_THREAD))
		for_each_possible_cpu(cpu)
			vmlat_cpu_stage_off(per_cpu_ptr(vmlat_cpus, cpu),
					    VMLAT_STAGE_THREAD, 0);
	vmlat_ctl_unlock();
	vmlat_threads_stop();
}

/*
 * vmlat_user_set - the user stage on or off; under vmlat_stage_lock,
 * live. Off wakes every waiting reader with -ENODEV.
 */
static int vmlat_user_set(bool on)
{
	unsigned int cpu;
	int ret = 0;

	vmlat_ctl_lock();
	if (on)
		ret = vmlat_stage_alloc(VMLAT_STAGE_USER);
	if (!ret) {
		WRITE_ONCE(vmlat_knob.user, on);
		for_each_cpu(cpu, &vmlat_cpus_up) {
			if (on)
				vmlat_cpu_stage_on(per_cpu_ptr(vmlat_cpus, cpu),
						   VMLAT_STAGE_USER, NULL);
			else
				vmlat_cpu_stage_off(per_cpu_ptr(vmlat_cpus, cpu),
						    VMLAT_STAGE_USER, -ENODEV);
		}
	}
	vmlat_ctl_unlock();
	return ret;
}

/**
 * vmlat_ctl_set_user() - the user knob: the user stage on or off
 * @on: the new value
 *
 * Before init and once exit began it only stores the value.
 *
 * Return: 0 or -ENOMEM.
 */
int vmlat_ctl_set_user(bool on)
{
	int ret = 0;

	mutex_lock(&vmlat_stage_lock);
	if (READ_ONCE(vmlat_life) != VMLAT_LIVE)
		WRITE_ONCE(vmlat_knob.user, on);
	else if (on != vmlat_knob.user)
		ret = vmlat_user_set(on);
	mutex_unlock(&vmlat_stage_lock);
	return ret;
}

/*
 * vmlat_stages_take - at init, before any CPU comes up for vmlat: the
 * stages a load parameter asked for, as BIT(VMLAT_STAGE_*), and their
 * knobs off until vmlat_stages_start() has their memory and threads. A
 * CPU's online callback turns on only the stages whose knob is on: were
 * it to see the load parameter, its timer would kick a stage that has
 * no memory yet. Under both control locks and vmlat_stage_lock, so no
 * knob write can come between.
 */
static unsigned int vmlat_stages_take(void)
{
	unsigned int want = 0;

	lockdep_assert_held(&vmlat_stage_lock);
	lockdep_assert_held(&vmlat_lock);
	if (vmlat_knob.user)
		want |= BIT(VMLAT_STAGE_USER);
	if (vmlat_knob.thread)
		want |= BIT(VMLAT_STAGE_THREAD);
	WRITE_ONCE(vmlat_knob.user, false);
	WRITE_ONCE(vmlat_knob.thread, false);
	return want;
}

/*
 * vmlat_stages_start - at init, live: the stages @want (from
 * vmlat_stages_take()) on. Under vmlat_stage_lock.
 */
static int vmlat_stages_start(unsigned int want)
{
	int ret;

	if (want & BIT(VMLAT_STAGE_USER)) {
		ret = vmlat_user_set(true);
		if (ret)
			return ret;
	}
	if (!(want & BIT(VMLAT_STAGE_THREAD)))
		return 0;
	return vmlat_thread_on();
}

/*
 * vmlat_stages_exit - at exit, or a failed init: knob writes only store
 * from now on, and the stages' threads go
 */
static void vmlat_stages_exit(void)
{
	mutex_lock(&vmlat_stage_lock);
	vmlat_ctl_lock();
	vmlat_life = VMLAT_EXITING;
	vmlat_ctl_unlock();
	if (vmlat_knob.thread)
		vmlat_thread_off();
	if (vmlat_knob.user)
		vmlat_user_set(false);
	mutex_unlock(&vmlat_stage_lock);
}

/**
 * vmlat_ctl_set_thread() - the thread knob: the kernel-thread stage on or
 * off
 * @on: the new value
 *
 * Return: 0, or -errno when the stage's memory or threads cannot be had.
 */
int vmlat_ctl_set_thread(bool on)
{
	int ret = 0;

	mutex_lock(&vmlat_stage_lock);
	/* before init and after exit began: only store */
	if (READ_ONCE(vmlat_life) != VMLAT_LIVE)
		WRITE_ONCE(vmlat_knob.thread, on);
	else if (on && !vmlat_knob.thread)
		ret = vmlat_thread_on();
	else if (!on && vmlat_knob.thread)
		vmlat_thread_off();
	mutex_unlock(&vmlat_stage_lock);
	return ret;
}

/**
 * vmlat_ctl_set_thread_prio() - the thread_prio knob
 * @prio: SCHED_FIFO priority, checked by the knob
 *
 * Applied at once to the threads that exist, and by each new one at its
 * creation.
 *
 * Return: 0.
 */
int vmlat_ctl_set_thread_prio(u32 prio)
{
	mutex_lock(&vmlat_stage_lock);
	WRITE_ONCE(vmlat_knob.thread_prio, prio);
	if (READ_ONCE(vmlat_life) == VMLAT_LIVE) {
		cpus_read_lock();
		vmlat_threads_prio();
		cpus_read_unlock();
	}
	mutex_unlock(&vmlat_stage_lock);
	return 0;
}

#ifdef VMLAT_TEST
/**
 * vmlat_ctl_preload() - test build: plant sums and counts on one CPU
 * @cpu: a possible CPU, whose timer is not armed
 * @p: the values, checked by the caller
 *
 * Return: 0, -EBUSY before init or while @cpu samples, -ENODEV for steal
 * figures on a CPU without a steal source.
 */
int vmlat_ctl_preload(unsigned int cpu, const struct vmlat_preload *p)
{
	struct vmlat_cpu *vc;
	int ret = -EBUSY;

	vmlat_ctl_lock();
	if (vmlat_life != VMLAT_LIVE)
		goto out;
	vc = per_cpu_ptr(vmlat_cpus, cpu);
	if (vc->armed)
		goto out;
	ret = -ENODEV;
	if (vc->steal.source == VMLAT_STEAL_NONE &&
	    (p->steal_sum_ns || p->stolen_ns))
		goto out;
	vmlat_cpu_preload(vc, p);
	ret = 0;
out:
	vmlat_ctl_unlock();
	return ret;
}
#endif

/*
 * vmlat_period_default - when period_us was not given and high-resolution
 * timers are off, raise the default period to the resolution: the timers
 * would fire only once a tick anyway, and failing the load instead would
 * fail a DKMS-installed module autoloading with its defaults. A period
 * that was given was checked by its knob (vmlat_knobs.c).
 */
static void vmlat_period_default(void)
{
	u64 floor_us = vmlat_period_floor_us();

	if (vmlat_period_given ||
	    vmlat_knob.period_ns >= floor_us * NSEC_PER_USEC)
		return;
	pr_notice("period_us: high-resolution timers are off (booted highres=off, or no oneshot clock event device): the default %llu raised to %llu, the hrtimer resolution of %u ns\n",
		  vmlat_knob.period_ns / NSEC_PER_USEC, floor_us,
		  hrtimer_resolution);
	WRITE_ONCE(vmlat_knob.period_ns, floor_us * NSEC_PER_USEC);
}

/* vmlat_cpu_online - hotplug: find the CPU's steal clock, start sampling */
static int vmlat_cpu_online(unsigned int cpu)
{
	struct vmlat_cpu *vc = per_cpu_ptr(vmlat_cpus, cpu);
	int ret;

	vmlat_sim_online(cpu);
	ret = vmlat_steal_attach(&vc->steal, cpu);
	if (ret && vmlat_life == VMLAT_LOADING) {
		/* At load, a forced source that is missing refuses the load. */
		pr_err("steal=%s is not available on cpu%u: %s\n",
		       vmlat_steal_name(vmlat_steal_wanted), cpu,
		       vc->steal.reason);
		return ret;
	}
	if (ret)
		pr_warn("cpu%u: steal=%s not available (%s): steal unknown there\n",
			cpu, vmlat_steal_name(vmlat_steal_wanted),
			vc->steal.reason);
	vmlat_cpu_attach_stats(vc);
	if (vmlat_knob.thread)
		vmlat_cpu_stage_on(vc, VMLAT_STAGE_THREAD,
				   vmlat_thread_task_of(cpu));
	if (vmlat_knob.user)
		vmlat_cpu_stage_on(vc, VMLAT_STAGE_USER, NULL);
	cpumask_set_cpu(cpu, &vmlat_cpus_up);
	if (vmlat_wanted_on(cpu))
		vmlat_cpu_start(vc);
	return 0;
}

/* vmlat_cpu_offline - hotplug: stop sampling before the CPU goes */
static int vmlat_cpu_offline(unsigned int cpu)
{
	struct vmlat_cpu *vc = per_cpu_ptr(vmlat_cpus, cpu);

	vmlat_cpu_stop(vc);
	/* a pending hand-off would read the steal source detached below */
	if (vmlat_stage_allocated(VMLAT_STAGE_THREAD))
		vmlat_cpu_stage_off(vc, VMLAT_STAGE_THREAD, 0);
	if (vmlat_stage_allocated(VMLAT_STAGE_USER))
		vmlat_cpu_stage_off(vc, VMLAT_STAGE_USER, -ENXIO);
	cpumask_clear_cpu(cpu, &vmlat_cpus_up);
	vmlat_steal_detach(&vc->steal);
	return 0;
}

static int __init vmlat_init(void)
{
	unsigned int cpu, stages;
	int ret;

	vmlat_selfclock_init();
	vmlat_cpus = alloc_percpu(struct vmlat_cpu);
	if (!vmlat_cpus)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		vmlat_cpu_setup(per_cpu_ptr(vmlat_cpus, cpu), cpu);

	ret = vmlat_sim_start();
	if (ret)
		goto err_free;

	mutex_lock(&vmlat_stage_lock);
	vmlat_ctl_lock();
	if (!vmlat_cpus_given)
		cpumask_copy(&vmlat_cpus_selected, cpu_possible_mask);
	vmlat_period_default();
	stages = vmlat_stages_take();
	ret = cpuhp_setup_state_cpuslocked(CPUHP_AP_ONLINE_DYN, "vmlat:online",
					   vmlat_cpu_online,
					   vmlat_cpu_offline);
	if (ret < 0) {
		vmlat_ctl_unlock();
		mutex_unlock(&vmlat_stage_lock);
		goto err_sim;
	}
	vmlat_hp_state = ret;
	vmlat_life = VMLAT_LIVE;
	vmlat_ctl_unlock();
	ret = vmlat_stages_start(stages);
	mutex_unlock(&vmlat_stage_lock);
	if (ret)
		goto err_stages;

	ret = vmlat_fault_init();
	if (ret)
		goto err_stages;

	/*
	 * The files come last, when nothing can fail any more. A file can
	 * be opened the moment it exists, and an open file outlives a
	 * failed init: removing the files does not wait for it, and the
	 * module's memory is freed whatever references the file holds, so
	 * its close would run freed code. With no failure after this
	 * point, an open file only ever holds a module that loaded, and
	 * its reference refuses rmmod until it is closed. The module
	 * parameters can be reached earlier, but only store values until
	 * vmlat_life is VMLAT_LIVE (docs/design.md).
	 */
	vmlat_debugfs_init();

	pr_info("version %s: sampling %s, every %llu us on CPUs %*pbl%s\n",
		VMLAT_VERSION, vmlat_knob.enabled ? "on" : "off",
		vmlat_knob.period_ns / NSEC_PER_USEC,
		cpumask_pr_args(&vmlat_cpus_selected),
		vmlat_knob.thread ? ", kernel-thread stage on" : "");
	return 0;

err_stages:
	vmlat_stages_exit();
	cpuhp_remove_state(vmlat_hp_state);
err_sim:
	vmlat_sim_stop();
err_free:
	vmlat_stage_free();
	free_percpu(vmlat_cpus);
	return ret;
}

static void __exit vmlat_exit(void)
{
	/* init in reverse */
	vmlat_debugfs_exit();
	/* the test build's interrupts-off thread reads the samplers */
	vmlat_irqoff_stop();
	vmlat_stages_exit();
	vmlat_fault_exit_delay();
	cpuhp_remove_state(vmlat_hp_state);
	vmlat_sim_stop();
	vmlat_stage_free();
	free_percpu(vmlat_cpus);
}

module_init(vmlat_init);
module_exit(vmlat_exit);

MODULE_DESCRIPTION("Per-CPU hrtimer lateness and hypervisor steal attribution");
MODULE_AUTHOR("vmlat developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(VMLAT_VERSION);
