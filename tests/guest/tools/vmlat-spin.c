// SPDX-License-Identifier: GPL-2.0
/*
 * vmlat-spin: a pinned userspace spin loop for the guest, two uses.
 *
 * Measure (default): spin on one CPU for a fixed time and print how many
 * loop iterations per second it managed. Everything else that runs on
 * that CPU (timer interrupts of vmlat or of the timerlat tracer, the
 * tick) takes time away from the loop, so the ratio of two runs is the
 * share of the CPU the interrupts cost (bench/guest-overhead.sh).
 * Hog (-f): spin until killed, a CPU hog for the stress and soak suites.
 *
 * Usage: vmlat-spin [-c CPU] [-t SECONDS] [-f]
 * Output (measure): "cpu=N seconds=S.SSSSSS iterations=N ips=N"
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BLOCK	4096	/* iterations between two looks at the clock */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	volatile uint64_t sink = 0;
	uint64_t iterations = 0;
	double seconds = 2.0, t0, t1, deadline;
	int cpu = -1, forever = 0, opt, i;

	while ((opt = getopt(argc, argv, "c:t:f")) != -1) {
		switch (opt) {
		case 'c':
			cpu = atoi(optarg);
			break;
		case 't':
			seconds = atof(optarg);
			break;
		case 'f':
			forever = 1;
			break;
		default:
			fprintf(stderr, "usage: vmlat-spin [-c CPU] [-t SECONDS] [-f]\n");
			return 2;
		}
	}
	if (cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set)) {
			fprintf(stderr, "vmlat-spin: cpu %d: %s\n", cpu, strerror(errno));
			return 1;
		}
	}
	if (forever)
		for (;;)
			sink++;

	t0 = now_s();
	deadline = t0 + seconds;
	do {
		for (i = 0; i < BLOCK; i++)
			sink++;
		iterations += BLOCK;
		t1 = now_s();
	} while (t1 < deadline);
	printf("cpu=%d seconds=%.6f iterations=%llu ips=%.0f\n", cpu, t1 - t0,
	       (unsigned long long)iterations, iterations / (t1 - t0));
	return 0;
}
