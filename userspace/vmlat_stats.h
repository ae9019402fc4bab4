/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure arithmetic on vmlat's log-linear histograms: bucket bounds,
 * percentiles, merging CPUs and the difference of two snapshots (watch).
 * No I/O here, so the host unit tests can drive every corner.
 */
#ifndef VMLAT_STATS_H
#define VMLAT_STATS_H

#include <stdbool.h>

/* 16 exact buckets, 32 powers of two split 16 ways, one top bucket */
#define VMLAT_NR_BUCKETS	529
#define VMLAT_TOP_BUCKET	(VMLAT_NR_BUCKETS - 1)
#define VMLAT_CPU_ALL		(-1)

enum vmlat_hist_kind {
	VMLAT_HIST_LATENESS,
	VMLAT_HIST_STEAL,
	VMLAT_HIST_RESIDUAL,
	VMLAT_NR_HIST,
};

/* One histogram file: header values and the bucket counts. */
struct vmlat_hist {
	enum vmlat_hist_kind	kind;
	int			cpu;
	unsigned long long	period_us;
	unsigned long long	elapsed_ns;
	unsigned long long	samples;
	unsigned long long	missed;
	unsigned long long	min_ns;
	unsigned long long	max_ns;
	unsigned long long	sum_ns;
	unsigned long long	count[VMLAT_NR_BUCKETS];
};

/* What one CPU did during one watch interval. */
struct vmlat_interval {
	int			cpu;
	bool			reset;		/* counters went back: module reset */
	bool			max_exact;	/* max_ns is the exact maximum */
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
};

unsigned long long vmlat_bucket_lower(int i);
unsigned long long vmlat_bucket_upper(int i);
int vmlat_bucket_index(unsigned long long value_ns);
const char *vmlat_hist_kind_name(enum vmlat_hist_kind kind);
int vmlat_hist_kind_parse(const char *name);

unsigned long long vmlat_percentile(const struct vmlat_hist *h,
				    unsigned int ppm);
unsigned long long vmlat_hist_avg(const struct vmlat_hist *h);
void vmlat_hist_merge(struct vmlat_hist *dst, const struct vmlat_hist *src);
bool vmlat_hist_delta(struct vmlat_hist *out, const struct vmlat_hist *cur,
		      const struct vmlat_hist *prev);
void vmlat_interval_compute(struct vmlat_interval *iv,
			    const struct vmlat_hist *cur,
			    const struct vmlat_hist *prev,
			    bool has_steal,
			    unsigned long long steal_cur,
			    unsigned long long steal_prev);
void vmlat_interval_residual(struct vmlat_interval *iv,
			     const struct vmlat_hist *cur,
			     const struct vmlat_hist *prev);

#endif /* VMLAT_STATS_H */
