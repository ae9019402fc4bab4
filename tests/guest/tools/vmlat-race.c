// SPDX-License-Identifier: GPL-2.0
/*
 * vmlat-race: do two CPUs really run at the same time?
 *
 * Two threads, pinned to CPUs 0 and 1, each add 1 to a shared counter
 * ITERATIONS times with a plain (not locked) read-modify-write. When the
 * two CPUs run at once, some updates overlap and are lost. When one host
 * thread runs the vCPUs in turn (QEMU's single-threaded TCG), a switch
 * happens only between translation blocks, never inside the loop's
 * read-modify-write, so none is lost.
 *
 * Usage: vmlat-race [ITERATIONS] (default 20000000)
 * Output: "iterations=N counter=N lost=N"
 */
#ifndef _GNU_SOURCE	/* lib.mk passes -D_GNU_SOURCE= */
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

static volatile unsigned long counter;
static unsigned long iterations = 20000000;
static pthread_barrier_t start;

static void *adder(void *arg)
{
	long cpu = (long)arg;
	cpu_set_t set;
	unsigned long i;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("vmlat-race: sched_setaffinity");
		exit(2);
	}
	pthread_barrier_wait(&start);
	for (i = 0; i < iterations; i++)
		counter = counter + 1;
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t0, t1;

	if (argc > 1)
		iterations = strtoul(argv[1], NULL, 0);
	pthread_barrier_init(&start, NULL, 2);
	pthread_create(&t0, NULL, adder, (void *)0L);
	pthread_create(&t1, NULL, adder, (void *)1L);
	pthread_join(t0, NULL);
	pthread_join(t1, NULL);
	printf("iterations=%lu counter=%lu lost=%lu\n", iterations, counter,
	       2 * iterations - counter);
	return 0;
}
