// SPDX-License-Identifier: GPL-2.0
/*
 * vmlat - read what the vmlat module measured: how late the kernel's
 * hrtimers fire on each CPU of a VM and how much of that the hypervisor
 * stole. This file holds main(), the option parsing and the dispatch to
 * one function per command; each concern lives in its own file.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmlat_reader.h"
#include "vmlat_grammar.h"	/* abi/: the cpulist grammar */
#include "../abi/vmlat_version.h"

static const char vmlat_usage[] =
"usage: vmlat [COMMAND] [OPTIONS]\n"
"\n"
"Commands:\n"
"  hist                 histogram table, a row per bucket, a column per CPU (default)\n"
"  summary              per-CPU samples, missed, min, p50..p99.99, max, steal, probe cost\n"
"  run -d SEC           reset, enable, wait SEC seconds, print summary and histogram\n"
"  watch [-i SEC] [-n COUNT]   per-interval samples, p99, max, steal ms/s, missed\n"
"  record -d SEC [-i SEC] -o FILE.json   record watch intervals and final histograms\n"
"  plot [FILE.json] -o OUT.svg  SVG of the lateness histogram (and a recording's series;\n"
"                       of a wait record: the worst wake-up per interval, split)\n"
"  enable | disable | reset     switch sampling, zero all counters\n"
"  set KEY=VALUE...     period_us, cpus, trace_threshold_ns, stop_tracing_ns,\n"
"                       thread, thread_prio, user\n"
"  wait [-d SEC] [--record FILE -i SEC]   the user stage: a SCHED_FIFO thread\n"
"                       per CPU blocks in read() of its wait file; then the\n"
"                       user stage's table of the run\n"
"  culprit FILE         the guest's culprit sites in a trace (the tracefs trace\n"
"                       file, trace-cmd report, - for stdin), by total delay\n"
"\n"
"Options:\n"
"  --hist KIND          lateness (default), steal, residual, or a stage's:\n"
"                       thread, thread_irq, thread_stolen, thread_sched, user,\n"
"                       user_irq, user_stolen, user_sched, user_return\n"
"  --cpus LIST          only these CPUs (cpulist: 0-3,6); all covers only them\n"
"  --unit ns|us|ms      unit of the tables (default us)\n"
"  --with-zeros         also print empty buckets and CPUs without samples\n"
"  --no-header          no header lines\n"
"  --no-summary         no count/min/avg/pNN/max rows under the histogram\n"
"  --json | --csv | --prom   machine-readable output of hist and summary\n"
"                       (JSON and CSV in integer ns, Prometheus in seconds)\n"
"  --per-cpu            --prom: one series per CPU instead of the aggregate\n"
"  -d, --duration SEC   run, record, wait: how long\n"
"  -i, --interval SEC   watch, record, wait --record: interval (default 1)\n"
"  -n, --count COUNT    watch: stop after COUNT intervals\n"
"  -o, --output FILE    record, plot: output file\n"
"  --prio N             wait: SCHED_FIFO priority 1-99 (default 95; 0: SCHED_OTHER)\n"
"  --enable             wait: turn the user stage on, and off again at the end\n"
"  --record FILE        wait: per interval the worst wake-up, split (JSON lines)\n"
"  --root DIR           debugfs directory (default " VMLAT_DEFAULT_ROOT ")\n"
"  --params DIR         parameters directory (default " VMLAT_DEFAULT_PARAMS ")\n"
"  -h, --help           this text\n"
"  -V, --version        reader, module and ABI versions\n"
"\n"
"Percentiles are the upper bound of the log-linear bucket holding the\n"
"quantile, clamped to the exact max: never below the true value and at most\n"
"1/16 (6.25 %) above it; exact below 16 ns. min and max are exact.\n"
"Exit status: 0 ok, 1 runtime error, 2 usage error.\n";

enum {
	OPT_HIST = 256, OPT_CPUS, OPT_UNIT, OPT_WITH_ZEROS, OPT_NO_HEADER,
	OPT_NO_SUMMARY, OPT_JSON, OPT_CSV, OPT_PROM, OPT_PER_CPU, OPT_ROOT,
	OPT_PARAMS, OPT_PRIO, OPT_ENABLE, OPT_RECORD,
};

/* which options each command accepts, one bit per option */
#define O_HIST		(1U << 0)
#define O_CPUS		(1U << 1)
#define O_UNIT		(1U << 2)
#define O_TABLE		(1U << 3)	/* with-zeros, no-header, no-summary */
#define O_FORMAT	(1U << 4)	/* json, csv, prom, per-cpu */
#define O_DURATION	(1U << 5)
#define O_INTERVAL	(1U << 6)
#define O_COUNT		(1U << 7)
#define O_OUTPUT	(1U << 8)
#define O_WAIT		(1U << 9)	/* prio, enable, record */

/*
 * struct vmlat_command - a command: what it accepts and what it needs
 * @opts: the options it accepts (O_*)
 * @needs: the options it cannot run without (O_*), named in @needs_text
 */
struct vmlat_command {
	const char	*name;
	int		(*fn)(struct vmlat_params *p);
	unsigned int	opts;
	int		min_args;
	int		max_args;
	unsigned int	needs;
	const char	*needs_text;
};

/* vmlat_usage_error - a usage error, reported as every error is */
static int vmlat_usage_error(const char *fmt, const char *arg)
{
	char msg[512];

	snprintf(msg, sizeof(msg), fmt, arg);
	vmlat_err("%s (see vmlat --help)", msg);
	return VMLAT_EXIT_USAGE;
}

static int vmlat_cmd_hist(struct vmlat_params *p)
{
	struct vmlat_snapshot snap;
	unsigned int what = VMLAT_LOAD_HIST(p->hist_kind) | VMLAT_LOAD_SOURCES;
	int ret;

	/* a stage has figures when its histograms counted something */
	if (p->format == VMLAT_FMT_PROM && !p->hist_kind_set)
		what |= VMLAT_LOAD_ALL_HIST | VMLAT_LOAD_STAGES;
	if (p->hist_kind >= VMLAT_NR_HISTS)
		what |= VMLAT_LOAD_STAGES;
	ret = vmlat_load(p, &snap, what);
	if (ret)
		return ret;
	vmlat_output_hist(p, &snap, stdout);
	vmlat_snapshot_free(&snap);
	return 0;
}

static int vmlat_cmd_summary(struct vmlat_params *p)
{
	struct vmlat_snapshot snap;
	int ret;

	ret = vmlat_load(p, &snap, VMLAT_LOAD_HIST(VMLAT_HIST_LATENESS) |
			 VMLAT_LOAD_STAGES | VMLAT_LOAD_SUMMARY |
			 VMLAT_LOAD_SOURCES | VMLAT_LOAD_CAUSES);
	if (ret)
		return ret;
	vmlat_output_summary(p, &snap, stdout);
	vmlat_snapshot_free(&snap);
	return 0;
}

/* vmlat_cmd_run - rtla's -d: reset, enable, wait, report */
static int vmlat_cmd_run(struct vmlat_params *p)
{
	struct vmlat_snapshot snap;
	int ret;

	ret = vmlat_knob_write(p, "reset", "1");
	if (!ret)
		ret = vmlat_knob_write(p, "enabled", "1");
	if (!ret)
		ret = vmlat_sleep(p->duration_s);
	if (!ret)
		ret = vmlat_load(p, &snap, VMLAT_LOAD_HIST(VMLAT_HIST_LATENESS) |
				 VMLAT_LOAD_HIST(p->hist_kind) |
				 VMLAT_LOAD_STAGES | VMLAT_LOAD_SUMMARY |
				 VMLAT_LOAD_SOURCES | VMLAT_LOAD_CAUSES);
	if (ret)
		return ret;
	vmlat_output_summary(p, &snap, stdout);
	if (p->format == VMLAT_FMT_TABLE)
		fputc('\n', stdout);
	vmlat_output_hist(p, &snap, stdout);
	vmlat_snapshot_free(&snap);
	return 0;
}

static const struct vmlat_command vmlat_commands[] = {
	{ "hist", vmlat_cmd_hist,
	  O_HIST | O_CPUS | O_UNIT | O_TABLE | O_FORMAT, 0, 0, 0, NULL },
	{ "summary", vmlat_cmd_summary, O_CPUS | O_UNIT | O_TABLE | O_FORMAT,
	  0, 0, 0, NULL },
	{ "run", vmlat_cmd_run,
	  O_HIST | O_CPUS | O_UNIT | O_TABLE | O_DURATION, 0, 0,
	  O_DURATION, "needs -d SEC" },
	{ "watch", vmlat_cmd_watch, O_CPUS | O_UNIT | O_TABLE | O_INTERVAL |
	  O_COUNT, 0, 0, 0, NULL },
	{ "record", vmlat_cmd_record, O_CPUS | O_DURATION | O_INTERVAL |
	  O_OUTPUT, 0, 0, O_DURATION | O_OUTPUT,
	  "needs -d SEC and -o FILE.json" },
	{ "plot", vmlat_cmd_plot, O_CPUS | O_OUTPUT, 0, 1,
	  O_OUTPUT, "needs -o OUT.svg" },
	{ "enable", vmlat_cmd_enable, 0, 0, 0, 0, NULL },
	{ "disable", vmlat_cmd_disable, 0, 0, 0, 0, NULL },
	{ "reset", vmlat_cmd_reset, 0, 0, 0, 0, NULL },
	{ "set", vmlat_cmd_set, 0, 0, 64, 0, NULL },
	{ "wait", vmlat_cmd_wait, O_CPUS | O_UNIT | O_TABLE | O_DURATION |
	  O_INTERVAL | O_WAIT, 0, 0, 0, NULL },
	{ "culprit", vmlat_cmd_culprit, O_UNIT | O_TABLE | O_FORMAT, 1, 1, 0,
	  "needs a trace FILE (or - for stdin)" },
};

/* vmlat_print_version - reader, and module and ABI when they are there */
static void vmlat_print_version(const struct vmlat_params *p)
{
	char path[4096], ver[64];
	size_t len;
	char *buf;

	printf("vmlat reader %s\n", VMLAT_VERSION);
	snprintf(path, sizeof(path), "%s/../version", p->params);
	if (!vmlat_read_file(path, &buf, &len)) {
		buf[strcspn(buf, "\n")] = '\0';
		printf("vmlat module %s\n", buf);
		free(buf);
	} else {
		printf("vmlat module not loaded\n");
	}
	snprintf(path, sizeof(path), "%s/summary", p->root);
	if (!vmlat_read_file(path, &buf, &len)) {
		if (vmlat_first_line_version(buf, len, ver, sizeof(ver)))
			printf("vmlat ABI %s (reader speaks %s)\n", ver,
			       VMLAT_ABI_VERSION);
		free(buf);
	} else {
		printf("vmlat ABI unknown (reader speaks %s)\n",
		       VMLAT_ABI_VERSION);
	}
}

static int vmlat_parse_seconds(const char *arg, double *out)
{
	char *end;
	double v = strtod(arg, &end);

	if (!*arg || *end || !(v > 0) || v > 31536000)
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "hist", required_argument, NULL, OPT_HIST },
		{ "cpus", required_argument, NULL, OPT_CPUS },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "with-zeros", no_argument, NULL, OPT_WITH_ZEROS },
		{ "no-header", no_argument, NULL, OPT_NO_HEADER },
		{ "no-summary", no_argument, NULL, OPT_NO_SUMMARY },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ "prom", no_argument, NULL, OPT_PROM },
		{ "per-cpu", no_argument, NULL, OPT_PER_CPU },
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "params", required_argument, NULL, OPT_PARAMS },
		{ "prio", required_argument, NULL, OPT_PRIO },
		{ "enable", no_argument, NULL, OPT_ENABLE },
		{ "record", required_argument, NULL, OPT_RECORD },
		{ "duration", required_argument, NULL, 'd' },
		{ "interval", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static unsigned long cpu_mask[VMLAT_MASK_LONGS];
	struct vmlat_params params = {
		.root = VMLAT_DEFAULT_ROOT,
		.params = VMLAT_DEFAULT_PARAMS,
		.unit = VMLAT_UNIT_US,
		.interval_s = 1.0,
		.prio = 95,
	};
	struct vmlat_params *p = &params;
	const struct vmlat_command *cmd = NULL;
	unsigned int used = 0, formats = 0, i;
	bool version = false;
	char *end, needs[80];
	int c, ret, n;

	opterr = 0;
	n = snprintf(vmlat_invocation, 256, "vmlat");
	for (c = 1; c < argc && n < 200; c++)
		n += snprintf(vmlat_invocation + n, 256 - n, " %s", argv[c]);

	while ((c = getopt_long(argc, argv, ":d:i:n:o:hV", long_opts,
				NULL)) != -1) {
		switch (c) {
		case OPT_HIST:
			p->hist_kind = vmlat_hist_kind_parse(optarg,
							      strlen(optarg));
			if (p->hist_kind < 0)
				return vmlat_usage_error("--hist %s: use lateness, steal, residual, thread, thread_irq, thread_stolen, thread_sched, user, user_irq, user_stolen, user_sched or user_return",
							 optarg);
			p->hist_kind_set = true;
			used |= O_HIST;
			break;
		case OPT_CPUS:
			if (vmlat_parse_cpulist(optarg, cpu_mask,
						VMLAT_MAX_CPUS))
				return vmlat_usage_error("--cpus %s: not a CPU list like 0-3,6",
							 optarg);
			p->cpu_mask = cpu_mask;
			used |= O_CPUS;
			break;
		case OPT_UNIT:
			if (!strcmp(optarg, "ns"))
				p->unit = VMLAT_UNIT_NS;
			else if (!strcmp(optarg, "us"))
				p->unit = VMLAT_UNIT_US;
			else if (!strcmp(optarg, "ms"))
				p->unit = VMLAT_UNIT_MS;
			else
				return vmlat_usage_error("--unit %s: use ns, us or ms",
							 optarg);
			used |= O_UNIT;
			break;
		case OPT_WITH_ZEROS:
			p->with_zeros = true;
			used |= O_TABLE;
			break;
		case OPT_NO_HEADER:
			p->no_header = true;
			used |= O_TABLE;
			break;
		case OPT_NO_SUMMARY:
			p->no_summary = true;
			used |= O_TABLE;
			break;
		case OPT_JSON:
			p->format = VMLAT_FMT_JSON;
			formats++;
			used |= O_FORMAT;
			break;
		case OPT_CSV:
			p->format = VMLAT_FMT_CSV;
			formats++;
			used |= O_FORMAT;
			break;
		case OPT_PROM:
			p->format = VMLAT_FMT_PROM;
			formats++;
			used |= O_FORMAT;
			break;
		case OPT_PER_CPU:
			p->per_cpu = true;
			used |= O_FORMAT;
			break;
		case OPT_ROOT:
			p->root = optarg;
			p->root_set = true;
			break;
		case OPT_PARAMS:
			p->params = optarg;
			p->params_set = true;
			break;
		case OPT_PRIO:
			p->prio = strtoul(optarg, &end, 10);
			if (!*optarg || *end || p->prio > 99 ||
			    strspn(optarg, "0123456789") != strlen(optarg))
				return vmlat_usage_error("--prio %s: want a SCHED_FIFO priority 1-99, or 0 for SCHED_OTHER",
							 optarg);
			used |= O_WAIT;
			break;
		case OPT_ENABLE:
			p->enable = true;
			used |= O_WAIT;
			break;
		case OPT_RECORD:
			p->record = optarg;
			used |= O_WAIT;
			break;
		case 'd':
			if (vmlat_parse_seconds(optarg, &p->duration_s))
				return vmlat_usage_error("-d %s: want a positive number of seconds",
							 optarg);
			used |= O_DURATION;
			break;
		case 'i':
			if (vmlat_parse_seconds(optarg, &p->interval_s))
				return vmlat_usage_error("-i %s: want a positive number of seconds",
							 optarg);
			used |= O_INTERVAL;
			break;
		case 'n':
			p->count = strtol(optarg, &end, 10);
			if (!*optarg || *end || p->count <= 0)
				return vmlat_usage_error("-n %s: want a positive count",
							 optarg);
			used |= O_COUNT;
			break;
		case 'o':
			p->output = optarg;
			used |= O_OUTPUT;
			break;
		case 'h':
			fputs(vmlat_usage, stdout);
			return 0;
		case 'V':
			version = true;
			break;
		case ':':
			return vmlat_usage_error("option %s needs an argument",
						 argv[optind - 1]);
		default:
			return vmlat_usage_error("unknown option %s",
						 argv[optind - 1]);
		}
	}
	if (version) {
		vmlat_print_version(p);
		return 0;
	}

	p->command = optind < argc ? argv[optind++] : "hist";
	if (!strcmp(p->command, "help")) {
		fputs(vmlat_usage, stdout);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(vmlat_commands); i++)
		if (!strcmp(p->command, vmlat_commands[i].name))
			cmd = &vmlat_commands[i];
	if (!cmd)
		return vmlat_usage_error("unknown command \"%s\"", p->command);
	p->argc = argc - optind;
	p->argv = argv + optind;
	/* a command whose argument is what it needs says so */
	if (p->argc < cmd->min_args && !cmd->needs && cmd->needs_text) {
		snprintf(needs, sizeof(needs), "%s: %s", cmd->name,
			 cmd->needs_text);
		return vmlat_usage_error("%s", needs);
	}
	if (p->argc < cmd->min_args || p->argc > cmd->max_args)
		return vmlat_usage_error("%s: wrong number of arguments",
					 p->command);
	if (used & ~cmd->opts)
		return vmlat_usage_error("%s: an option given does not apply to this command",
					 p->command);
	if (formats > 1)
		return vmlat_usage_error("%s: choose one of --json, --csv, --prom",
					 p->command);
	if (p->per_cpu && p->format != VMLAT_FMT_PROM)
		return vmlat_usage_error("%s: --per-cpu goes with --prom",
					 p->command);
	if (cmd->fn == vmlat_cmd_wait && (used & O_INTERVAL) && !p->record)
		return vmlat_usage_error("%s: -i goes with --record FILE",
					 p->command);
	if (cmd->needs & ~used) {
		snprintf(needs, sizeof(needs), "%s: %s", cmd->name,
			 cmd->needs_text);
		return vmlat_usage_error("%s", needs);
	}

	ret = cmd->fn(p);
	if (fflush(stdout) || ferror(stdout)) {
		vmlat_err("cannot write the output: %s",
			  "check the disk or the pipe");
		return VMLAT_EXIT_FAIL;
	}
	return ret;
}
