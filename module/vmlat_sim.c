// SPDX-License-Identifier: GPL-2.0
/*
 * Test build only ("make VMLAT_TEST=1"): a host simulator for steal.
 *
 * On each CPU of sim_cpus, sim_rate_hz times a second, a hard-IRQ timer
 * takes the CPU away for sim_block_us with interrupts off, as a host does
 * when it deschedules a vCPU: the guest cannot run, so a vmlat timer due
 * in that window fires late. Then it publishes steal += sim_block_us (the
 * nominal block: an emulator's own hiccups during the spin are not the
 * simulated host's), in a struct kvm_steal_time of its own, with the
 * host's protocol (version odd, update, version even). With steal=sim the
 * sampler reads that struct with the very code it uses for KVM's.
 *
 * sim_rate_hz x sim_block_us is at most half a second per second, so the
 * simulated guest still runs. Every CPU gets a steal area; only those in
 * sim_cpus are stolen from, while they are online.
 *
 * The default and DKMS builds do not compile this file: their modinfo
 * has no sim_* parameters.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/hrtimer.h>
#include <linux/kernel.h>
#include <linux/kvm_para.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <asm/barrier.h>

#include "compat.h"
#include "vmlat.h"
#include "vmlat_grammar.h"
#include "vmlat_knob_check.h"
#include "vmlat_sim.h"

/* struct vmlat_sim_cpu - the simulated host's view of one vCPU */
struct vmlat_sim_cpu {
	struct kvm_steal_time kst __aligned(64);
	struct hrtimer timer;
	unsigned int cpu;
};

static struct cpumask vmlat_sim_cpus;
static struct cpumask vmlat_sim_absent;	/* CPUs with no area at all */
static bool vmlat_sim_stuck;	/* every area's version odd and frozen */
/*
 * Serialises knob writes against the areas' allocation and freeing, and
 * the rate and block knobs against each other.
 */
static DEFINE_MUTEX(vmlat_sim_lock);
static unsigned int vmlat_sim_rate_hz = 40;	/* min 1, max 1000 */
static unsigned int vmlat_sim_block_us = 500;	/* min 1, max 100000 */
/*
 * rate x block: the share of each simulated CPU taken with interrupts
 * off. At most half of it, so that the guest still runs: max 500 ms/s.
 */
#define VMLAT_SIM_MAX_US_PER_S	500000ULL
static struct vmlat_sim_cpu *vmlat_sims;

/* sim_cpus and sim_absent_cpus: a cpulist of possible CPUs (kp->arg) */
static int sim_cpulist_set(const char *val, const struct kernel_param *kp)
{
	struct cpumask *mask = kp->arg;

	if (vmlat_parse_cpulist(val, cpumask_bits(mask), nr_cpu_ids) ||
	    !cpumask_subset(mask, cpu_possible_mask)) {
		cpumask_clear(mask);
		pr_err("%s: a cpulist of possible CPUs\n", kp->name);
		return -EINVAL;
	}
	return 0;
}

static int sim_cpulist_get(char *buf, const struct kernel_param *kp)
{
	const struct cpumask *mask = kp->arg;

	return scnprintf(buf, PAGE_SIZE, "%*pbl\n", cpumask_pr_args(mask));
}

static const struct kernel_param_ops sim_cpulist_ops = {
	.set = sim_cpulist_set,
	.get = sim_cpulist_get,
};
vmlat_test_param(sim_cpus, &sim_cpulist_ops, &vmlat_sim_cpus, 0444,
		 "CPUs the simulated host steals from");
/*
 * sim_absent_cpus: CPUs the simulated host gives no steal area, as a host
 * that offers steal time to some vCPUs only: steal=sim is then missing
 * there, the case of a forced source a CPU lacks.
 */
vmlat_test_param(sim_absent_cpus, &sim_cpulist_ops, &vmlat_sim_absent, 0444,
		 "CPUs the simulated host gives no steal area (steal=sim is missing there)");

/* vmlat_sim_over_cap - is rate x block above the cap? Logs why if it is. */
static bool vmlat_sim_over_cap(u64 rate_hz, u64 block_us)
{
	if (rate_hz * block_us <= VMLAT_SIM_MAX_US_PER_S)
		return false;
	pr_err("sim_rate_hz x sim_block_us = %llu x %llu = %llu us/s: at most %llu (half of each second)\n",
	       rate_hz, block_us, rate_hz * block_us, VMLAT_SIM_MAX_US_PER_S);
	return true;
}

/*
 * sim_uint_set - sim_rate_hz or sim_block_us, in [min, max]; once the
 * simulator runs, also rate x block within the cap (before, the
 * parameters come in any order: vmlat_sim_start() checks the product).
 */
static int sim_uint_set(const struct kernel_param *kp, const char *val,
			unsigned int *dst, u64 min, u64 max)
{
	u64 v, rate, block;
	int ret;

	ret = vmlat_knob_u64(kp, val, min, max, &v);
	if (ret)
		return ret;
	mutex_lock(&vmlat_sim_lock);
	rate = dst == &vmlat_sim_rate_hz ? v : vmlat_sim_rate_hz;
	block = dst == &vmlat_sim_block_us ? v : vmlat_sim_block_us;
	if (vmlat_sims && vmlat_sim_over_cap(rate, block))
		ret = -EINVAL;
	else
		WRITE_ONCE(*dst, v);
	mutex_unlock(&vmlat_sim_lock);
	return ret;
}

static int sim_rate_hz_set(const char *val, const struct kernel_param *kp)
{
	return sim_uint_set(kp, val, &vmlat_sim_rate_hz, 1, 1000);
}

static const struct kernel_param_ops sim_rate_hz_ops = {
	.set = sim_rate_hz_set,
	.get = param_get_uint,
};
vmlat_test_param(sim_rate_hz, &sim_rate_hz_ops, &vmlat_sim_rate_hz, 0644,
		 "steal events per second, 1..1000, x sim_block_us <= 500000 (default 40)");

static int sim_block_us_set(const char *val, const struct kernel_param *kp)
{
	return sim_uint_set(kp, val, &vmlat_sim_block_us, 1, 100000);
}

static const struct kernel_param_ops sim_block_us_ops = {
	.set = sim_block_us_set,
	.get = param_get_uint,
};
vmlat_test_param(sim_block_us, &sim_block_us_ops, &vmlat_sim_block_us, 0644,
		 "length of each steal event in us, 1..100000, x sim_rate_hz <= 500000 (default 500)");

/*
 * vmlat_sim_stick_local - make @arg's area match sim_stuck: odd version
 * while stuck, even otherwise. On the area's CPU with interrupts off, so
 * neither the simulator's timer nor the sampler's is halfway through it.
 */
static void vmlat_sim_stick_local(void *arg)
{
	struct kvm_steal_time *kst = arg;

	if ((kst->version & 1) != READ_ONCE(vmlat_sim_stuck))
		WRITE_ONCE(kst->version, kst->version + 1);
}

/*
 * sim_stuck: 1 = every simulated steal area holds an odd version that
 * never changes, as if the host had died halfway through an update; 0 =
 * even again, and the simulator publishes steal again.
 */
static int sim_stuck_set(const char *val, const struct kernel_param *kp)
{
	unsigned int cpu;
	bool stuck;

	if (vmlat_parse_bool(val, &stuck)) {
		pr_err("%s: " VMLAT_BOOL_ALLOWED "\n", kp->name);
		return -EINVAL;
	}
	mutex_lock(&vmlat_sim_lock);
	cpus_read_lock();
	WRITE_ONCE(vmlat_sim_stuck, stuck);
	/* before vmlat_sim_start() there are no areas: it sets them up */
	if (vmlat_sims) {
		for_each_possible_cpu(cpu) {
			struct kvm_steal_time *kst = &vmlat_sims[cpu].kst;

			if (cpu_online(cpu))
				smp_call_function_single(cpu,
							 vmlat_sim_stick_local,
							 kst, 1);
			else
				vmlat_sim_stick_local(kst);
		}
	}
	cpus_read_unlock();
	mutex_unlock(&vmlat_sim_lock);
	return 0;
}

static const struct kernel_param_ops sim_stuck_ops = {
	.set = sim_stuck_set,
	.get = param_get_bool,
};
vmlat_test_param(sim_stuck, &sim_stuck_ops, &vmlat_sim_stuck, 0644,
		 "1 = the steal areas' version is odd and never changes (default 0)");

/* vmlat_sim_fn - the host takes the vCPU away, then accounts for it */
static enum hrtimer_restart vmlat_sim_fn(struct hrtimer *timer)
{
	struct vmlat_sim_cpu *sc = container_of(timer, struct vmlat_sim_cpu,
						timer);
	u64 block_ns = (u64)READ_ONCE(vmlat_sim_block_us) * NSEC_PER_USEC;
	u64 start_ns = ktime_get_ns();

	/* A pinned timer moves when its CPU dies: steal nothing elsewhere. */
	if (smp_processor_id() != sc->cpu)
		return HRTIMER_NORESTART;
	/* sim_stuck: a host that never finishes its update publishes nothing */
	if (sc->kst.version & 1)
		goto next;

	while (ktime_get_ns() - start_ns < block_ns)
		cpu_relax();

	WRITE_ONCE(sc->kst.version, sc->kst.version + 1);
	/* version odd before steal changes; pairs with the reader's rmb */
	virt_wmb();
	WRITE_ONCE(sc->kst.steal, sc->kst.steal + block_ns);
	/* steal written before version turns even again */
	virt_wmb();
	WRITE_ONCE(sc->kst.version, sc->kst.version + 1);

next:
	hrtimer_forward_now(timer, ns_to_ktime(NSEC_PER_SEC /
					       READ_ONCE(vmlat_sim_rate_hz)));
	return HRTIMER_RESTART;
}

static void vmlat_sim_arm_local(void *arg)
{
	struct vmlat_sim_cpu *sc = arg;

	hrtimer_start(&sc->timer,
		      ns_to_ktime(ktime_get_ns() + NSEC_PER_SEC /
				  READ_ONCE(vmlat_sim_rate_hz)),
		      HRTIMER_MODE_ABS_PINNED_HARD);
}

/**
 * vmlat_sim_online() - a CPU of sim_cpus came back: rob it again
 * @cpu: the CPU, from its hotplug online callback, which runs there
 *
 * Its timer stopped itself when the CPU went offline (vmlat_sim_fn()).
 */
void vmlat_sim_online(unsigned int cpu)
{
	struct vmlat_sim_cpu *sc;

	if (!vmlat_sims || !cpumask_test_cpu(cpu, &vmlat_sim_cpus))
		return;
	sc = &vmlat_sims[cpu];
	if (!hrtimer_active(&sc->timer))
		vmlat_sim_arm_local(sc);
}

/**
 * vmlat_sim_start() - give every CPU a steal area; steal on sim_cpus
 *
 * Like a KVM guest of which only some vCPUs are robbed: with steal=sim
 * every CPU has a steal clock, and those outside sim_cpus read 0 steal.
 *
 * Return: 0, -ENOMEM, or -EINVAL when sim_rate_hz x sim_block_us is over
 * the cap.
 */
int vmlat_sim_start(void)
{
	struct vmlat_sim_cpu *sims;
	unsigned int cpu;

	sims = kcalloc(nr_cpu_ids, sizeof(*sims), GFP_KERNEL);
	if (!sims)
		return -ENOMEM;

	mutex_lock(&vmlat_sim_lock);
	/* the load's parameters are all in: now their product counts */
	if (vmlat_sim_over_cap(vmlat_sim_rate_hz, vmlat_sim_block_us)) {
		mutex_unlock(&vmlat_sim_lock);
		kfree(sims);
		return -EINVAL;
	}
	cpus_read_lock();
	vmlat_sims = sims;
	/* sim_stuck may have been given at load: odd versions from the start */
	for_each_possible_cpu(cpu)
		sims[cpu].kst.version = READ_ONCE(vmlat_sim_stuck);
	for_each_cpu(cpu, &vmlat_sim_cpus) {
		struct vmlat_sim_cpu *sc = &sims[cpu];

		sc->cpu = cpu;
		hrtimer_setup(&sc->timer, vmlat_sim_fn, CLOCK_MONOTONIC,
			      HRTIMER_MODE_ABS_PINNED_HARD);
		if (cpu_online(cpu))
			smp_call_function_single(cpu, vmlat_sim_arm_local, sc,
						 1);
	}
	cpus_read_unlock();
	mutex_unlock(&vmlat_sim_lock);
	if (!cpumask_empty(&vmlat_sim_cpus))
		pr_info("test build: simulating %u us of steal %u times a second on CPUs %*pbl\n",
			vmlat_sim_block_us, vmlat_sim_rate_hz,
			cpumask_pr_args(&vmlat_sim_cpus));
	return 0;
}

/**
 * vmlat_sim_stop() - stop stealing and free the steal areas
 *
 * At exit or on a failed init, once the hotplug state is gone, so that no
 * CPU's steal clock reads an area any more.
 */
void vmlat_sim_stop(void)
{
	struct vmlat_sim_cpu *sims;
	unsigned int cpu;

	/* the knobs outlive exit: after this, sim_stuck finds no areas */
	mutex_lock(&vmlat_sim_lock);
	sims = vmlat_sims;
	vmlat_sims = NULL;
	mutex_unlock(&vmlat_sim_lock);
	if (!sims)
		return;
	for_each_cpu(cpu, &vmlat_sim_cpus)
		hrtimer_cancel(&sims[cpu].timer);
	kfree(sims);
}

/**
 * vmlat_sim_area() - the simulated steal area of @cpu
 * @cpu: a possible CPU
 *
 * Return: the area, or NULL when the simulator is not running or @cpu is
 * in sim_absent_cpus.
 */
const struct kvm_steal_time *vmlat_sim_area(unsigned int cpu)
{
	if (!vmlat_sims || cpumask_test_cpu(cpu, &vmlat_sim_absent))
		return NULL;
	return &vmlat_sims[cpu].kst;
}
