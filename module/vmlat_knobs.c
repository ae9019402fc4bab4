// SPDX-License-Identifier: GPL-2.0
/*
 * vmlat's knobs: module parameters, settable at load time and, as root,
 * in /sys/module/vmlat/parameters/. Not debugfs: under kernel lockdown
 * writable debugfs files cannot even be opened, parameters still work.
 *
 * Every set callback parses strictly (abi/vmlat_grammar.c) before touching
 * anything: a bad value returns -EINVAL and changes nothing, and at load
 * time refuses the load. The grammar is documented in docs/abi.md.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>

#include "vmlat.h"
#include "vmlat_grammar.h"
#include "vmlat_knob_check.h"
#include "vmlat_main.h"
#include "vmlat_state.h"
#include "vmlat_steal.h"

static int vmlat_u64_get(char *buf, u64 v)
{
	return scnprintf(buf, PAGE_SIZE, "%llu\n", v);
}

static int enabled_set(const char *val, const struct kernel_param *kp)
{
	bool on;

	if (vmlat_parse_bool(val, &on))
		return vmlat_knob_invalid(kp, VMLAT_BOOL_ALLOWED);
	return vmlat_ctl_set_enabled(on);
}

static int enabled_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%c\n",
			 READ_ONCE(vmlat_knob.enabled) ? 'Y' : 'N');
}

static const struct kernel_param_ops enabled_ops = {
	.set = enabled_set,
	.get = enabled_get,
};
module_param_cb(enabled, &enabled_ops, NULL, 0644);
MODULE_PARM_DESC(enabled, "Sample on the selected CPUs: " VMLAT_BOOL_ALLOWED " (default Y)");

static int thread_set(const char *val, const struct kernel_param *kp)
{
	bool on;

	if (vmlat_parse_bool(val, &on))
		return vmlat_knob_invalid(kp, VMLAT_BOOL_ALLOWED);
	return vmlat_ctl_set_thread(on);
}

static int thread_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%c\n",
			 READ_ONCE(vmlat_knob.thread) ? 'Y' : 'N');
}

static const struct kernel_param_ops thread_ops = {
	.set = thread_set,
	.get = thread_get,
};
module_param_cb(thread, &thread_ops, NULL, 0644);
MODULE_PARM_DESC(thread, "The kernel-thread stage: each expiry wakes a SCHED_FIFO thread on its CPU, which records its own wake-up lateness: " VMLAT_BOOL_ALLOWED " (default N)");

static int user_set(const char *val, const struct kernel_param *kp)
{
	bool on;

	if (vmlat_parse_bool(val, &on))
		return vmlat_knob_invalid(kp, VMLAT_BOOL_ALLOWED);
	return vmlat_ctl_set_user(on);
}

static int user_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%c\n",
			 READ_ONCE(vmlat_knob.user) ? 'Y' : 'N');
}

static const struct kernel_param_ops user_ops = {
	.set = user_set,
	.get = user_get,
};
module_param_cb(user, &user_ops, NULL, 0644);
MODULE_PARM_DESC(user, "The user stage: a thread bound to CPU N that reads per_cpu/cpuN/wait wakes at each expiry, and its wake-up lateness is recorded: " VMLAT_BOOL_ALLOWED " (default N)");

static int thread_prio_set(const char *val, const struct kernel_param *kp)
{
	u64 prio;
	int ret;

	ret = vmlat_knob_u64(kp, val, VMLAT_THREAD_PRIO_MIN,
			     VMLAT_THREAD_PRIO_MAX, &prio);
	if (ret)
		return ret;
	return vmlat_ctl_set_thread_prio(prio);
}

static int thread_prio_get(char *buf, const struct kernel_param *kp)
{
	return vmlat_u64_get(buf, READ_ONCE(vmlat_knob.thread_prio));
}

static const struct kernel_param_ops thread_prio_ops = {
	.set = thread_prio_set,
	.get = thread_prio_get,
};
module_param_cb(thread_prio, &thread_prio_ops, NULL, 0644);
MODULE_PARM_DESC(thread_prio, "SCHED_FIFO priority of the kernel-thread stage's threads, 1..99 (default 95)");

/*
 * min 50 us: below that a hard-IRQ timer starts to own the CPU; max 1 s;
 * and never below the hrtimer resolution (vmlat_period_floor_us()), or
 * the timers would keep a longer period than the one shown. Checked here
 * rather than in init: parameters given to insmod are set before init
 * runs, and a refusal here refuses the load.
 */
static int period_us_set(const char *val, const struct kernel_param *kp)
{
	u64 us, floor_us;
	int ret;

	ret = vmlat_knob_u64(kp, val, VMLAT_PERIOD_US_MIN, VMLAT_PERIOD_US_MAX,
			     &us);
	if (ret)
		return ret;
	floor_us = vmlat_period_floor_us();
	if (us < floor_us) {
		pr_err_ratelimited("%s: %llu is below the hrtimer resolution of %u ns: high-resolution timers are off (booted highres=off, or no oneshot clock event device); allowed: an integer from %llu to %llu\n",
				   kp->name, us, hrtimer_resolution, floor_us,
				   VMLAT_PERIOD_US_MAX);
		return -EINVAL;
	}
	return vmlat_ctl_set_period(us * NSEC_PER_USEC);
}

static int period_us_get(char *buf, const struct kernel_param *kp)
{
	return vmlat_u64_get(buf,
			     READ_ONCE(vmlat_knob.period_ns) / NSEC_PER_USEC);
}

static const struct kernel_param_ops period_us_ops = {
	.set = period_us_set,
	.get = period_us_get,
};
module_param_cb(period_us, &period_us_ops, NULL, 0644);
MODULE_PARM_DESC(period_us, "Timer period in us, 50..1000000, not below the hrtimer resolution (default 1000, or the resolution if that is longer)");

static int cpus_set(const char *val, const struct kernel_param *kp)
{
	cpumask_var_t mask;
	int ret;

	if (!zalloc_cpumask_var(&mask, GFP_KERNEL))
		return -ENOMEM;
	if (vmlat_parse_cpulist(val, cpumask_bits(mask), nr_cpu_ids) ||
	    !cpumask_subset(mask, cpu_possible_mask))
		ret = vmlat_knob_invalid(kp, "a non-empty cpulist of possible CPUs, e.g. 0-3,6");
	else
		ret = vmlat_ctl_set_cpus(mask);
	free_cpumask_var(mask);
	return ret;
}

static int cpus_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%*pbl\n",
			 cpumask_pr_args(&vmlat_cpus_selected));
}

static const struct kernel_param_ops cpus_ops = {
	.set = cpus_set,
	.get = cpus_get,
};
module_param_cb(cpus, &cpus_ops, NULL, 0644);
MODULE_PARM_DESC(cpus, "CPUs to sample, a cpulist (default: all possible)");

static int reset_set(const char *val, const struct kernel_param *kp)
{
	u64 one;

	if (vmlat_parse_u64(val, 1, 1, &one))
		return vmlat_knob_invalid(kp, "1");
	return vmlat_ctl_reset();
}

static int reset_get(char *buf, const struct kernel_param *kp)
{
	return vmlat_u64_get(buf, 0);
}

static const struct kernel_param_ops reset_ops = {
	.set = reset_set,
	.get = reset_get,
};
module_param_cb(reset, &reset_ops, NULL, 0644);
MODULE_PARM_DESC(reset, "Write 1 to zero all histograms and counters");

/* the sources the steal knob takes (the test build's sim aside) */
#define VMLAT_STEAL_ALLOWED \
	VMLAT_STEAL_NAME_AUTO " " VMLAT_STEAL_NAME_KVM " " \
	VMLAT_STEAL_NAME_KCPUSTAT " " VMLAT_STEAL_NAME_NONE

static int steal_set(const char *val, const struct kernel_param *kp)
{
	enum vmlat_steal_source src;

	if (vmlat_steal_parse(val, &src))
		return vmlat_knob_invalid(kp, VMLAT_STEAL_ALLOWED);
	vmlat_steal_wanted = src;
	return 0;
}

static int steal_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%s\n",
			 vmlat_steal_name(vmlat_steal_wanted));
}

static const struct kernel_param_ops steal_ops = {
	.set = steal_set,
	.get = steal_get,
};
module_param_cb(steal, &steal_ops, NULL, 0444);
MODULE_PARM_DESC(steal, "Steal source, at load time: " VMLAT_STEAL_ALLOWED " (default " VMLAT_STEAL_NAME_AUTO ")");

/* max 2^36 ns, the histograms' top bucket */
static int trace_threshold_ns_set(const char *val,
				  const struct kernel_param *kp)
{
	u64 ns;
	int ret;

	ret = vmlat_knob_u64(kp, val, 0, VMLAT_THRESHOLD_NS_MAX, &ns);
	if (ret)
		return ret;
	return vmlat_ctl_set_trace(ns, READ_ONCE(vmlat_knob.stop_tracing_ns));
}

static int trace_threshold_ns_get(char *buf, const struct kernel_param *kp)
{
	return vmlat_u64_get(buf, READ_ONCE(vmlat_knob.trace_threshold_ns));
}

static const struct kernel_param_ops trace_threshold_ns_ops = {
	.set = trace_threshold_ns_set,
	.get = trace_threshold_ns_get,
};
module_param_cb(trace_threshold_ns, &trace_threshold_ns_ops, NULL, 0644);
MODULE_PARM_DESC(trace_threshold_ns, "vmlat_sample fires for lateness >= this, 0 = every expiry (default 0)");

static int stop_tracing_ns_set(const char *val, const struct kernel_param *kp)
{
	u64 ns;
	int ret;

	ret = vmlat_knob_u64(kp, val, 0, VMLAT_THRESHOLD_NS_MAX, &ns);
	if (ret)
		return ret;
	return vmlat_ctl_set_trace(READ_ONCE(vmlat_knob.trace_threshold_ns),
				   ns);
}

static int stop_tracing_ns_get(char *buf, const struct kernel_param *kp)
{
	return vmlat_u64_get(buf, READ_ONCE(vmlat_knob.stop_tracing_ns));
}

static const struct kernel_param_ops stop_tracing_ns_ops = {
	.set = stop_tracing_ns_set,
	.get = stop_tracing_ns_get,
};
module_param_cb(stop_tracing_ns, &stop_tracing_ns_ops, NULL, 0644);
MODULE_PARM_DESC(stop_tracing_ns, "First expiry with lateness >= this calls tracing_off(), 0 = off (default 0)");

#ifdef VMLAT_TEST
/*
 * sim_sums: "CPU SAMPLES LATENESS_SUM STEAL_SUM STOLEN SELF_SUM ELAPSED"
 * (ns) replaces the statistics of a CPU that is not sampling, for tests
 * of the readers at sums no test run could reach (docs/abi.md, Overflow).
 * Test build only; it is a knob on the control functions, as the others
 * here are, so it lives here and not with the simulator.
 */
static int sim_sums_set(const char *val, const struct kernel_param *kp)
{
	struct vmlat_preload p;
	u64 v[7];

	if (vmlat_parse_u64_list(val, v, ARRAY_SIZE(v)) ||
	    v[0] >= nr_cpu_ids || !cpu_possible(v[0]) || !v[1] ||
	    v[4] > v[2] || v[4] > v[3]) {
		pr_err("sim_sums: CPU SAMPLES LATENESS_SUM STEAL_SUM STOLEN SELF_SUM ELAPSED: a possible CPU, SAMPLES > 0, STOLEN <= both sums\n");
		return -EINVAL;
	}
	p.samples = v[1];
	p.lateness_sum_ns = v[2];
	p.steal_sum_ns = v[3];
	p.stolen_ns = v[4];
	p.self_sum_ns = v[5];
	p.elapsed_ns = v[6];
	switch (vmlat_ctl_preload(v[0], &p)) {
	case 0:
		return 0;
	case -ENODEV:
		pr_err("sim_sums: cpu%llu has no steal source: STEAL_SUM and STOLEN must be 0\n",
		       v[0]);
		return -EINVAL;
	default:
		pr_err("sim_sums: only at run time, on a CPU that is not sampling (enabled=0)\n");
		return -EINVAL;
	}
}

static const struct kernel_param_ops sim_sums_ops = {
	.set = sim_sums_set,
};
vmlat_test_param(sim_sums, &sim_sums_ops, NULL, 0200,
		 "CPU SAMPLES LATENESS_SUM STEAL_SUM STOLEN SELF_SUM ELAPSED, planted on a stopped CPU");
#endif /* VMLAT_TEST */
