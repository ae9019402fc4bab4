// SPDX-License-Identifier: GPL-2.0
/*
 * vmlat-waiter: the guest tests' raw user-stage client. Binds itself to
 * one CPU (optionally SCHED_FIFO), opens that CPU's wait file and reads
 * it N times, printing each line as read; on a failed read it prints
 * "error=NAME errno=N" (strerror's text after it) and exits 3, so the
 * tests can check each documented error.
 *
 * Usage: vmlat-waiter -c CPU [-n READS] [-p PRIO] [-u] [-b BYTES]
 *   -u  do not bind to the CPU (the read must fail with EINVAL)
 *   -b  the read's buffer size (default 4096)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *err_name(int e)
{
	switch (e) {
	case EINVAL: return "EINVAL";
	case ENODEV: return "ENODEV";
	case ENXIO: return "ENXIO";
	case ECANCELED: return "ECANCELED";
	case EBUSY: return "EBUSY";
	case EINTR: return "EINTR";
	default: return "other";
	}
}

int main(int argc, char **argv)
{
	int cpu = -1, reads = 1, prio = 0, bind = 1, opt, fd, i;
	size_t bytes = 4096;
	char path[96], *buf;
	ssize_t n;

	while ((opt = getopt(argc, argv, "c:n:p:ub:")) != -1) {
		switch (opt) {
		case 'c': cpu = atoi(optarg); break;
		case 'n': reads = atoi(optarg); break;
		case 'p': prio = atoi(optarg); break;
		case 'u': bind = 0; break;
		case 'b': bytes = strtoul(optarg, NULL, 10); break;
		default:
			fprintf(stderr, "usage: vmlat-waiter -c CPU [-n READS] [-p PRIO] [-u] [-b BYTES]\n");
			return 2;
		}
	}
	if (cpu < 0) {
		fprintf(stderr, "vmlat-waiter: -c CPU is required\n");
		return 2;
	}
	if (bind) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set)) {
			perror("vmlat-waiter: sched_setaffinity");
			return 1;
		}
	}
	if (prio) {
		struct sched_param sp = { .sched_priority = prio };

		if (sched_setscheduler(0, SCHED_FIFO, &sp)) {
			perror("vmlat-waiter: sched_setscheduler");
			return 1;
		}
	}
	snprintf(path, sizeof(path), "/sys/kernel/debug/vmlat/per_cpu/cpu%d/wait", cpu);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	buf = malloc(bytes + 1);
	if (!buf)
		return 1;
	for (i = 0; i < reads; i++) {
		n = read(fd, buf, bytes);
		if (n < 0) {
			printf("error=%s errno=%d %s\n", err_name(errno), errno, strerror(errno));
			fflush(stdout);
			return 3;
		}
		buf[n] = '\0';
		fputs(buf, stdout);
	}
	fflush(stdout);
	close(fd);
	return 0;
}
