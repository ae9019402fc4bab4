// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel-thread stage: one SCHED_FIFO kernel thread per CPU, bound
 * there, woken by each expiry's callback with wake_up_process() (as the
 * timerlat tracer wakes its threads: a wait queue's wake_up() takes a
 * sleeping lock on PREEMPT_RT). Once running, the thread records how
 * late it woke, split into IRQ lateness, steal and scheduling delay
 * (vmlat_stage.c).
 *
 * The threads are smpboot threads: the hotplug core creates them with
 * their CPU, parks them before it goes (after vmlat's own offline
 * callback stopped the timer, which runs earlier in the teardown) and
 * unparks them when it is back (before vmlat's online callback arms it).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ktime.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/smpboot.h>
#include <uapi/linux/sched/types.h>

#include "vmlat.h"
#include "vmlat_stage.h"
#include "vmlat_state.h"
#include "vmlat_thread.h"
#include "vmlat_trace.h"

static DEFINE_PER_CPU(struct task_struct *, vmlat_thread_task);
static bool vmlat_threads_registered;

/* vmlat_thread_prio_set - SCHED_FIFO at the knob's priority */
static void vmlat_thread_prio_set(struct task_struct *task)
{
	struct sched_attr attr = {
		.size = sizeof(attr),
		.sched_policy = SCHED_FIFO,
		.sched_priority = READ_ONCE(vmlat_knob.thread_prio),
	};
	int ret = sched_setattr_nocheck(task, &attr);

	if (ret)
		pr_warn("%s: SCHED_FIFO %u refused (%d): the thread stage runs at its default policy\n",
			task->comm, attr.sched_priority, ret);
}

static void vmlat_thread_create(unsigned int cpu)
{
	vmlat_thread_prio_set(per_cpu(vmlat_thread_task, cpu));
}

static int vmlat_thread_should_run(unsigned int cpu)
{
	return READ_ONCE(vmlat_stage_cpu(VMLAT_STAGE_THREAD, cpu)->h.pending);
}

/* vmlat_thread_run - woken by an expiry: record the wake-up */
static void vmlat_thread_run(unsigned int cpu)
{
	u64 woken_ns = ktime_get_ns();
	struct vmlat_split s;
	u64 seq;

	if (!vmlat_stage_record(VMLAT_STAGE_THREAD,
				per_cpu_ptr(vmlat_cpus, cpu), woken_ns, &s,
				&seq))
		return;
	trace_vmlat_wakeup(VMLAT_STAGE_THREAD, seq, &s,
			   READ_ONCE(vmlat_knob.trace_threshold_ns));
}

static struct smp_hotplug_thread vmlat_thread_ht = {
	.store = &vmlat_thread_task,
	.thread_should_run = vmlat_thread_should_run,
	.thread_fn = vmlat_thread_run,
	.create = vmlat_thread_create,
	.thread_comm = "vmlat/%u",
};

/**
 * vmlat_threads_start() - create the threads (the stage is allocated)
 *
 * Takes the hotplug lock itself: call it without the control locks.
 *
 * Return: 0 or -errno from smpboot.
 */
int vmlat_threads_start(void)
{
	int ret;

	if (vmlat_threads_registered)
		return 0;
	ret = smpboot_register_percpu_thread(&vmlat_thread_ht);
	if (ret)
		return ret;
	vmlat_threads_registered = true;
	return 0;
}

/**
 * vmlat_threads_stop() - stop the threads; no CPU kicks them any more
 *
 * Takes the hotplug lock itself: call it without the control locks.
 */
void vmlat_threads_stop(void)
{
	if (!vmlat_threads_registered)
		return;
	smpboot_unregister_percpu_thread(&vmlat_thread_ht);
	vmlat_threads_registered = false;
}

/**
 * vmlat_thread_task_of() - @cpu's thread, for the callback to wake
 * @cpu: a possible CPU
 *
 * Return: the thread, or NULL while the threads are not registered.
 */
struct task_struct *vmlat_thread_task_of(unsigned int cpu)
{
	return per_cpu(vmlat_thread_task, cpu);
}

/**
 * vmlat_threads_prio() - apply the thread_prio knob to every thread
 *
 * Under cpus_read_lock(): the threads of offline CPUs exist (parked) and
 * take it too.
 */
void vmlat_threads_prio(void)
{
	unsigned int cpu;

	if (!vmlat_threads_registered)
		return;
	for_each_possible_cpu(cpu) {
		struct task_struct *task = per_cpu(vmlat_thread_task, cpu);

		if (task)
			vmlat_thread_prio_set(task);
	}
}
