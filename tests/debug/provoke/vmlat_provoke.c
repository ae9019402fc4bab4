// SPDX-License-Identifier: GPL-2.0
/*
 * vmlat_provoke.ko: the debug tier's negative control. Loaded on the debug
 * kernel with what=KIND, it commits one bug of that kind, so that the
 * harness can show that a boot in which each checker reports fails the
 * run (tests/debug/selftest.sh). Never built into vmlat, never shipped.
 *
 *   lockdep   take two locks in both orders (no deadlock: one thread)
 *   sleep     might_sleep() with preemption disabled
 *   kasan     read one byte past a kmalloc()ed object
 *   odebug    initialise an hrtimer on the stack without the on-stack
 *             annotation
 *   kmemleak  drop the only pointers to two kmalloc()ed objects of 16 KiB
 *   ubsan     index an array one past its end and shift a u32 by 32
 *   race      two CPUs write one plain variable at once (KCSAN)
 *
 * Each kind returns from init at once, the module stays loaded; rmmod
 * undoes nothing but the race threads.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compiler.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

static char *what = "";
module_param(what, charp, 0444);
MODULE_PARM_DESC(what, "the bug to commit: lockdep, sleep, kasan, odebug, kmemleak, ubsan or race");

static DEFINE_SPINLOCK(provoke_a);
static DEFINE_SPINLOCK(provoke_b);

static void provoke_lockdep(void)
{
	spin_lock(&provoke_a);
	spin_lock(&provoke_b);
	spin_unlock(&provoke_b);
	spin_unlock(&provoke_a);

	spin_lock(&provoke_b);
	spin_lock(&provoke_a);
	spin_unlock(&provoke_a);
	spin_unlock(&provoke_b);
}

static void provoke_sleep(void)
{
	preempt_disable();
	might_sleep();
	preempt_enable();
}

static void provoke_kasan(void)
{
	char *p = kmalloc(16, GFP_KERNEL);
	size_t i = 16;

	if (!p)
		return;
	/* hide the index from the compiler's own bounds checks */
	OPTIMIZER_HIDE_VAR(i);
	pr_info("read past the object: %d\n", READ_ONCE(p[i]));
	kfree(p);
}

static enum hrtimer_restart provoke_timer_fn(struct hrtimer *t)
{
	return HRTIMER_NORESTART;
}

static noinline void provoke_odebug(void)
{
	struct hrtimer t;

	/*
	 * on the stack, but hrtimer_setup() rather than the _on_stack form
	 * (the debug kernel is the newest: hrtimer_init() is gone since 6.17)
	 */
	hrtimer_setup(&t, provoke_timer_fn, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	destroy_hrtimer_on_stack(&t);
}

/*
 * Objects above the largest slab cache (kmalloc() takes them from the page
 * allocator): on 7.3, eight dropped kmalloc(128) objects went unreported
 * scan after scan, while these are reported by the second scan after the
 * load (a first scan only records their contents' checksum). Some copy
 * of a recently handed-out slab object's address stays behind in memory
 * that kmemleak scans (likely the slab's per-CPU arrays of objects).
 */
static void provoke_kmemleak(void)
{
	void *p;
	int i;

	for (i = 0; i < 2; i++) {
		p = kmalloc(SZ_16K, GFP_KERNEL);
		if (p)
			memset(p, 0x5a, SZ_16K);
		/* the pointer goes out of scope: nothing refers to it */
		OPTIMIZER_HIDE_VAR(p);
	}
}

/*
 * The array is followed by a member of its own struct: the index past its
 * end is undefined behaviour that UBSAN's bounds check reports, while the
 * memory read is inside the object, so KASAN stays silent and the report
 * is UBSAN's alone.
 */
static struct {
	u32 slot[4];
	u32 after;
} provoke_array;

static void provoke_ubsan(void)
{
	unsigned int i = ARRAY_SIZE(provoke_array.slot);
	unsigned int shift = 32;
	u32 one = 1;

	/* runtime values to the compiler: no build-time warning, no folding */
	OPTIMIZER_HIDE_VAR(i);
	OPTIMIZER_HIDE_VAR(shift);
	pr_info("index past the end: %u\n", provoke_array.slot[i]);
	pr_info("shift past the width: %u\n", one << shift);
}

static unsigned long provoke_shared;
static struct task_struct *provoke_racers[2];

static int provoke_race_fn(void *arg)
{
	while (!kthread_should_stop()) {
		provoke_shared++;	/* a plain, unmarked write on purpose */
		udelay(10);
		cond_resched();
	}
	return 0;
}

static void provoke_race(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(provoke_racers); i++) {
		provoke_racers[i] = kthread_run_on_cpu(provoke_race_fn, NULL, i,
						       "vmlat_race/%u");
		if (IS_ERR(provoke_racers[i]))
			provoke_racers[i] = NULL;
	}
}

static const struct {
	const char *name;
	void (*fn)(void);
} provoke_kinds[] = {
	{ "lockdep", provoke_lockdep },
	{ "sleep", provoke_sleep },
	{ "kasan", provoke_kasan },
	{ "odebug", provoke_odebug },
	{ "kmemleak", provoke_kmemleak },
	{ "ubsan", provoke_ubsan },
	{ "race", provoke_race },
};

static int __init provoke_init(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(provoke_kinds); i++) {
		if (!strcmp(what, provoke_kinds[i].name)) {
			pr_info("committing a %s bug on purpose\n", what);
			provoke_kinds[i].fn();
			return 0;
		}
	}
	pr_err("what=%s: not a kind; one of lockdep, sleep, kasan, odebug, kmemleak, ubsan, race\n",
	       what);
	return -EINVAL;
}

static void __exit provoke_exit(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(provoke_racers); i++)
		if (provoke_racers[i])
			kthread_stop(provoke_racers[i]);
}

module_init(provoke_init);
module_exit(provoke_exit);
MODULE_DESCRIPTION("vmlat debug tier: commits one bug of a chosen kind");
MODULE_LICENSE("GPL");
