/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared declarations of the vmlat reader: the command-line parameters,
 * one snapshot of the module's debugfs files, and the entry points of each
 * concern. One rule for errors everywhere: a function that fails has
 * already printed the one line that says why (vmlat_err()), and returns
 * the exit status, VMLAT_EXIT_FAIL or VMLAT_EXIT_USAGE; callers pass it on.
 */
#ifndef VMLAT_READER_H
#define VMLAT_READER_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "vmlat_parse.h"
#include "vmlat_stats.h"

#define VMLAT_DEFAULT_ROOT	"/sys/kernel/debug/vmlat"
#define VMLAT_DEFAULT_PARAMS	"/sys/module/vmlat/parameters"
#define VMLAT_MAX_CPUS		8192

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

/* exit codes: runtime failure and usage error */
#define VMLAT_EXIT_FAIL		1
#define VMLAT_EXIT_USAGE	2

enum vmlat_format {
	VMLAT_FMT_TABLE,
	VMLAT_FMT_JSON,
	VMLAT_FMT_CSV,
	VMLAT_FMT_PROM,
};

enum vmlat_unit {
	VMLAT_UNIT_NS,
	VMLAT_UNIT_US,
	VMLAT_UNIT_MS,
};

struct vmlat_params {
	const char		*command;
	const char		*root;
	const char		*params;
	bool			root_set;
	bool			params_set;
	enum vmlat_format	format;
	enum vmlat_unit		unit;
	int			hist_kind;
	bool			hist_kind_set;
	unsigned int		prio;		/* wait: SCHED_FIFO priority */
	bool			enable;		/* wait: user on, then off */
	const char		*record;	/* wait: the interval record */
	bool			with_zeros;
	bool			no_header;
	bool			no_summary;
	bool			per_cpu;
	const unsigned long	*cpu_mask;	/* --cpus; NULL: all CPUs */
	double			duration_s;
	double			interval_s;
	long			count;		/* watch -n; 0: forever */
	const char		*output;
	int			argc;		/* the command's arguments */
	char			**argv;
};

/*
 * One CPU of a snapshot: every histogram kind, the IRQ stage's and the
 * wake-up stages'.
 */
struct vmlat_cpu_data {
	int				cpu;
	struct vmlat_hist_file		hist[VMLAT_NR_KINDS];
	struct vmlat_summary_cpu	*sum;
	struct vmlat_source		*src;
};

/*
 * What vmlat_load() reads: histogram kinds by bit (a kind asked for by
 * name must be there), the IRQ stage's three, every kind of the wake-up
 * stages whose files this module has (an older one has none), summary,
 * steal_source.
 */
#define VMLAT_LOAD_HIST(kind)	(1U << (kind))
#define VMLAT_LOAD_ALL_HIST	((1U << VMLAT_NR_HISTS) - 1)
#define VMLAT_LOAD_STAGES	(1U << 16)
#define VMLAT_LOAD_SUMMARY	(1U << 17)
#define VMLAT_LOAD_SOURCES	(1U << 18)
/* with the summary: causes, where the module has it (joined to its lines) */
#define VMLAT_LOAD_CAUSES	(1U << 19)
_Static_assert(VMLAT_NR_KINDS <= 16, "a load bit per histogram kind");

/* Everything read from the debugfs directory at one moment. */
struct vmlat_snapshot {
	unsigned int		loaded;
	unsigned int		kinds;		/* a bit per kind read */
	unsigned int		stages;		/* a bit per stage shown */
	int			nr_cpus;
	struct vmlat_cpu_data	*cpus;		/* selected CPUs, ascending */
	struct vmlat_hist_file	all[VMLAT_NR_KINDS];
	struct vmlat_summary	summary;
	struct vmlat_summary_cpu all_sum;	/* over the selected CPUs */
	struct vmlat_sources	sources;
	struct vmlat_causes	causes;		/* empty: no such file */
	/* all_sum's lines of causes (over the selected CPUs) */
	struct vmlat_causes_row	all_causes[VMLAT_CAUSES_SLOTS];
	char			all_source[16];
	bool			all_has_steal;
};

/* vmlat_stage_shown - does @snap have figures of @stage to show? */
static inline bool vmlat_stage_shown(const struct vmlat_snapshot *snap,
				     unsigned int stage)
{
	return snap->stages & (1U << stage);
}

#define VMLAT_MASK_LONGS	(VMLAT_MAX_CPUS / (8 * sizeof(long)))

static inline bool vmlat_cpu_selected(const struct vmlat_params *p, int cpu)
{
	const unsigned int bpl = 8 * sizeof(long);

	return !p->cpu_mask || (p->cpu_mask[cpu / bpl] >> (cpu % bpl) & 1);
}

/* vmlat_util.c: what every command uses */
extern char vmlat_invocation[256];
void vmlat_err(const char *fmt, ...);
int vmlat_read_file(const char *path, char **buf, size_t *len);
void vmlat_catch_signals(void);
void vmlat_ts_add(struct timespec *ts, double seconds);
int vmlat_sleep_until(const struct timespec *ts);
int vmlat_sleep(double seconds);

/* vmlat_diag.c: what a failure to read means, and its fix */
int vmlat_open_failed(const struct vmlat_params *p, const char *path,
		      int err);
int vmlat_parse_failed(const char *path, const struct vmlat_perr *e);

/* vmlat_load.c: the debugfs files into a snapshot, rows joined by CPU */
int vmlat_load(const struct vmlat_params *p, struct vmlat_snapshot *snap,
	       unsigned int what);
void vmlat_snapshot_free(struct vmlat_snapshot *snap);

/* vmlat_merge.c: the selected CPUs added up, as the module adds them */
bool vmlat_cpu_has_steal(const struct vmlat_cpu_data *c);
void vmlat_summary_merge(struct vmlat_snapshot *snap);
void vmlat_causes_merge(struct vmlat_snapshot *snap);

/* vmlat_format.c: numbers as the reader writes them; its percentiles */
struct vmlat_pct {
	unsigned int	ppm;
	const char	*name;		/* JSON and CSV */
	const char	*label;		/* Prometheus */
};

#define VMLAT_NR_PCTS	5
extern const struct vmlat_pct vmlat_pcts[VMLAT_NR_PCTS];

int vmlat_format_value(char *buf, size_t len, unsigned long long ns,
		       enum vmlat_unit unit);
void vmlat_print_value(FILE *f, unsigned long long ns, enum vmlat_unit unit);
void vmlat_print_seconds(FILE *f, unsigned long long ns);
void vmlat_fixed(char *buf, size_t len, unsigned long long v,
		 unsigned int decimals);
const char *vmlat_unit_name(enum vmlat_unit unit);

/* vmlat_output_hist.c */
void vmlat_json_hist(FILE *f, const struct vmlat_hist_file *h,
		     const char *indent);
int vmlat_output_hist(const struct vmlat_params *p,
		      const struct vmlat_snapshot *snap, FILE *f);

/* vmlat_output_summary.c */
void vmlat_json_summary_cpu(FILE *f, const struct vmlat_snapshot *snap,
			    const struct vmlat_summary_cpu *c,
			    const struct vmlat_hist_file *h);
int vmlat_output_summary(const struct vmlat_params *p,
			 const struct vmlat_snapshot *snap, FILE *f);

/* vmlat_plot.c */
int vmlat_cmd_plot(struct vmlat_params *p);

/* vmlat_watch.c */
int vmlat_cmd_watch(struct vmlat_params *p);
int vmlat_cmd_record(struct vmlat_params *p);

/* vmlat_output_stage.c: the wake-up stages' table */
/*
 * a row of a stage's table: its histograms, by part (enum vmlat_part);
 * and of the irq part the IRQs' own stolen part over the lateness, a
 * share with 4 decimals, which no histogram has: from the summary; and
 * the rest of the irq part by cause
 */
struct vmlat_stage_row {
	const struct vmlat_hist_file	*h[VMLAT_NR_PARTS];
	bool				has_irq_stolen;
	unsigned long long		irq_stolen_share;
	/*
	 * the rest of the irq part by its expiries' cause (enum
	 * vmlat_cause), and the lateness they are shares of: from causes,
	 * or the wait lines' cause=
	 */
	bool				has_causes;
	unsigned long long		cause_ns[VMLAT_NR_CAUSES];
	unsigned long long		causes_of_ns;
};

void vmlat_stage_table(const struct vmlat_params *p,
		       const struct vmlat_snapshot *snap, unsigned int stage,
		       const struct vmlat_stage_row *rows, int nr, FILE *f);
void vmlat_summary_stage_tables(const struct vmlat_params *p,
				const struct vmlat_snapshot *snap, FILE *f);
void vmlat_stage_row_causes(struct vmlat_stage_row *row,
			    const struct vmlat_causes_row *now,
			    const struct vmlat_causes_row *before);
const char *vmlat_part_name(unsigned int part);

/* vmlat_cmd_wait.c */
int vmlat_cmd_wait(struct vmlat_params *p);

/* vmlat_culprit.c: the guest's culprit sites, from a trace */
int vmlat_cmd_culprit(struct vmlat_params *p);

/* vmlat_ctl.c */
int vmlat_knob_read(const struct vmlat_params *p, const char *key,
		    char *buf, size_t len);
int vmlat_knob_write(const struct vmlat_params *p, const char *key,
		     const char *value);
int vmlat_cmd_enable(struct vmlat_params *p);
int vmlat_cmd_disable(struct vmlat_params *p);
int vmlat_cmd_reset(struct vmlat_params *p);
int vmlat_cmd_set(struct vmlat_params *p);

#endif /* VMLAT_READER_H */
