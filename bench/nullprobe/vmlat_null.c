// SPDX-License-Identifier: GPL-2.0
/*
 * vmlat_null: the floor vmlat is measured against. One hrtimer per CPU of
 * cpus= (default: every online CPU), set up exactly as vmlat's sampler
 * sets up its own (CLOCK_MONOTONIC, absolute, pinned, hard-IRQ, armed from
 * its own CPU), whose callback does nothing but re-arm one period later.
 * Built only by the benchmarks and the platform tests
 * (bench/nullprobe/Kbuild), never installed.
 *
 * cpus= lets a benchmark put the floor on the one CPU vmlat samples there
 * (vmlat's own cpus=), so the two are compared interrupt for interrupt
 * (bench/guest-lean.sh). CPUs that go offline while it is loaded keep no
 * timer (the hrtimer core migrates it); the benchmarks and platform tests
 * do no hotplug.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/smp.h>

#include "compat.h"

static unsigned int period_us = 1000;
module_param(period_us, uint, 0444);
MODULE_PARM_DESC(period_us, "timer period in microseconds (50..1000000, load time)");

static struct cpumask vmlat_null_cpus;	/* asked for by cpus= */
static bool vmlat_null_cpus_given;
static struct cpumask vmlat_null_armed;	/* cpus= and online at load */

/* cpus: a cpulist ("1", "0,2-3") at load; the empty list is refused */
static int vmlat_null_cpus_set(const char *val, const struct kernel_param *kp)
{
	int ret = cpulist_parse(val, &vmlat_null_cpus);

	if (ret || cpumask_empty(&vmlat_null_cpus)) {
		pr_err("cpus=%s: want a non-empty cpulist, e.g. 1 or 0,2-3\n", val);
		cpumask_clear(&vmlat_null_cpus);
		return ret ? ret : -EINVAL;
	}
	vmlat_null_cpus_given = true;
	return 0;
}

static int vmlat_null_cpus_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%*pbl\n",
			 cpumask_pr_args(&vmlat_null_armed));
}

static const struct kernel_param_ops vmlat_null_cpus_ops = {
	.set = vmlat_null_cpus_set,
	.get = vmlat_null_cpus_get,
};
module_param_cb(cpus, &vmlat_null_cpus_ops, NULL, 0444);
MODULE_PARM_DESC(cpus, "CPUs to arm a timer on, a cpulist, load time (default: all online); reads back the CPUs armed");

static DEFINE_PER_CPU(struct hrtimer, vmlat_null_timer);
static u64 vmlat_null_period_ns;

/* vmlat_null_fn - an expiry: re-arm one period later, past now */
static enum hrtimer_restart vmlat_null_fn(struct hrtimer *timer)
{
	hrtimer_forward_now(timer, ns_to_ktime(vmlat_null_period_ns));
	return HRTIMER_RESTART;
}

/* vmlat_null_arm - on the CPU itself, by IPI: set up and start its timer */
static void vmlat_null_arm(void *unused)
{
	struct hrtimer *timer = this_cpu_ptr(&vmlat_null_timer);

	hrtimer_setup(timer, vmlat_null_fn, CLOCK_MONOTONIC,
		      HRTIMER_MODE_ABS_PINNED_HARD);
	hrtimer_start(timer, ns_to_ktime(ktime_get_ns() + vmlat_null_period_ns),
		      HRTIMER_MODE_ABS_PINNED_HARD);
}

static int __init vmlat_null_init(void)
{
	if (period_us < 50 || period_us > 1000000) {
		pr_err("period_us=%u is out of range: 50..1000000\n", period_us);
		return -EINVAL;
	}
	vmlat_null_period_ns = (u64)period_us * NSEC_PER_USEC;

	/* the online mask must not change between the check and the IPIs */
	cpus_read_lock();
	if (vmlat_null_cpus_given)
		cpumask_and(&vmlat_null_armed, &vmlat_null_cpus, cpu_online_mask);
	else
		cpumask_copy(&vmlat_null_armed, cpu_online_mask);
	if (cpumask_empty(&vmlat_null_armed)) {
		cpus_read_unlock();
		pr_err("cpus=%*pbl: none of them is online\n",
		       cpumask_pr_args(&vmlat_null_cpus));
		return -EINVAL;
	}
	on_each_cpu_mask(&vmlat_null_armed, vmlat_null_arm, NULL, true);
	cpus_read_unlock();

	pr_info("empty hrtimers every %u us on CPUs %*pbl\n", period_us,
		cpumask_pr_args(&vmlat_null_armed));
	return 0;
}

static void __exit vmlat_null_exit(void)
{
	int cpu;

	for_each_cpu(cpu, &vmlat_null_armed)
		hrtimer_cancel(per_cpu_ptr(&vmlat_null_timer, cpu));
}

module_init(vmlat_null_init);
module_exit(vmlat_null_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vmlat's floor: empty pinned hard-IRQ hrtimers (benchmarks only)");
