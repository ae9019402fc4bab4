// SPDX-License-Identifier: GPL-2.0
/*
 * kvm-mon: the L2 workload and monitor of the nested-KVM tier.
 *
 * Keeps every L2 vCPU busy with a user-space spin loop (one process pinned
 * to each CPU, so each vCPU thread in L1 always wants its CPU and any time
 * it waits in L1's run queue is steal), and from the process on cpu0
 * prints, every INTERVAL_MS, one line of each CPU's steal as L2's kernel
 * and vmlat see it:
 *
 *   KMON t_ms=T stat0=MS steal0=NS el0=NS [stat1=MS steal1=NS el1=NS ...]
 *
 * t_ms is CLOCK_MONOTONIC; statN is /proc/stat's steal column of cpuN in
 * ms (USER_HZ ticks); stealN and elN are vmlat's summary keys steal_ns and
 * elapsed_ns of cpu=N (-1 when the key is absent: no steal source).
 *
 * Usage: kvm-mon [-n|-i] INTERVAL_MS SECONDS
 *   -n  no spinners: only cpu0's monitor loop keeps its vCPU busy
 *   -i  idle: no spinners, and the monitor sleeps between its lines, so
 *       that only vmlat's timer (and the monitor once an interval) wakes
 *       the vCPUs: steal then accrues only while a woken vCPU waits
 *
 * A spinner re-pins itself now and then: a CPU taken offline moves it
 * elsewhere, and it goes back when the CPU comes online again.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define MAX_CPUS	8
#define SUMMARY		"/sys/kernel/debug/vmlat/summary"

struct cpu_figs {
	long long stat_ms;
	long long steal_ns;
	long long elapsed_ns;
};

static struct cpu_figs figs[MAX_CPUS];
static pid_t spinners[MAX_CPUS];
static int ncpus;

/* now_ms - CLOCK_MONOTONIC in ms */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* pin - bind the calling process to @cpu; 0 on success */
static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

/* start_spinners - one busy child pinned to each CPU but cpu0 */
static void start_spinners(void)
{
	volatile unsigned long sink = 0;
	int cpu;

	for (cpu = 1; cpu < ncpus; cpu++) {
		spinners[cpu] = fork();
		if (spinners[cpu] == 0) {
			pin(cpu);
			for (;;)
				if (!(++sink & 0xffffff))
					pin(cpu);
		}
	}
}

/* stop_spinners - kill the children start_spinners() made */
static void stop_spinners(void)
{
	int cpu;

	for (cpu = 1; cpu < ncpus; cpu++)
		if (spinners[cpu] > 0)
			kill(spinners[cpu], SIGKILL);
}

/* read_stat - each CPU's steal column of /proc/stat, in ms */
static void read_stat(long hz)
{
	unsigned long long v[8];
	char line[512];
	FILE *f = fopen("/proc/stat", "r");
	int cpu;

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "cpu%d %llu %llu %llu %llu %llu %llu %llu %llu",
			   &cpu, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
			   &v[6], &v[7]) != 9)
			continue;
		if (cpu >= 0 && cpu < ncpus)
			figs[cpu].stat_ms = v[7] * 1000 / hz;
	}
	fclose(f);
}

/* key_value - the number after " KEY=" in @line, or -1 */
static long long key_value(const char *line, const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), " %s=", key);
	p = strstr(line, pat);
	return p ? atoll(p + strlen(pat)) : -1;
}

/* read_summary - steal_ns and elapsed_ns of each CPU from vmlat's summary */
static void read_summary(void)
{
	char line[2048];
	FILE *f = fopen(SUMMARY, "r");
	int cpu;

	for (cpu = 0; cpu < ncpus; cpu++)
		figs[cpu].steal_ns = figs[cpu].elapsed_ns = -1;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "cpu=%d ", &cpu) != 1 || cpu < 0 || cpu >= ncpus)
			continue;
		figs[cpu].steal_ns = key_value(line, "steal_ns");
		figs[cpu].elapsed_ns = key_value(line, "elapsed_ns");
	}
	fclose(f);
}

/* report - one KMON line */
static void report(long long t)
{
	int cpu;

	printf("KMON t_ms=%lld", t);
	for (cpu = 0; cpu < ncpus; cpu++)
		printf(" stat%d=%lld steal%d=%lld el%d=%lld", cpu,
		       figs[cpu].stat_ms, cpu, figs[cpu].steal_ns, cpu,
		       figs[cpu].elapsed_ns);
	printf("\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	long long interval, end, next, t;
	long hz = sysconf(_SC_CLK_TCK);
	int spin = 1, idle = 0;
	struct timespec ts;

	if (argc > 1 && (!strcmp(argv[1], "-n") || !strcmp(argv[1], "-i"))) {
		spin = 0;
		idle = argv[1][1] == 'i';
		argv++;
		argc--;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: kvm-mon [-n|-i] INTERVAL_MS SECONDS\n");
		return 64;
	}
	interval = atoll(argv[1]);
	ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpus > MAX_CPUS)
		ncpus = MAX_CPUS;
	if (pin(0))
		perror("kvm-mon: pin to cpu0");
	if (spin)
		start_spinners();

	next = now_ms();
	end = next + atoll(argv[2]) * 1000;
	while ((t = now_ms()) < end) {
		if (t < next) {
			if (idle) {
				ts.tv_sec = (next - t) / 1000;
				ts.tv_nsec = (next - t) % 1000 * 1000000;
				nanosleep(&ts, NULL);
			}
			continue;
		}
		read_stat(hz);
		read_summary();
		report(t);
		next += interval;
		if (next <= t)	/* late: no burst of lines to catch up */
			next = t + interval;
	}
	stop_spinners();
	return 0;
}
