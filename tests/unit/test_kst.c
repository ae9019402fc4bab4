// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the KVM steal clock reader (module/vmlat_kst.h).
 *
 * A writer thread plays the host: version odd, steal := POISON, steal :=
 * the real (growing) value, version even. The reader under test runs on
 * the other core and must never see POISON nor a value that goes down.
 * The same checker run over a read that ignores the version (a negative
 * control) must catch it, which shows the test can fail. A read that
 * gives up (bounded retries) keeps the previous value, as the sampler does.
 *
 * An area whose version stays odd must make the read give up, quickly and
 * without writing a value: before the bound, the read spun forever.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "tap.h"
#include "vmlat_kst.h"

#define POISON		0xdead0000dead0000ULL
#define READS		4000000UL
/* host updates that must happen while the reads go on */
#define OVERLAP		100000UL
#define NEG_TRIES	50	/* races the negative control may take */

static struct kvm_steal_time st __attribute__((aligned(64)));
static atomic_bool stop_writer;
static atomic_ulong writes;

/* writer - the host's update protocol, with a window for torn reads */
static void *writer(void *arg __attribute__((unused)))
{
	u64 steal = 0;
	unsigned int spin;

	while (!atomic_load_explicit(&stop_writer, memory_order_relaxed)) {
		WRITE_ONCE(st.version, st.version + 1);
		virt_wmb();
		WRITE_ONCE(st.steal, POISON);
		for (spin = 0; spin < 50; spin++)
			__asm__ __volatile__("" ::: "memory");
		steal += 1000;
		WRITE_ONCE(st.steal, steal);
		virt_wmb();
		WRITE_ONCE(st.version, st.version + 1);
		atomic_fetch_add_explicit(&writes, 1, memory_order_relaxed);
	}
	return NULL;
}

static bool naive_read(const struct kvm_steal_time *s, u64 *steal)
{
	*steal = READ_ONCE(s->steal);
	return true;
}

static unsigned long gave_up;

/* race - run @read against the writer; count poison and backward reads */
static void race(bool (*read)(const struct kvm_steal_time *, u64 *),
		 unsigned long *poison, unsigned long *backward,
		 unsigned long *updates)
{
	pthread_t t;
	u64 prev = 0, v;
	unsigned long i, w0;

	*poison = 0;
	*backward = 0;
	gave_up = 0;
	atomic_store(&stop_writer, false);
	atomic_store(&writes, 0);
	pthread_create(&t, NULL, writer, NULL);
	while (atomic_load(&writes) < 1000)
		;
	/*
	 * Read until the writer has also made OVERLAP updates meanwhile: on a
	 * loaded machine it may not run during the first READS reads, and a
	 * race that never overlapped proves nothing either way (a cap of
	 * 100 x READS keeps a stalled writer from hanging the test).
	 */
	w0 = atomic_load(&writes);
	for (i = 0; i < READS || (atomic_load(&writes) - w0 < OVERLAP &&
				  i < 100 * READS); i++) {
		v = prev;
		if (!read(&st, &v))
			gave_up++;
		if (v == POISON) {
			(*poison)++;
			continue;
		}
		if (v < prev)
			(*backward)++;
		prev = v;
	}
	*updates = atomic_load(&writes) - w0;
	atomic_store(&stop_writer, true);
	pthread_join(t, NULL);
}

static void test_seqcount(void)
{
	unsigned long poison, backward, updates;
	unsigned int tries;

	race(vmlat_kst_read, &poison, &backward, &updates);
	tap_diag("vmlat_kst_read: %lu+ reads against %lu host updates, %lu gave up",
		 READS, updates, gave_up);
	tap_ok(updates >= OVERLAP,
	       "the writer made enough updates during the reads to race (%lu)",
	       updates);
	tap_ok(!poison, "vmlat_kst_read never returns a value from mid-update (%lu)",
	       poison);
	tap_ok(!backward, "vmlat_kst_read never goes backwards (%lu)",
	       backward);

	/*
	 * A torn read needs the reader to run while the writer is inside
	 * its window: on a loaded machine both threads may share one core,
	 * and a race can pass without one preemption there. Race again, up
	 * to NEG_TRIES times, until one is seen.
	 */
	for (tries = 1; tries <= NEG_TRIES; tries++) {
		race(naive_read, &poison, &backward, &updates);
		if (poison)
			break;
	}
	tap_ok(poison > 0,
	       "negative control: the same test catches a read without the version loop (%lu torn reads, race %u of at most %u)",
	       poison, tries > NEG_TRIES ? NEG_TRIES : tries, NEG_TRIES);
}

static struct kvm_steal_time stuck __attribute__((aligned(64)));
static atomic_int stuck_done;
static bool stuck_ret;
static u64 stuck_val = POISON;

static void *stuck_reader(void *arg __attribute__((unused)))
{
	stuck_ret = vmlat_kst_read(&stuck, &stuck_val);
	atomic_store(&stuck_done, 1);
	return NULL;
}

/* test_stuck - an odd version that never changes: give up, write nothing */
static void test_stuck(void)
{
	struct timespec pause = { .tv_nsec = 1000000 };
	pthread_t t;
	u64 v = POISON;
	int ms;

	stuck.version = 7;
	stuck.steal = 12345;
	pthread_create(&t, NULL, stuck_reader, NULL);
	for (ms = 0; ms < 2000 && !atomic_load(&stuck_done); ms++)
		nanosleep(&pause, NULL);
	if (!tap_ok(atomic_load(&stuck_done),
		    "a stuck area (odd version forever): the read returns (waited %d ms)",
		    ms)) {
		tap_diag("the read still spins: giving up on the thread");
		return;
	}
	pthread_join(t, NULL);
	tap_ok(!stuck_ret && stuck_val == POISON,
	       "a stuck area: the read gives up and writes no value");

	stuck.version = 8;
	tap_ok(vmlat_kst_read(&stuck, &v) && v == 12345,
	       "the same area with an even version reads its steal");
}

static void test_msr(void)
{
	u64 gpa = 0x1234;

	tap_ok(!vmlat_kst_msr_decode(0, &gpa) && gpa == 0x1234,
	       "MSR 0: not registered, address untouched");
	tap_ok(!vmlat_kst_msr_decode(0x7fff0040ULL, &gpa) && gpa == 0x1234,
	       "enabled bit clear: not registered");
	tap_ok(vmlat_kst_msr_decode(0x7fff0041ULL, &gpa) && gpa == 0x7fff0040ULL,
	       "enabled: address is the MSR without bit 0");
	tap_ok(vmlat_kst_msr_decode(0xfedcba987654327fULL, &gpa) &&
	       gpa == 0xfedcba9876543240ULL,
	       "bits 5:1 are not part of the 64-byte aligned address");
}

static void test_attribution(void)
{
	tap_ok(vmlat_stolen_part(100, 0) == 0, "no steal: nothing stolen");
	tap_ok(vmlat_stolen_part(100, 30) == 30,
	       "steal below lateness: all of it stolen, residual 70");
	tap_ok(vmlat_stolen_part(100, 500) == 100,
	       "steal above lateness: stolen part capped at the lateness");
	tap_ok(vmlat_stolen_part(0, 500) == 0,
	       "an on-time expiry has nothing stolen");
	tap_ok(vmlat_stolen_part(UINT64_MAX, UINT64_MAX - 1) == UINT64_MAX - 1,
	       "no overflow at the top of the range");
}

int main(void)
{
	tap_header();
	test_msr();
	test_attribution();
	test_stuck();
	test_seqcount();
	return tap_finish();
}
