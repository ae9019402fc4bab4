// SPDX-License-Identifier: GPL-2.0
/*
 * Test build only ("make VMLAT_TEST=1"): faults on demand.
 *
 * sim_fail_init_ms=N (load time only) makes init wait N ms at its last step
 * that can fail, with everything before it set up, and then fail. The wait
 * is the window in which a test tries to reach the half-loaded module from
 * user space (its files, its knobs), as a user could; the failure then
 * exercises init's unwinding.
 *
 * sim_trace_delay_ms=N (run time too) makes every write of the trace knobs
 * wait N ms halfway through publishing them, after stop_tracing_ns and
 * before the trace floor: the window in which a timer callback could see
 * one knob's new value with another's old one (88-trace-stop-race.sh).
 *
 * sim_exit_delay_ms=N (run time too) makes module exit wait N ms once it
 * has left the live state and before it removes its hotplug state: the
 * window in which a CPU coming online meets an exiting vmlat
 * (68-hotplug-exiting.sh).
 *
 * sim_torn_reads=1 (run time) makes every snapshot of a CPU's statistics go
 * the way of a copy torn at each of its tries: the CPU copies them itself
 * by IPI, or, while it is not up for vmlat, the reader copies them under
 * the control locks (56-snapshot-fallback.sh).
 *
 * sim_stall="CPU MS" (run time) holds CPU for MS ms with interrupts off, in
 * an IPI the write does not wait for: a host not running that vCPU. Its
 * timer interrupt and any IPI sent meanwhile are pending at the end, the
 * IPIs first (the call-function queue runs in the same interrupt), as when
 * a host resumes a vCPU (57-period-in-stall.sh).
 *
 * The default and DKMS builds do not compile this file: their modinfo has
 * no sim_fail_init_ms (the sim_ prefix marks every test-build knob, and the
 * packaging tests check for it).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/smp.h>

#include "vmlat.h"
#include "vmlat_fault.h"
#include "vmlat_knob_check.h"

/*
 * struct vmlat_fault_ms - a wait in ms, 0 = off, at most @max: the one
 * shape of every knob here, parsed by one set and shown by one get
 */
struct vmlat_fault_ms {
	unsigned int ms;
	unsigned int max;
};

static struct vmlat_fault_ms vmlat_fail_init = { .max = 10000 };
static struct vmlat_fault_ms vmlat_trace_delay = { .max = 1000 };
static struct vmlat_fault_ms vmlat_exit_delay = { .max = 10000 };

static int vmlat_fault_ms_set(const char *val, const struct kernel_param *kp)
{
	struct vmlat_fault_ms *f = kp->arg;
	u64 v;
	int ret;

	ret = vmlat_knob_u64(kp, val, 0, f->max, &v);
	if (ret)
		return ret;
	WRITE_ONCE(f->ms, v);
	return 0;
}

static int vmlat_fault_ms_get(char *buf, const struct kernel_param *kp)
{
	const struct vmlat_fault_ms *f = kp->arg;

	return scnprintf(buf, PAGE_SIZE, "%u\n", READ_ONCE(f->ms));
}

static const struct kernel_param_ops vmlat_fault_ms_ops = {
	.set = vmlat_fault_ms_set,
	.get = vmlat_fault_ms_get,
};

vmlat_test_param(sim_fail_init_ms, &vmlat_fault_ms_ops, &vmlat_fail_init,
		 0444, "init waits this many ms at its last step that can fail, then fails; 0 = off, max 10000 (default 0)");
vmlat_test_param(sim_trace_delay_ms, &vmlat_fault_ms_ops, &vmlat_trace_delay,
		 0644, "each trace knob write waits this many ms between publishing stop_tracing_ns and the trace floor; 0 = off, max 1000 (default 0)");
vmlat_test_param(sim_exit_delay_ms, &vmlat_fault_ms_ops, &vmlat_exit_delay,
		 0644, "module exit waits this many ms between leaving the live state and removing its hotplug state; 0 = off, max 10000 (default 0)");

static bool vmlat_torn_reads;

static int vmlat_torn_reads_set(const char *val, const struct kernel_param *kp)
{
	bool on;

	if (vmlat_parse_bool(val, &on))
		return vmlat_knob_invalid(kp, VMLAT_BOOL_ALLOWED);
	WRITE_ONCE(vmlat_torn_reads, on);
	return 0;
}

static const struct kernel_param_ops vmlat_torn_reads_ops = {
	.set = vmlat_torn_reads_set,
	.get = param_get_bool,
};
vmlat_test_param(sim_torn_reads, &vmlat_torn_reads_ops, &vmlat_torn_reads,
		 0644, "1 = every snapshot skips its tries under the seqcount, as if each copy were torn (default 0)");

/* The stall's length, for the IPI to read; sim_stall takes 1..1000 ms. */
#define VMLAT_STALL_MS_MAX	1000
static u64 vmlat_stall_ns;

static void vmlat_stall_local(void *arg)
{
	u64 start_ns = ktime_get_ns();
	u64 stall_ns = READ_ONCE(vmlat_stall_ns);

	while (ktime_get_ns() - start_ns < stall_ns)
		cpu_relax();
}

static int vmlat_stall_set(const char *val, const struct kernel_param *kp)
{
	u64 v[2];

	if (vmlat_parse_u64_list(val, v, ARRAY_SIZE(v)) ||
	    v[0] >= nr_cpu_ids || !v[1] || v[1] > VMLAT_STALL_MS_MAX)
		return vmlat_knob_invalid(kp, "CPU MS: an online CPU, MS 1..1000");
	WRITE_ONCE(vmlat_stall_ns, v[1] * NSEC_PER_MSEC);
	/* not waited for: the writer's CPU may be the one stalled */
	if (smp_call_function_single(v[0], vmlat_stall_local, NULL, 0))
		return vmlat_knob_invalid(kp, "CPU MS: an online CPU, MS 1..1000");
	return 0;
}

static const struct kernel_param_ops vmlat_stall_ops = {
	.set = vmlat_stall_set,
};
vmlat_test_param(sim_stall, &vmlat_stall_ops, NULL, 0200,
		 "CPU MS: hold CPU for MS ms (1..1000) with interrupts off, as a host not running it");

/**
 * vmlat_fault_init() - the forced failure, when sim_fail_init_ms asks for it
 *
 * Return: 0, or -EAGAIN after the wait.
 */
int vmlat_fault_init(void)
{
	unsigned int ms = READ_ONCE(vmlat_fail_init.ms);

	if (!ms)
		return 0;
	pr_info("test build: sim_fail_init_ms=%u: init fails after the wait\n",
		ms);
	msleep(ms);
	return -EAGAIN;
}

/**
 * vmlat_fault_trace_delay() - the wait inside a trace knob write, if asked
 *
 * Process context, under the control locks.
 */
void vmlat_fault_trace_delay(void)
{
	unsigned int ms = READ_ONCE(vmlat_trace_delay.ms);

	if (ms)
		msleep(ms);
}

/**
 * vmlat_fault_exit_delay() - the wait inside module exit, if asked
 *
 * Process context, no locks held: CPUs may come and go meanwhile.
 */
void vmlat_fault_exit_delay(void)
{
	unsigned int ms = READ_ONCE(vmlat_exit_delay.ms);

	if (!ms)
		return;
	pr_info("test build: sim_exit_delay_ms=%u: exit waits before removing its hotplug state\n",
		ms);
	msleep(ms);
}

/**
 * vmlat_fault_torn_reads() - should this snapshot skip its tries?
 *
 * Return: sim_torn_reads.
 */
bool vmlat_fault_torn_reads(void)
{
	return READ_ONCE(vmlat_torn_reads);
}
