// SPDX-License-Identifier: GPL-2.0
/*
 * kvm-hog: a CPU hog with a fixed duty cycle, run in L1 on the L1 CPU of
 * an L2 vCPU thread, so that the thread waits runnable in L1's run queue
 * (run_delay, which KVM publishes to L2 as steal).
 *
 * Every PERIOD_MS it spins DUTY percent of the period and sleeps the rest,
 * for SECONDS seconds. Periods start on an absolute grid (no drift); the
 * spin is timed from the actual wake-up, so a wake-up that comes late
 * (they do under TCG) still spins the whole share; a period overrun
 * restarts the grid. With -f PRIO it runs SCHED_FIFO at PRIO: it preempts
 * the vCPU thread at once, so the duty maps to steal nearly 1:1 (up to RT
 * throttling's 95 %).
 *
 * Usage: kvm-hog [-f PRIO] DUTY_PCT PERIOD_MS SECONDS
 * Prints one line on stderr when done: what it asked, and what it spun
 * per second of its run (spun_ms_per_s), the steal a vCPU that always
 * wants the CPU should see.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define NSEC_PER_SEC	1000000000LL
#define NSEC_PER_MSEC	1000000LL

/* now_ns - CLOCK_MONOTONIC in ns */
static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

/* sleep_until - absolute sleep to @t ns of CLOCK_MONOTONIC */
static void sleep_until(int64_t t)
{
	struct timespec ts = { .tv_sec = t / NSEC_PER_SEC,
			       .tv_nsec = t % NSEC_PER_SEC };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL))
		;
}

/* set_fifo - make the calling thread SCHED_FIFO at @prio; 0 on success */
static int set_fifo(int prio)
{
	struct sched_param sp = { .sched_priority = prio };

	if (sched_setscheduler(0, SCHED_FIFO, &sp)) {
		perror("kvm-hog: sched_setscheduler");
		return -1;
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: kvm-hog [-f PRIO] DUTY_PCT PERIOD_MS SECONDS\n");
	exit(64);
}

int main(int argc, char **argv)
{
	int64_t period, busy, start, end, t0, s, t, spun = 0;
	int prio = 0, duty, opt;

	while ((opt = getopt(argc, argv, "f:")) != -1) {
		if (opt != 'f')
			usage();
		prio = atoi(optarg);
	}
	if (argc - optind != 3)
		usage();
	duty = atoi(argv[optind]);
	period = atoll(argv[optind + 1]) * NSEC_PER_MSEC;
	if (duty < 0 || duty > 100 || period <= 0)
		usage();
	busy = period * duty / 100;
	if (prio && set_fifo(prio))
		return 1;

	start = now_ns();
	end = start + (int64_t)(atof(argv[optind + 2]) * NSEC_PER_SEC);
	t0 = start;
	while (t0 < end) {
		s = now_ns();
		while ((t = now_ns()) < s + busy && t < end)
			;
		spun += t - s;
		t0 += period;
		if (t0 > t)
			sleep_until(t0);
		else
			t0 = t;	/* overran: the grid restarts here */
	}
	t = now_ns();
	fprintf(stderr, "duty=%d period_ms=%lld fifo=%d ran_ms=%lld spun_ms=%lld spun_ms_per_s=%.1f\n",
		duty, (long long)(period / NSEC_PER_MSEC), prio,
		(long long)((t - start) / NSEC_PER_MSEC),
		(long long)(spun / NSEC_PER_MSEC), spun * 1000.0 / (t - start));
	return 0;
}
