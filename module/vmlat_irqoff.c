// SPDX-License-Identifier: GPL-2.0
/*
 * Test build only ("make VMLAT_TEST=1"): a guest that holds interrupts
 * off, the known cause the culprit attribution must find
 * (tests/guest/tests/38-cause-irqoff.sh, docs/steal.md).
 *
 * sim_irqoff=CPU US HZ starts a SCHED_FIFO kernel thread bound to CPU
 * that, HZ times a second, holds interrupts off for US microseconds,
 * then works on for a while with them on, so that a timer interrupt held
 * by the window is taken in this file's function, right after its STI.
 * When vmlat's timer on that CPU was due inside the window and fired as
 * soon as interrupts came back on, it adds to sim_irqoff_stats the delay
 * it caused: from the expiry (or the window's start, if the timer was
 * already due) to the window's end. "sim_irqoff=0 0 0" stops it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/sysfs.h>

#include "vmlat.h"
#include "vmlat_grammar.h"
#include "vmlat_irqoff.h"
#include "vmlat_knob_check.h"
#include "vmlat_state.h"

#define VMLAT_IRQOFF_US_MAX	10000
#define VMLAT_IRQOFF_HZ_MAX	1000
/* at most a fifth of the CPU with interrupts off */
#define VMLAT_IRQOFF_MAX_US_PER_S	200000
/* the work after each window, with interrupts on */
#define VMLAT_IRQOFF_AFTER_NS	(20 * NSEC_PER_USEC)

static DEFINE_MUTEX(vmlat_irqoff_lock);
static struct task_struct *vmlat_irqoff_task;
static bool vmlat_irqoff_stopped;	/* exit began: no new thread */
static unsigned int vmlat_irqoff_cpu, vmlat_irqoff_us, vmlat_irqoff_hz;
/* written by the thread only, read by the stats knob */
static u64 vmlat_irqoff_windows, vmlat_irqoff_hits, vmlat_irqoff_injected_ns;

/* vmlat_irqoff_spin - spin until @ns have passed since @start_ns */
static void vmlat_irqoff_spin(u64 start_ns, u64 ns)
{
	while (ktime_get_ns() - start_ns < ns)
		cpu_relax();
}

/*
 * vmlat_irqoff_window - one window; noinline, so that the culprit site
 * vmlat reports is this function
 */
static noinline void vmlat_irqoff_window(struct vmlat_cpu *vc, u64 us)
{
	u64 start_ns, end_ns, due_ns;

	local_irq_disable();
	start_ns = ktime_get_ns();
	vmlat_irqoff_spin(start_ns, us * NSEC_PER_USEC);
	/* the timer cannot fire meanwhile: its state is stable */
	due_ns = hrtimer_is_queued(&vc->timer) ?
		 ktime_to_ns(hrtimer_get_expires(&vc->timer)) : U64_MAX;
	end_ns = ktime_get_ns();
	WRITE_ONCE(vmlat_irqoff_windows, vmlat_irqoff_windows + 1);
	local_irq_enable();
	/*
	 * A timer interrupt that was pending is taken right after the STI,
	 * before this read: the timer has moved on. One due in the window
	 * but not yet raised (an emulator's timer thread can lag) comes
	 * later, elsewhere: the window did not hold it.
	 */
	if (due_ns < end_ns &&
	    ktime_to_ns(hrtimer_get_expires(&vc->timer)) != due_ns) {
		WRITE_ONCE(vmlat_irqoff_hits, vmlat_irqoff_hits + 1);
		WRITE_ONCE(vmlat_irqoff_injected_ns, vmlat_irqoff_injected_ns +
			   end_ns - max(due_ns, start_ns));
	}
	/* and on with interrupts on, as code goes on after its section */
	vmlat_irqoff_spin(ktime_get_ns(), VMLAT_IRQOFF_AFTER_NS);
}

static int vmlat_irqoff_fn(void *arg)
{
	unsigned int us = READ_ONCE(vmlat_irqoff_us);
	u64 period_us = USEC_PER_SEC / READ_ONCE(vmlat_irqoff_hz);
	struct vmlat_cpu *vc = per_cpu_ptr(vmlat_cpus,
					   READ_ONCE(vmlat_irqoff_cpu));

	sched_set_fifo(current);
	while (!kthread_should_stop()) {
		vmlat_irqoff_window(vc, us);
		usleep_range(period_us, period_us + 10);
	}
	return 0;
}

/* vmlat_irqoff_end - stop the thread, if any; under vmlat_irqoff_lock */
static void vmlat_irqoff_end(void)
{
	if (vmlat_irqoff_task) {
		kthread_stop(vmlat_irqoff_task);
		vmlat_irqoff_task = NULL;
	}
}

static int sim_irqoff_set(const char *val, const struct kernel_param *kp)
{
	struct task_struct *t;
	u64 v[3];
	int ret = 0;

	if (vmlat_parse_u64_list(val, v, ARRAY_SIZE(v)) ||
	    v[0] >= nr_cpu_ids || v[1] > VMLAT_IRQOFF_US_MAX ||
	    v[2] > VMLAT_IRQOFF_HZ_MAX || !v[1] != !v[2] ||
	    v[1] * v[2] > VMLAT_IRQOFF_MAX_US_PER_S)
		return vmlat_knob_invalid(kp, "CPU US HZ: an online CPU, US 1..10000 and HZ 1..1000 with US x HZ <= 200000, or 0 0 to stop");
	mutex_lock(&vmlat_irqoff_lock);
	/* the percpu samplers exist from init to exit */
	if (vmlat_irqoff_stopped || !vmlat_cpus) {
		ret = vmlat_knob_invalid(kp, "write it once the module is loaded");
		goto out;
	}
	vmlat_irqoff_end();
	if (!v[1])
		goto out;
	if (!cpu_online(v[0])) {
		ret = vmlat_knob_invalid(kp, "CPU US HZ: an online CPU");
		goto out;
	}
	vmlat_irqoff_cpu = v[0];
	vmlat_irqoff_us = v[1];
	vmlat_irqoff_hz = v[2];
	WRITE_ONCE(vmlat_irqoff_windows, 0);
	WRITE_ONCE(vmlat_irqoff_hits, 0);
	WRITE_ONCE(vmlat_irqoff_injected_ns, 0);
	t = kthread_create_on_cpu(vmlat_irqoff_fn, NULL, v[0], "vmlat_irqoff/%u");
	if (IS_ERR(t)) {
		ret = PTR_ERR(t);
		goto out;
	}
	vmlat_irqoff_task = t;
	wake_up_process(t);
out:
	mutex_unlock(&vmlat_irqoff_lock);
	return ret;
}

static const struct kernel_param_ops sim_irqoff_ops = {
	.set = sim_irqoff_set,
};
vmlat_test_param(sim_irqoff, &sim_irqoff_ops, NULL, 0200,
		 "CPU US HZ: a kernel thread on CPU holds interrupts off for US us HZ times a second; 0 0 0 stops it");

static int sim_irqoff_stats_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "windows=%llu hits=%llu injected_ns=%llu\n",
			  READ_ONCE(vmlat_irqoff_windows),
			  READ_ONCE(vmlat_irqoff_hits),
			  READ_ONCE(vmlat_irqoff_injected_ns));
}

static const struct kernel_param_ops sim_irqoff_stats_ops = {
	.get = sim_irqoff_stats_get,
};
vmlat_test_param(sim_irqoff_stats, &sim_irqoff_stats_ops, NULL, 0444,
		 "sim_irqoff's windows, those that held vmlat's timer (hits), and the delay they added to it");

/**
 * vmlat_irqoff_stop() - stop the thread for good; at exit, before the
 * samplers are freed
 */
void vmlat_irqoff_stop(void)
{
	mutex_lock(&vmlat_irqoff_lock);
	vmlat_irqoff_stopped = true;
	vmlat_irqoff_end();
	mutex_unlock(&vmlat_irqoff_lock);
}
