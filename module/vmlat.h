/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmlat's types, shared by the module's files: the knobs' values, each
 * CPU's sampler, statistics and steal clock. Functions and variables are
 * declared in the header of the file that defines them (vmlat_state.h,
 * vmlat_sampler.h, vmlat_main.h, vmlat_stage.h, ...).
 *
 * The data path: the per-CPU hrtimer fires (vmlat_sampler.c), measures
 * its lateness and the steal since its last expiry (vmlat_steal.c),
 * records both in that CPU's histograms under the CPU's seqcount, and
 * fires the vmlat_sample tracepoint. debugfs readers (vmlat_debugfs.c)
 * take consistent per-CPU snapshots. Knobs (vmlat_knobs.c) and CPU
 * hotplug (vmlat_main.c) start, stop and re-arm the timers.
 */
#ifndef VMLAT_H
#define VMLAT_H

#include <linux/atomic.h>
#include <linux/cache.h>
#include <linux/cpumask.h>
#include <linux/hrtimer.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/seqlock.h>
#include <linux/stddef.h>
#include <linux/types.h>

#include "vmlat_grammar.h"	/* the knobs' ranges */
#include "vmlat_hist.h"
#include "vmlat_names.h"	/* enum vmlat_steal_source */

struct kvm_steal_time;
struct task_struct;

/*
 * struct vmlat_steal_clock - one CPU's steal source; the timer callback
 * reads only the first two fields
 */
struct vmlat_steal_clock {
	enum vmlat_steal_source source;
	const struct kvm_steal_time *kst;	/* kvm and sim */
	void *map;				/* kvm: to memunmap() */
	const char *reason;			/* why this source */
};

/**
 * vmlat_period_floor_us() - the shortest period_us the timers can keep
 *
 * hrtimer_forward() silently stretches an interval below
 * hrtimer_resolution to it: 1 ns with high-resolution timers, a tick
 * (TICK_NSEC, 4 ms at HZ=250) without them (booted highres=off, or no
 * oneshot clock event device). Rounded up to a whole us, and never below
 * VMLAT_PERIOD_US_MIN.
 */
static inline u64 vmlat_period_floor_us(void)
{
	return max_t(u64, VMLAT_PERIOD_US_MIN,
		     DIV_ROUND_UP(hrtimer_resolution, NSEC_PER_USEC));
}

/*
 * struct vmlat_stats - everything a reader sees of one CPU
 *
 * Written only by the owning CPU with interrupts off (the timer callback,
 * or a control IPI), or by anyone while that CPU is offline, always inside
 * the CPU's seqcount write section; read as one snapshot.
 *
 * The counters an expiry writes share the first cache line; the others
 * are written rarely, or only in a reader's snapshot (vmlat_cpu_snapshot()
 * derives them from the histograms).
 */
struct vmlat_stats {
	/* the counters: a reset zeroes them in one go */
	struct_group(counters,
		/* written by expiries */
		u64 missed;		/* periods it could not fire in */
		u64 max_at_ns;		/* when the worst lateness was due */
		u64 self_min_ns;	/* cost of the callback itself */
		u64 self_max_ns;
		u64 self_sum_ns;
		u64 steal_stale_reads;	/* expiries whose steal read gave up */
		/* tracing_off() calls made by stop_tracing_ns */
		u64 trace_stops;
		u64 hardirq_misses;	/* callbacks not in hard-IRQ context */
		/* residual by cause (enum vmlat_cause): sums to residual's */
		u64 cause_ns[VMLAT_NR_CAUSES];
		/* written rarely */
		u64 snapshot_ipis;	/* reads that fell back to an IPI */
		u64 elapsed_ns;		/* sampled time, closed intervals */
		u64 armed_at_ns;	/* open interval's start, when active */
		/* derived in a snapshot only */
		u64 steal_expiries;	/* expiries with steal_delta_ns > 0 */
		u64 stolen_ns;		/* sum of min(lateness, steal_delta) */
		bool active;		/* timer armed now */
	);
	/*
	 * Whether the residual histogram is written. Until a steal source
	 * gives this CPU's statistics a first stolen part, residual equals
	 * lateness sample by sample: the histogram is not written, and a
	 * snapshot serves lateness as residual (vmlat_cpu_attach_stats()).
	 */
	bool residual_live;
	/* lateness's count, sum, min and max: one line */
	struct vmlat_hist hist[VMLAT_NR_HISTS] ____cacheline_aligned;
};

/*
 * struct vmlat_sample - one expiry's figures, recorded at once or, while
 * a reader copies the statistics, parked until the next expiry
 */
struct vmlat_sample {
	u64 expected_ns;
	u64 lateness_ns;
	u64 steal_delta_ns;
	u64 stolen_ns;
	u64 missed;
	/* u64: a vCPU paused in the callback for 4.3 s would wrap a u32 */
	u64 self_ns;
	u8 ctx;		/* what the interrupt interrupted: VMLAT_CTX_* */
	u8 cause;	/* who the residual goes to: VMLAT_CAUSE_* */
	u8 have_steal:1;
	u8 stale:1;
	u8 stop:1;
	u8 hardirq_miss:1;
};

/*
 * At most this many expiries are parked, for at most this long after the
 * first: a reader's copy of ~13 KiB takes microseconds natively, tens of
 * them under TCG, against 16 periods of 50 us; a slower copy retries
 * under the seqcount as before.
 */
#define VMLAT_PARK_SLOTS	16
#define VMLAT_PARK_MAX_NS	(2 * NSEC_PER_MSEC)

/*
 * struct vmlat_cpu - one CPU's sampler
 *
 * While @readers > 0 the callback parks its sample in @park instead of
 * writing @stats, so that a reader's copy is not torn by it; the next
 * expiry that writes records the parked ones first.
 *
 * Laid out for the callback: the timer and the scalars an expiry reads
 * and writes fill the first two cache lines, the counters it writes the
 * first line of @stats; the parking slots and the control side's fields
 * come last.
 */
struct vmlat_cpu {
	struct hrtimer timer;
	seqcount_t seq;			/* guards stats */
	atomic_t readers;		/* snapshots copying now */
	unsigned int nr_parked;		/* on the CPU only, IRQs off */
	bool last_steal_ok;		/* callback only: last_steal_ns valid */
	u8 stages;			/* stages on: BIT(VMLAT_STAGE_*) */
	u64 last_steal_ns;		/* callback only: last good read */
	/* callback only: the CPU's device interrupts at the last expiry */
	unsigned long last_irqs;
	/* callback only: the idle instruction's IP, once seen */
	unsigned long idle_ip;
	/*
	 * The period the timer was armed with: written on the CPU with
	 * interrupts off (arm, re-arm), so the callback never forwards a
	 * timer by a period it was not armed with.
	 */
	u64 period_ns;
	/*
	 * Expiries before the current statistics (reset or preloaded): an
	 * expiry's trace seq is this plus the samples recorded and parked
	 * since, plus one.
	 */
	u64 seq_base;
	struct vmlat_steal_clock steal;
	struct vmlat_stats stats ____cacheline_aligned;
	struct vmlat_sample park[VMLAT_PARK_SLOTS];
	unsigned int cpu;
	bool armed;			/* control side, under the locks */
} ____cacheline_aligned;

/*
 * struct vmlat_preload - test build only: sums and counts to plant on one
 * stopped CPU, so that readers can be tested at sums no test could wait
 * for (tests/guest/tests/93-big-sums.sh). Every histogram gets @samples
 * values, all in the bucket of its mean.
 */
struct vmlat_preload {
	u64 samples;
	u64 lateness_sum_ns;
	u64 steal_sum_ns;
	u64 stolen_ns;		/* <= both sums above */
	u64 self_sum_ns;
	u64 elapsed_ns;
};

/*
 * struct vmlat_knobs - the knobs' values, in one read-mostly place (the
 * callback reads stop_tracing_ns at each expiry; period_ns reaches it
 * through its CPU's vmlat_cpu, when the timer is armed): written
 * with WRITE_ONCE() under cpus_read_lock() + vmlat_lock, read anywhere
 * with READ_ONCE()
 */
struct vmlat_knobs {
	u64 period_ns;
	u64 stop_tracing_ns;
	u64 trace_floor_ns;	/* min of the two trace knobs that are set */
	u64 trace_threshold_ns;
	bool enabled;
	bool thread;		/* the kernel-thread stage */
	u32 thread_prio;	/* its SCHED_FIFO priority */
	bool user;		/* the user stage: waits in the wait files */
};

#endif /* VMLAT_H */
