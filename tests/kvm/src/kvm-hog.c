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
 * With -b it blocks instead, as a cloud host's steal comes: every
 * GAP_MIN..GAP_MAX ms (start to start) it spins BLOCK_MIN..BLOCK_MAX ms,
 * both drawn uniformly from a fixed-seed generator, so the schedule is
 * the same on every run (the seed's 30-100 ms every 1-2 s averages 43
 * ms/s).
 *
 * Usage: kvm-hog [-f PRIO] DUTY_PCT PERIOD_MS SECONDS
 *        kvm-hog [-f PRIO] -b BLOCK_MIN-BLOCK_MAX GAP_MIN-GAP_MAX SECONDS
 * Prints one line on stderr when done: what it asked, and what it spun
 * per second of its run (spun_ms_per_s), the steal a vCPU that always
 * wants the CPU should see; with -b also the blocks it spun and the
 * shortest and longest, after one line per block as it ends ("block
 * t_ms=START ms=LENGTH", START in CLOCK_MONOTONIC ms).
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
	fprintf(stderr, "usage: kvm-hog [-f PRIO] DUTY_PCT PERIOD_MS SECONDS\n"
		"       kvm-hog [-f PRIO] -b BLOCK_MIN-BLOCK_MAX GAP_MIN-GAP_MAX SECONDS\n");
	exit(64);
}

/* range - "LO-HI" (ms) into @lo, @hi (ns); usage() when malformed */
static void range(const char *s, int64_t *lo, int64_t *hi)
{
	long long a, b;

	if (sscanf(s, "%lld-%lld", &a, &b) != 2 || a <= 0 || b < a)
		usage();
	*lo = a * NSEC_PER_MSEC;
	*hi = b * NSEC_PER_MSEC;
}

/* draw - a value in [@lo, @hi] from a fixed-seed LCG (same every run) */
static int64_t draw(int64_t lo, int64_t hi)
{
	static uint64_t x = 0x766d6c6174ULL;

	x = x * 6364136223846793005ULL + 1442695040888963407ULL;
	return lo + (int64_t)((x >> 33) % (uint64_t)(hi - lo + 1));
}

/* spin_until - busy until @t or @end; the time it returns at */
static int64_t spin_until(int64_t t, int64_t end)
{
	int64_t n;

	while ((n = now_ns()) < t && n < end)
		;
	return n;
}

/*
 * blocks - the -b mode: spin a drawn block every drawn gap until @end;
 * prints the result line
 */
static int blocks(const char *blk, const char *gap, int64_t start,
		  int64_t end, int prio)
{
	int64_t blo, bhi, glo, ghi, t0 = start, s, t, b, spun = 0;
	int64_t bmin = -1, bmax = 0;
	long n = 0;

	range(blk, &blo, &bhi);
	range(gap, &glo, &ghi);
	while ((t0 += draw(glo, ghi)) < end) {
		sleep_until(t0);
		s = now_ns();
		t = spin_until(s + draw(blo, bhi), end);
		b = t - s;
		spun += b;
		/* each block, for the host to sum those inside its window */
		fprintf(stderr, "block t_ms=%.1f ms=%.1f\n", s / 1e6, b / 1e6);
		n++;
		if (bmin < 0 || b < bmin)
			bmin = b;
		if (b > bmax)
			bmax = b;
		if (t0 < t)
			t0 = t;	/* overran: the next gap starts here */
	}
	sleep_until(end);
	t = now_ns();
	fprintf(stderr, "mode=block block_ms=%s gap_ms=%s fifo=%d ran_ms=%lld spun_ms=%lld blocks=%ld block_min_ms=%.1f block_max_ms=%.1f spun_ms_per_s=%.1f\n",
		blk, gap, prio, (long long)((t - start) / NSEC_PER_MSEC),
		(long long)(spun / NSEC_PER_MSEC), n,
		bmin < 0 ? 0.0 : bmin / 1e6, bmax / 1e6,
		spun * 1000.0 / (t - start));
	return 0;
}

int main(int argc, char **argv)
{
	int64_t period, busy, start, end, t0, s, t, spun = 0;
	int prio = 0, duty, opt, block = 0;

	while ((opt = getopt(argc, argv, "bf:")) != -1) {
		if (opt == 'b')
			block = 1;
		else if (opt == 'f')
			prio = atoi(optarg);
		else
			usage();
	}
	if (argc - optind != 3)
		usage();
	if (block) {
		if (prio && set_fifo(prio))
			return 1;
		start = now_ns();
		end = start + (int64_t)(atof(argv[optind + 2]) * NSEC_PER_SEC);
		return blocks(argv[optind], argv[optind + 1], start, end, prio);
	}
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
