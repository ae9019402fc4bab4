// SPDX-License-Identifier: GPL-2.0
/*
 * vmlat-waiters: the guest tests' client for the ways a wait file is
 * read besides one blocking read() at a time: a second waiter on the
 * same open file (another thread, a forked child, io_uring), poll,
 * epoll and O_NONBLOCK, and a reader moved off its CPU inside read().
 * Every thread is bound to CPU -c unless said otherwise. Prints one
 * "key=value ..." line per step, errors by name ("EBUSY"), times in ms;
 * the tests check the lines. Exit 0 once every step ran, 1 on a setup
 * failure, 2 on usage.
 *
 * Usage: vmlat-waiters -m MODE -c CPU [-t CPU2] [-w MS]
 *   thread  the first thread blocks in read(); a second thread reads
 *           the same fd: "second=ERR ms=N", then "first=ERR ms=N"
 *   fork    the same from a forked child
 *   uring   the same through io_uring's IORING_OP_READ (issued at once:
 *           the file is made O_NONBLOCK once the first read blocks; any
 *           worker bound to CPU, IORING_REGISTER_IOWQ_AFF); raw
 *           syscalls, so no liburing: "uring=ERR ms=N"
 *   poll    after a read: poll with timeout 0, poll with -w MS, a read,
 *           epoll the same, then O_NONBLOCK reads
 *   moved   a thread bound to CPU reads once; 300 ms later (inside the
 *           test build's sim_wait_delay_ms) it is moved to CPU2:
 *           "moved=ERR ms=N"
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LINE_MAX_BYTES	4096

static int cpu = -1, cpu2 = -1, wait_ms = 3000, fd = -1;

static const char *err_name(int e)
{
	switch (e) {
	case 0: return "ok";
	case EINVAL: return "EINVAL";
	case ENODEV: return "ENODEV";
	case ENXIO: return "ENXIO";
	case ECANCELED: return "ECANCELED";
	case EBUSY: return "EBUSY";
	case EINTR: return "EINTR";
	case EAGAIN: return "EAGAIN";
	case EPERM: return "EPERM";
	case ETIMEDOUT: return "ETIMEDOUT";
	default: return "other";
	}
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int bind_to(int c)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(c, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

/* read_one - one read of the wait file: 0 or the errno */
static int read_one(void)
{
	char buf[LINE_MAX_BYTES];

	return read(fd, buf, sizeof(buf)) < 0 ? errno : 0;
}

struct first {
	pthread_t thread;
	pid_t tid;
	bool sync;
	sem_t ready;
	int err;
	long ms;
};

static void *first_fn(void *arg)
{
	struct first *f = arg;
	long t0;

	f->tid = gettid();
	if (bind_to(cpu))
		f->err = errno;
	else if (f->sync)
		f->err = read_one();
	sem_post(&f->ready);
	if (f->err)
		return NULL;
	t0 = now_ms();
	f->err = read_one();
	f->ms = now_ms() - t0;
	return NULL;
}

/*
 * first_start - a thread that blocks in one read(), 300 ms into it.
 * With @sync it first reads one expiry, so that its measured read starts
 * right after an expiry and still waits, a period of 1 s later, when
 * the second reader comes (else the first read ends within the 300 ms
 * in 30 % of runs and the second reader finds no one waiting).
 */
static int first_start(struct first *f, bool sync)
{
	memset(f, 0, sizeof(*f));
	f->sync = sync;
	if (sem_init(&f->ready, 0, 0) ||
	    pthread_create(&f->thread, NULL, first_fn, f))
		return -1;
	while (sem_wait(&f->ready) && errno == EINTR)
		;
	usleep(300 * 1000);
	return 0;
}

/*
 * first_end - its result, or "first=stuck" when it is still in read()
 * after -w MS: no one will wake it (the process's exit kills it)
 */
static void first_end(struct first *f)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += wait_ms / 1000 + 1;
	if (pthread_timedjoin_np(f->thread, NULL, &ts)) {
		printf("first=stuck\n");
		return;
	}
	printf("first=%s ms=%ld\n", err_name(f->err), f->ms);
}

struct second {
	int err;
	long ms;
};

static void *second_fn(void *arg)
{
	struct second *s = arg;
	long t0 = now_ms();

	s->err = read_one();
	s->ms = now_ms() - t0;
	return NULL;
}

static int mode_thread(void)
{
	struct second s = { 0 };
	struct first f;
	pthread_t t;

	if (first_start(&f, true) || pthread_create(&t, NULL, second_fn, &s))
		return 1;
	pthread_join(t, NULL);
	printf("second=%s ms=%ld\n", err_name(s.err), s.ms);
	first_end(&f);
	return 0;
}

static int mode_fork(void)
{
	struct first f;
	int status;
	pid_t pid;

	if (first_start(&f, true))
		return 1;
	pid = fork();
	if (pid < 0)
		return 1;
	if (!pid) {
		long t0 = now_ms();
		int err = read_one();

		printf("child=%s ms=%ld\n", err_name(err), now_ms() - t0);
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	first_end(&f);
	return 0;
}

/* struct ring - the one io_uring of uring mode, mapped by hand */
struct ring {
	int fd;
	unsigned int *sq_tail, *sq_mask, *sq_array;
	unsigned int *cq_head, *cq_tail, *cq_mask;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
};

static int ring_setup(struct ring *r)
{
	struct io_uring_params p;
	cpu_set_t set;
	char *sq, *cq;

	memset(&p, 0, sizeof(p));
	r->fd = syscall(__NR_io_uring_setup, 4, &p);
	if (r->fd < 0)
		return -1;
	sq = mmap(NULL, p.sq_off.array + p.sq_entries * sizeof(unsigned int),
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
		  IORING_OFF_SQ_RING);
	cq = mmap(NULL, p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe),
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
		  IORING_OFF_CQ_RING);
	r->sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe),
		       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
		       IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || r->sqes == MAP_FAILED)
		return -1;
	r->sq_tail = (unsigned int *)(sq + p.sq_off.tail);
	r->sq_mask = (unsigned int *)(sq + p.sq_off.ring_mask);
	r->sq_array = (unsigned int *)(sq + p.sq_off.array);
	r->cq_head = (unsigned int *)(cq + p.cq_off.head);
	r->cq_tail = (unsigned int *)(cq + p.cq_off.tail);
	r->cq_mask = (unsigned int *)(cq + p.cq_off.ring_mask);
	r->cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
	/* its worker must pass the wait file's "bound to CPU alone" */
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return syscall(__NR_io_uring_register, r->fd, IORING_REGISTER_IOWQ_AFF,
		       &set, sizeof(set));
}

static int mode_uring(void)
{
	static char buf[LINE_MAX_BYTES];
	struct io_uring_sqe *sqe;
	struct pollfd pfd;
	struct first f;
	struct ring r;
	unsigned int tail;
	long t0;
	int res;

	if (ring_setup(&r)) {
		printf("uring=setup-failed errno=%d %s\n", errno, strerror(errno));
		return 1;
	}
	if (first_start(&f, true))
		return 1;
	/*
	 * The first read blocks already; O_NONBLOCK now makes io_uring issue
	 * the read at once, in this thread: a file that polls would else get
	 * it only once poll says readable, after the first reader's expiry
	 */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK))
		return 1;
	tail = *r.sq_tail;
	sqe = &r.sqes[tail & *r.sq_mask];
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = IORING_OP_READ;
	sqe->fd = fd;
	sqe->addr = (unsigned long)buf;
	sqe->len = sizeof(buf);
	sqe->off = -1;	/* at the file position, as read() */
	r.sq_array[tail & *r.sq_mask] = tail & *r.sq_mask;
	__atomic_store_n(r.sq_tail, tail + 1, __ATOMIC_RELEASE);
	t0 = now_ms();
	if (syscall(__NR_io_uring_enter, r.fd, 1, 0, 0, NULL, 0) != 1) {
		printf("uring=enter-failed errno=%d %s\n", errno, strerror(errno));
		return 1;
	}
	pfd.fd = r.fd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, wait_ms) != 1) {
		printf("uring=ETIMEDOUT ms=%ld\n", now_ms() - t0);
	} else {
		unsigned int head = *r.cq_head;

		res = r.cqes[head & *r.cq_mask].res;
		__atomic_store_n(r.cq_head, head + 1, __ATOMIC_RELEASE);
		printf("uring=%s ms=%ld\n", err_name(res < 0 ? -res : 0),
		       now_ms() - t0);
	}
	fflush(stdout);
	first_end(&f);
	return 0;
}

/* poll_one - poll the wait file for @ms: "NAME=N revents=0xR ms=T" */
static void poll_one(const char *name, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLRDNORM };
	long t0 = now_ms();
	int n = poll(&pfd, 1, ms);

	printf("%s=%d revents=0x%x ms=%ld\n", name, n, n > 0 ? pfd.revents : 0,
	       now_ms() - t0);
}

/* epoll_one - epoll_wait on @ep for @ms: "NAME=N events=0xE ms=T" */
static void epoll_one(int ep, const char *name, int ms)
{
	struct epoll_event ev = { 0 };
	long t0 = now_ms();
	int n = epoll_wait(ep, &ev, 1, ms);

	printf("%s=%d events=0x%x ms=%ld\n", name, n, n > 0 ? ev.events : 0,
	       now_ms() - t0);
}

/* read_timed - one read: "NAME=ERR ms=T" */
static void read_timed(const char *name)
{
	long t0 = now_ms();
	int err = read_one();

	printf("%s=%s ms=%ld\n", name, err_name(err), now_ms() - t0);
}

static int mode_poll(void)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int ep;

	if (bind_to(cpu))
		return 1;
	read_timed("read");
	poll_one("poll0", 0);
	poll_one("poll", wait_ms);
	read_timed("read_polled");
	poll_one("poll0_after", 0);

	ep = epoll_create1(0);
	if (ep < 0)
		return 1;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev)) {
		printf("epoll_ctl=%s\n", err_name(errno));
	} else {
		printf("epoll_ctl=ok\n");
		epoll_one(ep, "epoll", wait_ms);
		read_timed("read_epolled");
		epoll_one(ep, "epoll0", 0);
	}
	close(ep);

	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK))
		return 1;
	read_timed("nonblock");
	poll_one("poll_nb", wait_ms);
	read_timed("nonblock_polled");
	return 0;
}

static int mode_moved(void)
{
	struct first f;
	cpu_set_t set;

	if (cpu2 < 0)
		return 2;
	/* first_start() gives it 300 ms: it is inside the module's delay */
	if (first_start(&f, false))
		return 1;
	CPU_ZERO(&set);
	CPU_SET(cpu2, &set);
	if (sched_setaffinity(f.tid, sizeof(set), &set))
		return 1;
	pthread_join(f.thread, NULL);
	printf("moved=%s ms=%ld\n", err_name(f.err), f.ms);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = NULL;
	char path[96];
	int opt, ret;

	while ((opt = getopt(argc, argv, "m:c:t:w:")) != -1) {
		switch (opt) {
		case 'm': mode = optarg; break;
		case 'c': cpu = atoi(optarg); break;
		case 't': cpu2 = atoi(optarg); break;
		case 'w': wait_ms = atoi(optarg); break;
		default: mode = NULL; cpu = -1; break;
		}
	}
	if (!mode || cpu < 0) {
		fprintf(stderr, "usage: vmlat-waiters -m thread|fork|uring|poll|moved -c CPU [-t CPU2] [-w MS]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* every thread the tool starts inherits it */
	if (bind_to(cpu)) {
		perror("vmlat-waiters: sched_setaffinity");
		return 1;
	}
	snprintf(path, sizeof(path), "/sys/kernel/debug/vmlat/per_cpu/cpu%d/wait", cpu);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	if (!strcmp(mode, "thread"))
		ret = mode_thread();
	else if (!strcmp(mode, "fork"))
		ret = mode_fork();
	else if (!strcmp(mode, "uring"))
		ret = mode_uring();
	else if (!strcmp(mode, "poll"))
		ret = mode_poll();
	else if (!strcmp(mode, "moved"))
		ret = mode_moved();
	else
		ret = 2;
	fflush(stdout);
	close(fd);
	return ret;
}
