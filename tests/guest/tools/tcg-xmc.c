// SPDX-License-Identifier: GPL-2.0
/*
 * tcg-xmc: is cross-modified code seen once the executing CPU serialized?
 *
 * The protocol the kernel's text_poke_bp() relies on, in user space: a
 * writer thread on one CPU stores a new immediate into "mov $imm, %eax;
 * ret" in an executable page (one aligned 4-byte store), then makes every
 * thread of the process execute a core-serializing instruction
 * (membarrier SYNC_CORE, an IPI as text_poke_sync() sends), then
 * publishes the generation. An executor thread on another CPU reads the
 * published generation, calls the code, and counts the calls that
 * returned an older immediate than the generation published before the
 * call began: after a serialization that is stale code, which the
 * architecture forbids (Intel SDM 8.1.3, cross-modifying code). A vCPU
 * that executes stale code at a site the kernel has restored loops on
 * its int3 there (kprobe_int3_handler backs up and retries).
 *
 * No kernel module is involved. Usage: tcg-xmc [SECONDS] (default 20).
 * Exit: 0 never stale, 1 stale code executed, 3 no membarrier SYNC_CORE.
 */
#ifndef _GNU_SOURCE	/* lib.mk passes -D_GNU_SOURCE= */
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <linux/membarrier.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile uint32_t *imm;		/* the immediate inside the code */
static uint32_t (*code)(void);
static uint32_t published;		/* generation synced into the code */
static volatile int stop;
static unsigned long calls, stale, worst_lag;

static int membarrier(int cmd)
{
	return syscall(__NR_membarrier, cmd, 0, 0);
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void *executor(void *arg)
{
	pin(0);
	while (!stop) {
		uint32_t want = __atomic_load_n(&published, __ATOMIC_ACQUIRE);
		uint32_t got = code();

		calls++;
		if (got < want) {
			stale++;
			if (want - got > worst_lag)
				worst_lag = want - got;
		}
	}
	return arg;
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 20;
	unsigned char *page;
	pthread_t t;
	uint32_t gen = 0;
	time_t end;

	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED) {
		perror("tcg-xmc: mmap");
		return 2;
	}
	/* nop; nop; nop; mov $0, %eax; ret: the immediate is 4-byte aligned */
	memcpy(page, "\x90\x90\x90\xb8\x00\x00\x00\x00\xc3", 9);
	imm = (volatile uint32_t *)(page + 4);
	code = (uint32_t (*)(void))page;
	if (membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE)) {
		printf("tcg-xmc: no membarrier SYNC_CORE: %s\n", strerror(errno));
		return 3;
	}
	pthread_create(&t, NULL, executor, NULL);
	pin(1);
	end = time(NULL) + seconds;
	while (time(NULL) < end) {
		*imm = ++gen;
		membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE);
		__atomic_store_n(&published, gen, __ATOMIC_RELEASE);
	}
	stop = 1;
	pthread_join(t, NULL);
	if (stale) {
		printf("tcg-xmc: STALE: %lu of %lu calls ran code older than the synced generation (worst %lu behind; %u writes)\n",
		       stale, calls, worst_lag, gen);
		return 1;
	}
	printf("tcg-xmc: ok: %lu calls, %u cross-modifications, never stale\n",
	       calls, gen);
	return 0;
}
