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
 * One open file per CPU at a time: its first read or poll makes it the
 * stage's owner there until it is closed; and one reader of that file
 * blocked in read() at a time: a second one gets EBUSY at once. The file
 * is a stream (stream_open()): the VFS takes no file-position lock for
 * its reads, which would hold a second thread's read() asleep,
 * uninterruptibly, for the whole of the first one's wait. Besides
 * blocking reads it is an event file, as a timerfd: poll reports it
 * readable while a hand-off waits, and under O_NONBLOCK a read with none
 * fails with EAGAIN.
 *
 * An open file holds the module (its fops' owner), so rmmod is refused
 * until it is closed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "vmlat.h"
#include "vmlat_knob_check.h"
#include "vmlat_names.h"
#include "vmlat_stage.h"
#include "vmlat_state.h"
#include "vmlat_trace.h"
#include "vmlat_wait.h"

#ifdef VMLAT_TEST
/*
 * sim_wait_delay_ms=N (test build, run time): every read waits N ms once
 * it found its thread bound to the file's CPU and before the wait: the
 * window in which another task's sched_setaffinity() moves the reader
 * off that CPU (69-wait-moved.sh). Here and not in vmlat_fault.c: it
 * belongs to this read path alone.
 */
static unsigned int vmlat_wait_delay_ms;

static int vmlat_wait_delay_set(const char *val, const struct kernel_param *kp)
{
	u64 v;
	int ret = vmlat_knob_u64(kp, val, 0, 10000, &v);

	if (ret)
		return ret;
	WRITE_ONCE(vmlat_wait_delay_ms, v);
	return 0;
}

static const struct kernel_param_ops vmlat_wait_delay_ops = {
	.set = vmlat_wait_delay_set,
	.get = param_get_uint,
};
vmlat_test_param(sim_wait_delay_ms, &vmlat_wait_delay_ops,
		 &vmlat_wait_delay_ms, 0644,
		 "each read of a wait file waits this many ms between its binding check and its wait; 0 = off, max 10000 (default 0)");

static void vmlat_wait_fault_delay(void)
{
	unsigned int ms = READ_ONCE(vmlat_wait_delay_ms);

	if (ms)
		msleep(ms);
}
#else
static inline void vmlat_wait_fault_delay(void) { }
#endif

/*
 * struct vmlat_waiter - one open wait file
 *
 * Threads or a forked child may share the file, so whoever reads or polls
 * it reads and writes these with READ_ONCE() and WRITE_ONCE(); the stage
 * itself refuses a second reader at once.
 */
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
	/*
	 * A stream has no position, so read() takes no f_pos lock, which
	 * would hold a second reader asleep for the first one's whole wait.
	 */
	return stream_open(inode, f);
}

static int vmlat_wait_release(struct inode *inode, struct file *f)
{
	struct vmlat_waiter *w = f->private_data;

	if (READ_ONCE(w->owner))
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

/*
 * vmlat_wait_own - the file's first read or poll makes it the owner of
 * its CPU's user stage: 0, -ENODEV (the stage is off) or -EBUSY (another
 * open file owns it)
 */
static int vmlat_wait_own(struct vmlat_waiter *w)
{
	if (!vmlat_stage_allocated(VMLAT_STAGE_USER) ||
	    !READ_ONCE(vmlat_knob.user))
		return -ENODEV;
	if (READ_ONCE(w->owner))
		return 0;
	if (!vmlat_stage_own(VMLAT_STAGE_USER, w->cpu, w))
		return -EBUSY;
	WRITE_ONCE(w->owner, true);
	return 0;
}

static ssize_t vmlat_wait_read(struct file *f, char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	const char * const *key = vmlat_wait_keys;
	struct vmlat_waiter *w = f->private_data;
	u64 entry_ns = ktime_get_ns();
	char line[VMLAT_WAIT_LINE_MAX];
	struct vmlat_split s;
	u64 seq, return_ns, returned_ns;
	int len, ret;

	if (count < VMLAT_WAIT_LINE_MAX || !vmlat_wait_bound(w->cpu))
		return -EINVAL;
	/* test build: the window before the wait, where the bond may break */
	vmlat_wait_fault_delay();
	ret = vmlat_wait_own(w);
	if (ret)
		return ret;
	returned_ns = READ_ONCE(w->returned_ns);
	return_ns = returned_ns ? entry_ns - returned_ns : 0;
	if (f->f_flags & O_NONBLOCK)
		ret = vmlat_stage_take(per_cpu_ptr(vmlat_cpus, w->cpu), w,
				       return_ns, &s, &seq);
	else
		ret = vmlat_stage_wait(per_cpu_ptr(vmlat_cpus, w->cpu), w,
				       return_ns, &s, &seq);
	/* a second reader's EBUSY leaves the first one's figures alone */
	if (ret == -EBUSY)
		return ret;
	if (ret) {
		/* the next read starts afresh: no return part across errors */
		WRITE_ONCE(w->returned_ns, 0);
		return ret;
	}
	trace_vmlat_wakeup(VMLAT_STAGE_USER, seq, &s,
			   READ_ONCE(vmlat_knob.trace_threshold_ns));
	len = scnprintf(line, sizeof(line),
			"%s=%llu %s=%llu %s=%llu %s=%llu %s=%llu %s=%llu %s=%llu "
			VMLAT_WAIT_KEY_CAUSE "=%s\n",
			key[VMLAT_WK_SEQ], seq, key[VMLAT_WK_LATENESS], s.total,
			key[VMLAT_WK_IRQ], s.irq, key[VMLAT_WK_IRQ_STOLEN],
			s.irq_stolen, key[VMLAT_WK_STOLEN], s.stolen,
			key[VMLAT_WK_SCHED], s.sched, key[VMLAT_WK_RETURN],
			return_ns, vmlat_cause_name(s.cause));
	if (copy_to_user(ubuf, line, len))
		return -EFAULT;
	WRITE_ONCE(w->returned_ns, ktime_get_ns());
	return len;
}

/*
 * vmlat_wait_poll - readable while a hand-off waits for the file's read;
 * EPOLLERR when a read would fail at once (the stage off, another file
 * owns it, or a change is kept for this one)
 */
static __poll_t vmlat_wait_poll(struct file *f, poll_table *pt)
{
	struct vmlat_waiter *w = f->private_data;

	if (vmlat_wait_own(w))
		return EPOLLERR;
	return vmlat_stage_poll(w->cpu, w, f, pt);
}

const struct file_operations vmlat_wait_fops = {
	.owner = THIS_MODULE,
	.open = vmlat_wait_open,
	.release = vmlat_wait_release,
	.read = vmlat_wait_read,
	.poll = vmlat_wait_poll,
};
