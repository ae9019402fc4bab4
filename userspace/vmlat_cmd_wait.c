// SPDX-License-Identifier: GPL-2.0
/*
 * vmlat wait: the user stage's reader (docs/abi.md, "The wait file"), as
 * rtla timerlat -u is timerlat's. One thread per selected CPU, bound to
 * that CPU alone, SCHED_FIFO at --prio, blocks in read() of the CPU's
 * per_cpu/cpuN/wait in a loop; each read returns the wake-up's lateness
 * split into irq + stolen + sched, which is checked to add up, and of the
 * irq part the IRQ's own stolen part (irq_stolen, checked to be within
 * it: irq_stolen + stolen is all the wake-up's steal). The module
 * records the same wake-ups in its user* histograms and its summary: at
 * the end the user stage's table over the run is made from those (two
 * reads of the files, the difference). --record keeps, per interval, the
 * worst wake-up and its split (JSON lines, docs/vmlat.8) for vmlat plot.
 *
 * The workers do nothing but read, parse and count under a mutex (with
 * priority inheritance: the main thread takes it once an interval);
 * the main thread waits for the end, ticks the intervals and writes
 * the record. It stops the workers with SIGUSR1, which ends their read
 * with EINTR (no SA_RESTART); a worker that fails wakes it with SIGUSR2.
 */
#define _GNU_SOURCE	/* CPU_SET, pthread_attr_setaffinity_np */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vmlat_reader.h"
#include "vmlat_grammar.h"	/* abi/: the cpulist grammar */
#include "vmlat_ratio.h"	/* abi/: exact ratios of 64-bit sums */
#include "../abi/vmlat_version.h"

#define VMLAT_ONLINE	"/sys/devices/system/cpu/online"
#define VMLAT_SIG_STOP	SIGUSR1
#define VMLAT_SIG_FAIL	SIGUSR2
#define VMLAT_WAIT_STACK	(256 * 1024)

/* struct vmlat_wait_sum - wake-ups of one CPU over an interval or the run */
struct vmlat_wait_sum {
	unsigned long long	wakeups;
	unsigned long long	skipped;	/* expiries between two lines */
	unsigned long long	sum[VMLAT_NR_SPLIT_PARTS];
	unsigned long long	irq_stolen_ns;	/* of sum[VMLAT_PART_IRQ] */
	/* the rest of sum[VMLAT_PART_IRQ] by cause= (enum vmlat_cause) */
	unsigned long long	cause_ns[VMLAT_NR_CAUSES];
	unsigned long long	no_cause;	/* wake-ups without one */
	unsigned long long	return_max_ns;
	bool			has_worst;
	struct vmlat_wakeup	worst;
	int			worst_cpu;
};

/* struct vmlat_waiter - one CPU's thread */
struct vmlat_waiter {
	struct vmlat_wait_run	*run;
	int			cpu;
	pthread_t		thread;
	bool			started;
	bool			done;		/* __atomic */
	pthread_mutex_t		lock;		/* iv, total */
	struct vmlat_wait_sum	iv;
	struct vmlat_wait_sum	total;
	unsigned long long	last_seq;
	unsigned long long	split_errors;
	char			bad_line[VMLAT_WAIT_LINE_MAX + 1];
	unsigned long long	irq_stolen_errors;	/* irq_stolen > irq */
	char			bad_irq_line[VMLAT_WAIT_LINE_MAX + 1];
	int			err;		/* errno that ended it */
	const char		*op;		/* what failed: open, read */
	char			why[200];	/* a line that did not parse */
};

struct vmlat_wait_run {
	const struct vmlat_params	*p;
	pthread_t			main;
	bool				stop;		/* __atomic */
	int				nr;
	struct vmlat_waiter		*w;
	FILE				*rec;
	long				intervals;	/* written */
};

static void vmlat_wait_account(struct vmlat_wait_sum *s,
			       const struct vmlat_wakeup *wk, int cpu,
			       unsigned long long skipped)
{
	unsigned int part;

	s->wakeups++;
	s->skipped += skipped;
	for (part = 0; part < VMLAT_NR_SPLIT_PARTS; part++)
		s->sum[part] += wk->v[VMLAT_WK_LATENESS + part];
	s->irq_stolen_ns += wk->v[VMLAT_WK_IRQ_STOLEN];
	if (wk->cause >= 0)
		s->cause_ns[wk->cause] += wk->v[VMLAT_WK_IRQ] -
					  wk->v[VMLAT_WK_IRQ_STOLEN];
	else
		s->no_cause++;
	if (wk->v[VMLAT_WK_RETURN] > s->return_max_ns)
		s->return_max_ns = wk->v[VMLAT_WK_RETURN];
	if (!s->has_worst ||
	    wk->v[VMLAT_WK_LATENESS] > s->worst.v[VMLAT_WK_LATENESS]) {
		s->worst = *wk;
		s->worst_cpu = cpu;
		s->has_worst = true;
	}
}

/* vmlat_wait_add - fold @b into @a (all CPUs of an interval) */
static void vmlat_wait_add(struct vmlat_wait_sum *a,
			   const struct vmlat_wait_sum *b)
{
	unsigned int part, c;

	a->wakeups += b->wakeups;
	a->skipped += b->skipped;
	for (part = 0; part < VMLAT_NR_SPLIT_PARTS; part++)
		a->sum[part] += b->sum[part];
	a->irq_stolen_ns += b->irq_stolen_ns;
	for (c = 0; c < VMLAT_NR_CAUSES; c++)
		a->cause_ns[c] += b->cause_ns[c];
	a->no_cause += b->no_cause;
	if (b->return_max_ns > a->return_max_ns)
		a->return_max_ns = b->return_max_ns;
	if (b->has_worst && (!a->has_worst ||
			     b->worst.v[VMLAT_WK_LATENESS] >
			     a->worst.v[VMLAT_WK_LATENESS])) {
		a->worst = b->worst;
		a->worst_cpu = b->worst_cpu;
		a->has_worst = true;
	}
}

/* vmlat_wait_line - one line read: parsed, checked, counted */
static int vmlat_wait_line(struct vmlat_waiter *w, const char *buf,
			   size_t len)
{
	unsigned long long skipped = 0, parts;
	struct vmlat_wakeup wk;
	struct vmlat_perr perr;

	if (vmlat_parse_wait_line(buf, len, &wk, &perr)) {
		snprintf(w->why, sizeof(w->why), "%s", perr.msg);
		return -1;
	}
	parts = wk.v[VMLAT_WK_IRQ] + wk.v[VMLAT_WK_STOLEN] +
		wk.v[VMLAT_WK_SCHED];
	if (parts != wk.v[VMLAT_WK_LATENESS] && !w->split_errors++)
		snprintf(w->bad_line, sizeof(w->bad_line), "%.*s",
			 (int)(len - 1), buf);
	/* a part of irq, not a fourth part: never more than irq */
	if (wk.v[VMLAT_WK_IRQ_STOLEN] > wk.v[VMLAT_WK_IRQ] &&
	    !w->irq_stolen_errors++)
		snprintf(w->bad_irq_line, sizeof(w->bad_irq_line), "%.*s",
			 (int)(len - 1), buf);
	if (w->total.wakeups && wk.v[VMLAT_WK_SEQ] > w->last_seq + 1)
		skipped = wk.v[VMLAT_WK_SEQ] - w->last_seq - 1;
	w->last_seq = wk.v[VMLAT_WK_SEQ];
	pthread_mutex_lock(&w->lock);
	vmlat_wait_account(&w->iv, &wk, w->cpu, skipped);
	vmlat_wait_account(&w->total, &wk, w->cpu, skipped);
	pthread_mutex_unlock(&w->lock);
	return 0;
}

static void vmlat_wait_path(const struct vmlat_params *p, int cpu,
			    char *path, size_t len)
{
	snprintf(path, len, "%s/" VMLAT_DIR_PER_CPU "/" VMLAT_DIR_CPU "%d/"
		 VMLAT_FILE_WAIT, p->root, cpu);
}

static void vmlat_stop_handler(int sig)
{
	(void)sig;	/* only there to end a read() with EINTR */
}

static void *vmlat_waiter_fn(void *arg)
{
	struct vmlat_waiter *w = arg;
	char path[4096], buf[2 * VMLAT_WAIT_LINE_MAX];
	sigset_t stop;
	ssize_t n;
	int fd;

	sigemptyset(&stop);
	sigaddset(&stop, VMLAT_SIG_STOP);
	pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
	vmlat_wait_path(w->run->p, w->cpu, path, sizeof(path));
	w->op = "open";
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		w->err = errno;
		goto out;
	}
	w->op = "read";
	while (!__atomic_load_n(&w->run->stop, __ATOMIC_ACQUIRE)) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR &&
		    __atomic_load_n(&w->run->stop, __ATOMIC_ACQUIRE))
			break;
		if (n < 0) {
			w->err = errno;
			break;
		}
		if (!n) {
			snprintf(w->why, sizeof(w->why),
				 "end of file: not a wait file of vmlat");
			break;
		}
		if (vmlat_wait_line(w, buf, n))
			break;
	}
	close(fd);
out:
	__atomic_store_n(&w->done, true, __ATOMIC_RELEASE);
	if (w->err || w->why[0])
		pthread_kill(w->run->main, VMLAT_SIG_FAIL);
	return NULL;
}

/* vmlat_wait_errno - what an error of the wait file means, and the fix */
static void vmlat_wait_errno(const struct vmlat_waiter *w, const char *path)
{
	switch (w->err) {
	case ENODEV:
		vmlat_err("cpu%d: the user stage is off (ENODEV): vmlat set user=1, or vmlat wait --enable",
			  w->cpu);
		break;
	case ENXIO:
		vmlat_err("cpu%d does not sample (ENXIO): it went offline, is not in the module's cpus (vmlat set cpus=LIST), or sampling is off (vmlat enable)",
			  w->cpu);
		break;
	case ECANCELED:
		vmlat_err("cpu%d: period_us changed while waiting (ECANCELED): run vmlat wait again at the new period",
			  w->cpu);
		break;
	case EBUSY:
		vmlat_err("cpu%d: another reader owns its wait file (EBUSY): stop the other vmlat wait (fuser %s), or pick other --cpus",
			  w->cpu, path);
		break;
	case EINTR:
		vmlat_err("cpu%d: a signal interrupted the wait (EINTR): something signalled vmlat's thread; run it again",
			  w->cpu);
		break;
	case EINVAL:
		vmlat_err("cpu%d: the module refused the read (EINVAL): the thread is not bound to cpu%d alone (a cpuset or taskset moved it?) or its buffer is short",
			  w->cpu, w->cpu);
		break;
	case EACCES:
	case EPERM:
		vmlat_err("cannot %s %s: permission denied: run as root (sudo %s)",
			  w->op, path, vmlat_invocation);
		break;
	case ENOENT:
		vmlat_err("%s: no such file: this vmlat module has no user stage; install one that has (vmlat --version)",
			  path);
		break;
	default:
		vmlat_err("cannot %s %s: %s", w->op, path, strerror(w->err));
		break;
	}
}

/* vmlat_wait_failed - the first worker's failure, said; 0 if none */
static int vmlat_wait_failed(const struct vmlat_wait_run *run)
{
	const struct vmlat_waiter *w;
	char path[4096];
	int i;

	for (i = 0; i < run->nr; i++) {
		w = &run->w[i];
		vmlat_wait_path(run->p, w->cpu, path, sizeof(path));
		if (w->err) {
			vmlat_wait_errno(w, path);
			return VMLAT_EXIT_FAIL;
		}
		if (w->why[0]) {
			vmlat_err("%s: %s: is the module the reader's? (vmlat --version)",
				  path, w->why);
			return VMLAT_EXIT_FAIL;
		}
	}
	for (i = 0; i < run->nr; i++) {
		w = &run->w[i];
		if (w->split_errors) {
			vmlat_err("cpu%d: %llu wake-ups whose lateness is not irq + stolen + sched, the first \"%s\": a bug of the module, please report it",
				  w->cpu, w->split_errors, w->bad_line);
			return VMLAT_EXIT_FAIL;
		}
		if (w->irq_stolen_errors) {
			vmlat_err("cpu%d: %llu wake-ups whose irq_stolen is above their irq, the first \"%s\": a bug of the module, please report it",
				  w->cpu, w->irq_stolen_errors,
				  w->bad_irq_line);
			return VMLAT_EXIT_FAIL;
		}
	}
	return 0;
}

/* vmlat_json_wait - one CPU's (or all's) figures of an interval */
static void vmlat_json_wait(FILE *f, int cpu, const struct vmlat_wait_sum *s)
{
	const struct vmlat_wakeup *wk = &s->worst;

	if (cpu == VMLAT_CPU_ALL)
		fputs("{\"cpu\": \"all\"", f);
	else
		fprintf(f, "{\"cpu\": %d", cpu);
	fprintf(f, ", \"wakeups\": %llu, \"skipped\": %llu, \"lateness_sum_ns\": %llu, \"irq_sum_ns\": %llu, \"irq_stolen_sum_ns\": %llu, \"stolen_sum_ns\": %llu, \"sched_sum_ns\": %llu, ",
		s->wakeups, s->skipped, s->sum[VMLAT_PART_TOTAL],
		s->sum[VMLAT_PART_IRQ], s->irq_stolen_ns,
		s->sum[VMLAT_PART_STOLEN], s->sum[VMLAT_PART_SCHED]);
	if (s->has_worst)
		fprintf(f, "\"return_max_ns\": %llu, \"worst\": {\"cpu\": %d, \"seq\": %llu, \"lateness_ns\": %llu, \"irq_ns\": %llu, \"irq_stolen_ns\": %llu, \"stolen_ns\": %llu, \"sched_ns\": %llu, \"cause\": %s%s%s}}",
			s->return_max_ns, s->worst_cpu, wk->v[VMLAT_WK_SEQ],
			wk->v[VMLAT_WK_LATENESS], wk->v[VMLAT_WK_IRQ],
			wk->v[VMLAT_WK_IRQ_STOLEN], wk->v[VMLAT_WK_STOLEN],
			wk->v[VMLAT_WK_SCHED], wk->cause < 0 ? "" : "\"",
			wk->cause < 0 ? "null" : vmlat_cause_name(wk->cause),
			wk->cause < 0 ? "" : "\"");
	else
		fputs("\"return_max_ns\": null, \"worst\": null}", f);
}

/* vmlat_wait_interval - the record's line of the interval ending at @t_s */
static void vmlat_wait_interval(struct vmlat_wait_run *run, double t_s)
{
	struct vmlat_wait_sum all = { 0 }, one;
	int i;

	fprintf(run->rec, "{\"t_s\": %.3f, \"cpus\": [", t_s);
	for (i = 0; i < run->nr; i++) {
		pthread_mutex_lock(&run->w[i].lock);
		one = run->w[i].iv;
		memset(&run->w[i].iv, 0, sizeof(run->w[i].iv));
		pthread_mutex_unlock(&run->w[i].lock);
		vmlat_json_wait(run->rec, run->w[i].cpu, &one);
		fputs(", ", run->rec);
		vmlat_wait_add(&all, &one);
	}
	vmlat_json_wait(run->rec, VMLAT_CPU_ALL, &all);
	fputs("]}\n", run->rec);
	fflush(run->rec);
}

static void vmlat_wait_record_head(struct vmlat_wait_run *run,
				   unsigned long long period_us)
{
	struct timespec wall;
	int i;

	clock_gettime(CLOCK_REALTIME, &wall);
	fprintf(run->rec, "{\"schema\": \"vmlat-wait v1\", \"vmlat_version\": \"%s\", \"abi\": \"%s\", \"start_unix_s\": %lld.%03ld, \"interval_s\": %.3f, \"period_us\": %llu, \"prio\": %u, \"cpus\": [",
		VMLAT_VERSION, VMLAT_ABI_VERSION, (long long)wall.tv_sec,
		wall.tv_nsec / 1000000, run->p->interval_s, period_us,
		run->p->prio);
	for (i = 0; i < run->nr; i++)
		fprintf(run->rec, "%s%d", i ? ", " : "", run->w[i].cpu);
	fputs("]}\n", run->rec);
	fflush(run->rec);
}

/*
 * vmlat_wait_cpus - the CPUs to wait on: --cpus, or every online CPU the
 * module samples (its cpus knob); each must have its wait file
 */
static int vmlat_wait_cpus(const struct vmlat_params *p, unsigned long *mask,
			   int **cpus, int *nr)
{
	static unsigned long knob[VMLAT_MASK_LONGS];
	const unsigned int bpl = 8 * sizeof(long);
	char path[4096], list[4096], *buf;
	struct stat st;
	size_t len;
	int i, n = 0;

	memset(mask, 0, VMLAT_MASK_LONGS * sizeof(long));
	if (p->cpu_mask) {
		memcpy(mask, p->cpu_mask, VMLAT_MASK_LONGS * sizeof(long));
	} else {
		if (vmlat_read_file(VMLAT_ONLINE, &buf, &len)) {
			vmlat_err("cannot read " VMLAT_ONLINE ": give --cpus LIST");
			return VMLAT_EXIT_FAIL;
		}
		buf[strcspn(buf, "\n")] = '\0';
		if (vmlat_parse_cpulist(buf, mask, VMLAT_MAX_CPUS))
			memset(mask, 0, VMLAT_MASK_LONGS * sizeof(long));
		free(buf);
		if (!vmlat_knob_read(p, "cpus", list, sizeof(list)) &&
		    !vmlat_parse_cpulist(list, knob, VMLAT_MAX_CPUS))
			for (i = 0; i < (int)VMLAT_MASK_LONGS; i++)
				mask[i] &= knob[i];
	}
	*cpus = calloc(VMLAT_MAX_CPUS, sizeof(**cpus));
	if (!*cpus) {
		vmlat_err("out of memory");
		return VMLAT_EXIT_FAIL;
	}
	for (i = 0; i < VMLAT_MAX_CPUS; i++) {
		if (!(mask[i / bpl] >> (i % bpl) & 1))
			continue;
		vmlat_wait_path(p, i, path, sizeof(path));
		if (stat(path, &st)) {
			vmlat_err("--cpus: cpu %d has no %s: pick CPUs the module has",
				  i, path);
			free(*cpus);
			return VMLAT_EXIT_USAGE;
		}
		(*cpus)[n++] = i;
	}
	if (!n) {
		vmlat_err("no CPU to wait on: the module samples no online CPU; vmlat set cpus=LIST, or give --cpus");
		free(*cpus);
		return VMLAT_EXIT_FAIL;
	}
	*nr = n;
	return 0;
}

/*
 * vmlat_wait_knobs - the user stage must be on (--enable turns it on,
 * *@restore says it must go off again) and sampling too
 */
static int vmlat_wait_knobs(const struct vmlat_params *p, bool *restore)
{
	char val[64];
	struct stat st;
	int ret;

	*restore = false;
	ret = vmlat_knob_read(p, "user", val, sizeof(val));
	if (ret == -ENOENT && stat(p->params, &st)) {
		vmlat_err("module not loaded (no %s): modprobe vmlat",
			  p->params);
		return VMLAT_EXIT_FAIL;
	}
	if (ret == -ENOENT) {
		vmlat_err("%s/user: no such knob: this vmlat module has no user stage; install one that has (vmlat --version)",
			  p->params);
		return VMLAT_EXIT_FAIL;
	}
	if (ret) {
		vmlat_err("cannot read %s/user: %s", p->params, strerror(-ret));
		return VMLAT_EXIT_FAIL;
	}
	if (val[0] != 'Y' && val[0] != '1') {
		if (!p->enable) {
			vmlat_err("the user stage is off (user=%s): turn it on with vmlat set user=1, or run vmlat wait --enable (which turns it off again at the end)",
				  val);
			return VMLAT_EXIT_FAIL;
		}
		ret = vmlat_knob_write(p, "user", "1");
		if (ret)
			return ret;
		*restore = true;
	}
	if (!vmlat_knob_read(p, "enabled", val, sizeof(val)) &&
	    val[0] != 'Y' && val[0] != '1') {
		vmlat_err("sampling is off (enabled=%s): vmlat enable", val);
		return VMLAT_EXIT_FAIL;
	}
	return 0;
}

/* vmlat_wait_start - one thread per CPU, bound, at its priority */
static int vmlat_wait_start(struct vmlat_wait_run *run)
{
	const struct vmlat_params *p = run->p;
	struct sched_param sp = { .sched_priority = (int)p->prio };
	pthread_mutexattr_t ma;
	pthread_attr_t attr;
	cpu_set_t set;
	int i, ret = 0;

	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setprotocol(&ma, PTHREAD_PRIO_INHERIT);
	for (i = 0; i < run->nr && !ret; i++) {
		struct vmlat_waiter *w = &run->w[i];

		w->run = run;
		pthread_mutex_init(&w->lock, &ma);
		pthread_attr_init(&attr);
		CPU_ZERO(&set);
		CPU_SET(w->cpu, &set);
		pthread_attr_setaffinity_np(&attr, sizeof(set), &set);
		/* locked by mlockall(): keep it small */
		pthread_attr_setstacksize(&attr, VMLAT_WAIT_STACK);
		if (p->prio) {
			pthread_attr_setinheritsched(&attr,
						     PTHREAD_EXPLICIT_SCHED);
			pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
			pthread_attr_setschedparam(&attr, &sp);
		}
		ret = pthread_create(&w->thread, &attr, vmlat_waiter_fn, w);
		pthread_attr_destroy(&attr);
		if (!ret) {
			w->started = true;
			continue;
		}
		if (ret == EPERM)
			vmlat_err("cannot run a SCHED_FIFO thread at priority %u: not permitted: run as root (sudo %s), or give CAP_SYS_NICE or an RLIMIT_RTPRIO of %u (ulimit -r), or --prio 0",
				  p->prio, vmlat_invocation, p->prio);
		else if (ret == EAGAIN)
			vmlat_err("cannot start the thread of cpu%d: out of resources (locked memory: ulimit -l; threads: ulimit -u)",
				  w->cpu);
		else if (ret == EINVAL)
			vmlat_err("cannot bind a thread to cpu%d (EINVAL): is it outside this process's cpuset (taskset, cgroup)? pick other --cpus",
				  w->cpu);
		else
			vmlat_err("cannot start the thread of cpu%d: %s",
				  w->cpu, strerror(ret));
	}
	pthread_mutexattr_destroy(&ma);
	return ret ? VMLAT_EXIT_FAIL : 0;
}

/* vmlat_wait_stop - end every started thread: SIGUSR1 until it is done */
static void vmlat_wait_stop(struct vmlat_wait_run *run)
{
	struct timespec ts = { 0, 20000000 };
	bool left = true;
	int i;

	__atomic_store_n(&run->stop, true, __ATOMIC_RELEASE);
	while (left) {
		left = false;
		for (i = 0; i < run->nr; i++) {
			if (!run->w[i].started ||
			    __atomic_load_n(&run->w[i].done, __ATOMIC_ACQUIRE))
				continue;
			pthread_kill(run->w[i].thread, VMLAT_SIG_STOP);
			left = true;
		}
		if (left)
			nanosleep(&ts, NULL);
	}
	for (i = 0; i < run->nr; i++)
		if (run->w[i].started)
			pthread_join(run->w[i].thread, NULL);
}

static double vmlat_ts_diff(const struct timespec *a, const struct timespec *b)
{
	return (a->tv_sec - b->tv_sec) + (a->tv_nsec - b->tv_nsec) / 1e9;
}

/*
 * vmlat_wait_loop - until -d, ^C or SIGTERM, or a worker's failure;
 * the record's intervals on the way. Returns how long it waited.
 */
static double vmlat_wait_loop(struct vmlat_wait_run *run)
{
	const struct vmlat_params *p = run->p;
	struct timespec start, now, end, tick, until, left;
	sigset_t set;
	long long ns;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, VMLAT_SIG_FAIL);
	clock_gettime(CLOCK_MONOTONIC, &start);
	end = start;
	vmlat_ts_add(&end, p->duration_s ? p->duration_s : 1e9);
	tick = start;
	vmlat_ts_add(&tick, p->interval_s);
	for (;;) {
		until = run->rec && vmlat_ts_diff(&tick, &end) < 0 ? tick : end;
		clock_gettime(CLOCK_MONOTONIC, &now);
		ns = (until.tv_sec - now.tv_sec) * 1000000000LL +
		     (until.tv_nsec - now.tv_nsec);
		if (ns > 0) {
			left.tv_sec = ns / 1000000000LL;
			left.tv_nsec = ns % 1000000000LL;
			sig = sigtimedwait(&set, NULL, &left);
			if (sig > 0)
				break;	/* ^C, SIGTERM or a worker failed */
			if (errno != EAGAIN)
				continue;
		}
		if (vmlat_ts_diff(&until, &end) >= 0)
			break;
		run->intervals++;
		vmlat_wait_interval(run, run->intervals * p->interval_s);
		vmlat_ts_add(&tick, p->interval_s);
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	return vmlat_ts_diff(&now, &start);
}

/*
 * vmlat_wait_irq_stolen - a row's irq_stolen share over the run: of the
 * summary lines @b less @a (no histogram has it), the irq part's stolen
 * part over the lateness; since the stage's keys appeared, or since a
 * reset in between, @b's own
 */
static void vmlat_wait_irq_stolen(struct vmlat_stage_row *row,
				  const struct vmlat_summary_cpu *a,
				  const struct vmlat_summary_cpu *b)
{
	int ks = vmlat_stage_key(VMLAT_STAGE_USER, "_irq_stolen_sum_ns");
	int kt = vmlat_stage_key(VMLAT_STAGE_USER, "_sum_ns");
	unsigned long long want, st, t;

	if (ks < 0 || kt < 0)
		return;
	want = VMLAT_KEY_BIT(ks) | VMLAT_KEY_BIT(kt);
	if ((b->seen & want) != want)
		return;
	st = b->v[ks];
	t = b->v[kt];
	if ((a->seen & want) == want && st >= a->v[ks] && t >= a->v[kt]) {
		st -= a->v[ks];
		t -= a->v[kt];
	}
	row->has_irq_stolen = true;
	row->irq_stolen_share = vmlat_wide_sat(vmlat_ratio_scaled(
				vmlat_wide_u64(st), vmlat_wide_u64(t), 1, 4));
}

/*
 * vmlat_wait_read_lines - what the lines read said over the run, under
 * the head line: their parts summed, all the steal (irq_stolen +
 * stolen), and the worst wake-up's split
 */
static void vmlat_wait_read_lines(const struct vmlat_params *p,
				  const struct vmlat_wait_sum *t)
{
	const struct vmlat_wakeup *wk = &t->worst;
	char v[6][32], share[16];
	unsigned int part;

	if (!t->wakeups)
		return;
	for (part = 0; part < VMLAT_NR_SPLIT_PARTS; part++)
		vmlat_format_value(v[part], sizeof(v[part]), t->sum[part],
				   p->unit);
	vmlat_format_value(v[4], sizeof(v[4]), t->irq_stolen_ns, p->unit);
	vmlat_format_value(v[5], sizeof(v[5]),
			   t->irq_stolen_ns + t->sum[VMLAT_PART_STOLEN],
			   p->unit);
	vmlat_fixed(share, sizeof(share), vmlat_wide_sat(vmlat_ratio_scaled(
		    vmlat_wide_u64(t->irq_stolen_ns +
				   t->sum[VMLAT_PART_STOLEN]),
		    vmlat_wide_u64(t->sum[VMLAT_PART_TOTAL]), 100, 2)), 2);
	printf("# the wake-ups read: lateness %s %s = irq %s + stolen %s + sched %s; irq_stolen (of irq) %s; all the steal (irq_stolen + stolen) %s, %s%% of the lateness\n",
	       v[VMLAT_PART_TOTAL], vmlat_unit_name(p->unit), v[VMLAT_PART_IRQ],
	       v[VMLAT_PART_STOLEN], v[VMLAT_PART_SCHED], v[4], v[5], share);
	for (part = 0; part < VMLAT_NR_SPLIT_PARTS; part++)
		vmlat_format_value(v[part], sizeof(v[part]),
				   wk->v[VMLAT_WK_LATENESS + part], p->unit);
	vmlat_format_value(v[4], sizeof(v[4]), wk->v[VMLAT_WK_IRQ_STOLEN],
			   p->unit);
	printf("# the worst: cpu%d seq=%llu: lateness %s %s = irq %s + stolen %s + sched %s; irq_stolen (of irq) %s%s%s\n",
	       t->worst_cpu, wk->v[VMLAT_WK_SEQ], v[VMLAT_PART_TOTAL],
	       vmlat_unit_name(p->unit), v[VMLAT_PART_IRQ],
	       v[VMLAT_PART_STOLEN], v[VMLAT_PART_SCHED], v[4],
	       wk->cause < 0 ? "" : "; the rest of irq: ",
	       wk->cause < 0 ? "" : vmlat_cause_name(wk->cause));
	/* an older module's lines have no cause= */
	if (t->no_cause)
		return;
	for (part = 0; part < VMLAT_NR_CAUSES; part++)
		vmlat_format_value(v[part], sizeof(v[part]), t->cause_ns[part],
				   p->unit);
	printf("# the rest of irq (irq - irq_stolen) by cause: unreported %s, guest %s, undetermined %s\n",
	       v[VMLAT_CAUSE_UNREPORTED], v[VMLAT_CAUSE_GUEST],
	       v[VMLAT_CAUSE_UNDETERMINED]);
}

/* vmlat_wait_table - the user stage's table over the run: @b less @a */
static int vmlat_wait_table(const struct vmlat_params *p,
			    struct vmlat_snapshot *a, struct vmlat_snapshot *b,
			    const struct vmlat_wait_run *run, double secs)
{
	struct vmlat_stage_row *rows;
	struct vmlat_hist_file *d;
	struct vmlat_wait_sum total = { 0 };
	unsigned int part, k;
	int i, n = a->nr_cpus + 1;

	rows = calloc(n, sizeof(*rows));
	d = calloc((size_t)n * VMLAT_NR_PARTS, sizeof(*d));
	if (!rows || !d) {
		free(rows);
		free(d);
		vmlat_err("out of memory");
		return VMLAT_EXIT_FAIL;
	}
	for (part = 0; part < VMLAT_NR_PARTS; part++) {
		k = vmlat_stage_hist(VMLAT_STAGE_USER, part);
		for (i = 0; i < n; i++) {
			struct vmlat_hist_file *o = &d[i * VMLAT_NR_PARTS + part];

			if (i < n - 1)
				vmlat_hist_delta(o, &b->cpus[i].hist[k],
						 &a->cpus[i].hist[k]);
			else
				vmlat_hist_delta(o, &b->all[k], &a->all[k]);
			rows[i].h[part] = o;
		}
	}
	for (i = 0; i < n - 1; i++) {
		vmlat_wait_irq_stolen(&rows[i], a->cpus[i].sum, b->cpus[i].sum);
		vmlat_stage_row_causes(&rows[i],
				b->cpus[i].sum->causes[1 + VMLAT_STAGE_USER],
				a->cpus[i].sum->causes[1 + VMLAT_STAGE_USER]);
	}
	vmlat_wait_irq_stolen(&rows[i], &a->all_sum, &b->all_sum);
	vmlat_stage_row_causes(&rows[i],
			       b->all_sum.causes[1 + VMLAT_STAGE_USER],
			       a->all_sum.causes[1 + VMLAT_STAGE_USER]);
	for (i = 0; i < run->nr; i++)
		vmlat_wait_add(&total, &run->w[i].total);
	if (!p->no_header) {
		printf("# vmlat wait: %d CPU%s, %.3f s, %s%.0u: %llu wake-ups read (%llu expiries skipped between reads), each with lateness = irq + stolen + sched\n",
		       run->nr, run->nr == 1 ? "" : "s", secs,
		       p->prio ? "SCHED_FIFO " : "SCHED_OTHER", p->prio,
		       total.wakeups, total.skipped);
		vmlat_wait_read_lines(p, &total);
	}
	vmlat_stage_table(p, b, VMLAT_STAGE_USER, rows, n, stdout);
	free(rows);
	free(d);
	return 0;
}

/* The summary and causes too, as irq_stolen and the causes are only there. */
#define VMLAT_WAIT_LOAD	(VMLAT_LOAD_HIST(VMLAT_HIST_USER) | \
			 VMLAT_LOAD_HIST(VMLAT_HIST_USER_IRQ) | \
			 VMLAT_LOAD_HIST(VMLAT_HIST_USER_STOLEN) | \
			 VMLAT_LOAD_HIST(VMLAT_HIST_USER_SCHED) | \
			 VMLAT_LOAD_HIST(VMLAT_HIST_USER_RETURN) | \
			 VMLAT_LOAD_SUMMARY | VMLAT_LOAD_CAUSES)

/**
 * vmlat_cmd_wait() - vmlat wait: the user stage's reader, then its table
 * @p: the options: --cpus, -d, --prio, --enable, --record and -i
 *
 * Return: 0, also when ^C or SIGTERM ends the wait, or an exit status.
 */
int vmlat_cmd_wait(struct vmlat_params *p)
{
	static unsigned long mask[VMLAT_MASK_LONGS];
	struct vmlat_snapshot before, after;
	struct vmlat_wait_run run = { .p = p };
	struct vmlat_params q = *p;
	struct sigaction sa = { .sa_handler = vmlat_stop_handler };
	unsigned long long period_us = 0;
	bool restore = false;
	char val[32];
	sigset_t set;
	int *cpus = NULL, ret, i;
	double secs;
	struct stat st;

	if (stat(p->root, &st))
		return vmlat_open_failed(p, p->root, errno);
	ret = vmlat_wait_knobs(p, &restore);
	if (!ret)
		ret = vmlat_wait_cpus(p, mask, &cpus, &run.nr);
	if (ret)
		goto out_knob;
	q.cpu_mask = mask;
	ret = vmlat_load(&q, &before, VMLAT_WAIT_LOAD);
	if (ret)
		goto out_cpus;
	run.w = calloc(run.nr, sizeof(*run.w));
	if (!run.w) {
		vmlat_err("out of memory");
		ret = VMLAT_EXIT_FAIL;
		goto out_before;
	}
	for (i = 0; i < run.nr; i++)
		run.w[i].cpu = cpus[i];
	if (p->record) {
		run.rec = fopen(p->record, "w");
		if (!run.rec) {
			vmlat_err("cannot create %s: %s: choose a writable --record path",
				  p->record, strerror(errno));
			ret = VMLAT_EXIT_FAIL;
			goto out_w;
		}
		if (!vmlat_knob_read(p, "period_us", val, sizeof(val)))
			period_us = strtoull(val, NULL, 10);
		vmlat_wait_record_head(&run, period_us);
	}

	/* the workers inherit this mask; each unblocks its stop signal */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, VMLAT_SIG_STOP);
	sigaddset(&set, VMLAT_SIG_FAIL);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	sigaction(VMLAT_SIG_STOP, &sa, NULL);	/* no SA_RESTART: EINTR */
	run.main = pthread_self();
	/* as cyclictest does, best effort: no page faults while waiting */
	if (p->prio)
		mlockall(MCL_CURRENT | MCL_FUTURE);

	ret = vmlat_wait_start(&run);
	secs = ret ? 0 : vmlat_wait_loop(&run);
	vmlat_wait_stop(&run);
	if (!ret)
		ret = vmlat_wait_failed(&run);
	if (run.rec) {
		/* the part of an interval before the end, if any */
		if (!ret && secs > run.intervals * p->interval_s + 0.001)
			vmlat_wait_interval(&run, secs);
		fprintf(run.rec, "{\"end\": {\"t_s\": %.3f, \"status\": \"%s\"}}\n",
			secs, ret ? "failed" : "ok");
		if (fclose(run.rec) && !ret) {
			vmlat_err("cannot write %s: %s", p->record,
				  strerror(errno));
			ret = VMLAT_EXIT_FAIL;
		}
	}
	if (!ret)
		ret = vmlat_load(&q, &after, VMLAT_WAIT_LOAD);
	if (!ret) {
		ret = vmlat_wait_table(p, &before, &after, &run, secs);
		vmlat_snapshot_free(&after);
	}
out_w:
	for (i = 0; i < run.nr; i++)
		if (run.w[i].run)
			pthread_mutex_destroy(&run.w[i].lock);
	free(run.w);
out_before:
	vmlat_snapshot_free(&before);
out_cpus:
	free(cpus);
out_knob:
	if (restore && vmlat_knob_write(p, "user", "0") && !ret)
		ret = VMLAT_EXIT_FAIL;
	return ret;
}
