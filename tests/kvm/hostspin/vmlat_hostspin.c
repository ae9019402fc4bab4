// SPDX-License-Identifier: GPL-2.0
/*
 * The nested tier's host delay that no steal clock counts
 * (tests/kvm/run.sh, docs/steal.md): loaded in L1, the KVM host, it arms
 * a hard-IRQ hrtimer pinned to L1 CPU cpu= and spins in its callback for
 * us= microseconds, hz= times a second. L2's vCPU thread, pinned to that
 * CPU, is interrupted, not preempted: its run_delay, which KVM publishes
 * to L2 as steal, does not grow, and an L2 timer due meanwhile fires
 * late by up to us=. The stats parameter (read-only) counts the spins
 * and the time spent in them.
 *
 * A spin never starts while a task waits for the CPU (need_resched()):
 * when L2 idles, KVM's timer for L2 wakes the vCPU thread from an
 * hrtimer of its own, and when that one ran first in the same interrupt
 * (under TCG, L1's interrupts come late enough for both to be due at
 * once, almost always) the spin would keep the woken vCPU thread waiting
 * in the run queue: run_delay, steal, what the hog phases inject. That
 * spin is deferred by HOSTSPIN_DEFER_NS instead, and counted.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/smp.h>

#define HOSTSPIN_US_MAX	20000
#define HOSTSPIN_HZ_MAX	100
#define HOSTSPIN_DEFER_NS	(100 * NSEC_PER_USEC)

static unsigned int cpu = 1;
module_param(cpu, uint, 0444);
MODULE_PARM_DESC(cpu, "the L1 CPU to spin on (default 1)");
static unsigned int us = 5000;
module_param(us, uint, 0444);
MODULE_PARM_DESC(us, "microseconds each spin lasts (default 5000)");
static unsigned int hz = 20;
module_param(hz, uint, 0444);
MODULE_PARM_DESC(hz, "spins a second (default 20)");

static struct hrtimer hostspin_timer;
/* written by the callback only, on one CPU */
static u64 hostspin_spins, hostspin_spun_ns, hostspin_deferred;

static enum hrtimer_restart hostspin_fn(struct hrtimer *t)
{
	u64 start_ns = ktime_get_ns(), ns = (u64)us * NSEC_PER_USEC;

	if (need_resched()) {
		WRITE_ONCE(hostspin_deferred, hostspin_deferred + 1);
		hrtimer_forward_now(t, ns_to_ktime(HOSTSPIN_DEFER_NS));
		return HRTIMER_RESTART;
	}
	while (ktime_get_ns() - start_ns < ns)
		cpu_relax();
	WRITE_ONCE(hostspin_spins, hostspin_spins + 1);
	WRITE_ONCE(hostspin_spun_ns,
		   hostspin_spun_ns + ktime_get_ns() - start_ns);
	hrtimer_forward_now(t, ns_to_ktime(NSEC_PER_SEC / hz));
	return HRTIMER_RESTART;
}

/* hostspin_arm - on the target CPU: a pinned timer stays on its CPU */
static void hostspin_arm(void *unused)
{
	hrtimer_start(&hostspin_timer, ns_to_ktime(NSEC_PER_SEC / hz),
		      HRTIMER_MODE_REL_PINNED_HARD);
}

static int hostspin_stats_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "spins=%llu spun_ns=%llu deferred=%llu\n",
			  READ_ONCE(hostspin_spins),
			  READ_ONCE(hostspin_spun_ns),
			  READ_ONCE(hostspin_deferred));
}

static const struct kernel_param_ops hostspin_stats_ops = {
	.get = hostspin_stats_get,
};
module_param_cb(stats, &hostspin_stats_ops, NULL, 0444);
MODULE_PARM_DESC(stats, "spins=N spun_ns=NS deferred=N so far");

static int __init hostspin_init(void)
{
	int ret;

	if (!us || us > HOSTSPIN_US_MAX || !hz || hz > HOSTSPIN_HZ_MAX ||
	    (u64)us * hz >= USEC_PER_SEC / 2) {
		pr_err("us=%u hz=%u: want 1..%u us, 1..%u Hz, under half the CPU\n",
		       us, hz, HOSTSPIN_US_MAX, HOSTSPIN_HZ_MAX);
		return -EINVAL;
	}
	if (cpu >= nr_cpu_ids || !cpu_online(cpu)) {
		pr_err("cpu=%u is not online\n", cpu);
		return -EINVAL;
	}
	hrtimer_init(&hostspin_timer, CLOCK_MONOTONIC,
		     HRTIMER_MODE_REL_PINNED_HARD);
	hostspin_timer.function = hostspin_fn;
	ret = smp_call_function_single(cpu, hostspin_arm, NULL, 1);
	if (ret)
		pr_err("cannot arm the timer on cpu%u: %d\n", cpu, ret);
	return ret;
}

static void __exit hostspin_exit(void)
{
	hrtimer_cancel(&hostspin_timer);
}

module_init(hostspin_init);
module_exit(hostspin_exit);
MODULE_DESCRIPTION("vmlat's nested tier: host delay KVM does not count as steal");
MODULE_LICENSE("GPL");
