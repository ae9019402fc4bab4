/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure arithmetic on vmlat's log-linear histograms: percentiles, merging
 * CPUs and the difference of two snapshots (watch). No I/O here, so the
 * host unit tests can drive every corner.
 */
#ifndef VMLAT_STATS_H
#define VMLAT_STATS_H

#include <stdbool.h>

#include "vmlat_hist.h"		/* abi/: the bucket layout */
#include "vmlat_names.h"	/* abi/: histogram kinds */

#define VMLAT_CPU_ALL		(-1)

/*
 * One histogram file as the reader holds it: its header values and the
 * bucket counts (the module's struct vmlat_hist is the live histogram).
 */
struct vmlat_hist_file {
	unsigned int		kind;
	int			cpu;
	unsigned long long	period_us;
	unsigned long long	elapsed_ns;
	unsigned long long	samples;
	unsigned long long	missed;
	unsigned long long	min_ns;
	unsigned long long	max_ns;
	unsigned long long	sum_ns;
	unsigned long long	count[VMLAT_HIST_BUCKETS];
};

/* What one wake-up stage of a CPU did during one watch interval. */
struct vmlat_stage_interval {
	bool			shown;		/* the stage has figures */
	bool			max_exact;
	unsigned long long	samples;
	unsigned long long	missed;
	unsigned long long	p99_ns;
	unsigned long long	max_ns;
	/* the lateness, then its irq, stolen and sched parts, summed */
	unsigned long long	sum_ns[VMLAT_NR_SPLIT_PARTS];
	/*
	 * of the irq part's sum, the IRQs' own stolen part, and the lateness
	 * sum it is a share of: from the summary, which alone has it
	 */
	bool			has_irq_stolen;
	unsigned long long	irq_stolen_ns;
	unsigned long long	irq_stolen_of_ns;
};

/* What one CPU did during one watch interval. */
struct vmlat_interval {
	int			cpu;
	bool			reset;		/* a reset in between */
	bool			max_exact;	/* max_ns is exact */
	bool			has_steal;
	unsigned long long	samples;
	unsigned long long	missed;
	unsigned long long	p99_ns;
	unsigned long long	max_ns;
	unsigned long long	elapsed_ns;
	unsigned long long	steal_ns;
	/*
	 * The worst residual (lateness less steal) in the interval, exact or
	 * a bucket bound as max_ns; with steal known, max_ns - residual_max_ns
	 * is at least the stolen part of the interval's worst expiry.
	 */
	unsigned long long	residual_max_ns;
	/*
	 * The residual by cause in the interval (VMLAT_CAUSE_*: unreported,
	 * guest, undetermined), from the summary's sums, when the module
	 * has them
	 */
	bool			has_cause;
	unsigned long long	cause_ns[VMLAT_NR_CAUSES];
	struct vmlat_stage_interval stage[VMLAT_NR_STAGES];
};

unsigned long long vmlat_percentile(const struct vmlat_hist_file *h,
				    unsigned int ppm);
unsigned long long vmlat_hist_avg(const struct vmlat_hist_file *h);
void vmlat_hist_file_merge(struct vmlat_hist_file *dst,
			   const struct vmlat_hist_file *src);
bool vmlat_hist_delta(struct vmlat_hist_file *out,
		      const struct vmlat_hist_file *cur,
		      const struct vmlat_hist_file *prev);
unsigned long long vmlat_counter_delta(bool reset, unsigned long long cur,
				       unsigned long long prev);
void vmlat_interval_compute(struct vmlat_interval *iv,
			    const struct vmlat_hist_file *cur,
			    const struct vmlat_hist_file *prev,
			    bool has_steal,
			    unsigned long long steal_cur,
			    unsigned long long steal_prev);
void vmlat_interval_stage(struct vmlat_stage_interval *st, unsigned int stage,
			  const struct vmlat_hist_file *cur,
			  const struct vmlat_hist_file *prev);
void vmlat_interval_irq_stolen(struct vmlat_stage_interval *st,
			       unsigned long long irq_stolen_cur,
			       unsigned long long irq_stolen_prev,
			       unsigned long long sum_cur,
			       unsigned long long sum_prev);
void vmlat_interval_residual(struct vmlat_interval *iv,
			     const struct vmlat_hist_file *cur,
			     const struct vmlat_hist_file *prev);

#endif /* VMLAT_STATS_H */
