// SPDX-License-Identifier: GPL-2.0
/*
 * The user stage's wait files, per_cpu/cpuN/wait (docs/abi.md, "wait"):
 * read-only, so they work under lockdown. A thread bound to CPU N alone
 * blocks in read() until N's next expiry; the callback wakes it with
 * wake_up_process(), and the read path, once the thread runs, records
 * the wake-up's lateness, split (vmlat_stage_wait()), and returns it as
 * one line. The time from one read's return to the next read's entry,
 * the return to user space and back, is recorded at that entry.
 *
 * One reader per CPU at a time: the first read makes the open file the
 * stage's owner there until it is closed. An open file holds the module
 * (its fops' owner), so rmmod is refused until it is closed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "vmlat.h"
#include "vmlat_names.h"
#include "vmlat_stage.h"
#include "vmlat_trace.h"
#include "vmlat_wait.h"

/* struct vmlat_waiter - one open wait file */
struct vmlat_waiter {
	unsigned int cpu;
	bool owner;		/* took the CPU's user stage */
	u64 returned_ns;	/* when its last read returned; 0: none yet */
};

static int vmlat_wait_open(struct inode *inode, struct file *f)
{
	struct vmlat_waiter *w = kzalloc(sizeof(*w), GFP_KERNEL);

	if (!w)
		return -ENOMEM;
	w->cpu = (unsigned long)inode->i_private;
	f->private_data = w;
	return nonseekable_open(inode, f);
}

static int vmlat_wait_release(struct inode *inode, struct file *f)
{
	struct vmlat_waiter *w = f->private_data;

	if (w->owner)
		vmlat_stage_disown(VMLAT_STAGE_USER, w->cpu, w);
	kfree(w);
	return 0;
}

/* vmlat_wait_bound - is the caller bound to @cpu alone? */
static bool vmlat_wait_bound(unsigned int cpu)
{
	return current->nr_cpus_allowed == 1 &&
	       cpumask_test_cpu(cpu, current->cpus_ptr);
}

static ssize_t vmlat_wait_read(struct file *f, char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	const char * const *key = vmlat_wait_keys;
	struct vmlat_waiter *w = f->private_data;
	u64 entry_ns = ktime_get_ns();
	char line[VMLAT_WAIT_LINE_MAX];
	struct vmlat_split s;
	u64 seq, return_ns;
	int len, ret;

	if (count < VMLAT_WAIT_LINE_MAX || !vmlat_wait_bound(w->cpu))
		return -EINVAL;
	if (!vmlat_stage_allocated(VMLAT_STAGE_USER) ||
	    !READ_ONCE(vmlat_knob.user))
		return -ENODEV;
	if (!w->owner) {
		if (!vmlat_stage_own(VMLAT_STAGE_USER, w->cpu, w))
			return -EBUSY;
		w->owner = true;
	}
	return_ns = w->returned_ns ? entry_ns - w->returned_ns : 0;
	ret = vmlat_stage_wait(per_cpu_ptr(vmlat_cpus, w->cpu), return_ns,
			       &s, &seq);
	if (ret) {
		/* the next read starts afresh: no return part across errors */
		w->returned_ns = 0;
		return ret;
	}
	trace_vmlat_wakeup(VMLAT_STAGE_USER, seq, &s,
			   READ_ONCE(vmlat_knob.trace_threshold_ns));
	len = scnprintf(line, sizeof(line),
			"%s=%llu %s=%llu %s=%llu %s=%llu %s=%llu %s=%llu %s=%llu\n",
			key[VMLAT_WK_SEQ], seq, key[VMLAT_WK_LATENESS], s.total,
			key[VMLAT_WK_IRQ], s.irq, key[VMLAT_WK_IRQ_STOLEN],
			s.irq_stolen, key[VMLAT_WK_STOLEN], s.stolen,
			key[VMLAT_WK_SCHED], s.sched, key[VMLAT_WK_RETURN],
			return_ns);
	if (copy_to_user(ubuf, line, len))
		return -EFAULT;
	w->returned_ns = ktime_get_ns();
	return len;
}

const struct file_operations vmlat_wait_fops = {
	.owner = THIS_MODULE,
	.open = vmlat_wait_open,
	.release = vmlat_wait_release,
	.read = vmlat_wait_read,
};
