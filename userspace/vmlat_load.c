// SPDX-License-Identifier: GPL-2.0
/*
 * Reading vmlat's debugfs directory into a snapshot: the CPUs it has,
 * the histogram, summary and steal_source files of the selected ones,
 * each parsed, and their rows joined to the CPUs. What a failure means is
 * vmlat_diag.c's; the cpu=all line over --cpus is vmlat_merge.c's.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vmlat_reader.h"

static int vmlat_cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* vmlat_list_cpus - the cpuN directories under per_cpu/, ascending */
static int vmlat_list_cpus(const struct vmlat_params *p, int **cpus, int *nr)
{
	char path[4096];
	struct dirent *de;
	unsigned long v;
	int n = 0, cap = 64, *list, *tmp;
	size_t prefix = strlen(VMLAT_DIR_CPU);
	char *end;
	DIR *d;

	snprintf(path, sizeof(path), "%s/" VMLAT_DIR_PER_CPU, p->root);
	d = opendir(path);
	if (!d)
		return vmlat_open_failed(p, path, errno);
	list = malloc(cap * sizeof(*list));
	if (!list)
		goto nomem;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, VMLAT_DIR_CPU, prefix) ||
		    !de->d_name[prefix])
			continue;
		v = strtoul(de->d_name + prefix, &end, 10);
		if (*end || v >= VMLAT_MAX_CPUS)
			continue;
		if (n == cap) {
			cap *= 2;
			tmp = realloc(list, cap * sizeof(*list));
			if (!tmp)
				goto nomem;
			list = tmp;
		}
		list[n++] = v;
	}
	closedir(d);
	qsort(list, n, sizeof(*list), vmlat_cmp_int);
	*cpus = list;
	*nr = n;
	return 0;
nomem:
	free(list);
	closedir(d);
	vmlat_err("out of memory");
	return VMLAT_EXIT_FAIL;
}

/* vmlat_read_root - a file under --root, whole; on failure, why */
static int vmlat_read_root(const struct vmlat_params *p, const char *path,
			   char **buf, size_t *len)
{
	int ret = vmlat_read_file(path, buf, len);

	return ret ? vmlat_open_failed(p, path, -ret) : 0;
}

static int vmlat_load_hist(const struct vmlat_params *p, const char *path,
			   struct vmlat_hist_file *h, unsigned int kind,
			   int cpu)
{
	struct vmlat_perr perr;
	size_t len;
	char *buf;
	int ret;

	ret = vmlat_read_root(p, path, &buf, &len);
	if (ret)
		return ret;
	ret = vmlat_parse_hist(buf, len, h, &perr);
	free(buf);
	if (ret)
		return vmlat_parse_failed(path, &perr);
	if (h->kind != kind || h->cpu != cpu) {
		vmlat_err("%s: holds hist=%s of another CPU or kind: modprobe -r vmlat && modprobe vmlat",
			  path, vmlat_hist_kind_name(h->kind));
		return VMLAT_EXIT_FAIL;
	}
	return 0;
}

/* vmlat_no_row - a selected CPU without its line in @path */
static int vmlat_no_row(const char *path, int cpu)
{
	vmlat_err("%s: no line for cpu=%d: truncated file; read it again, if it persists modprobe -r vmlat && modprobe vmlat",
		  path, cpu);
	return VMLAT_EXIT_FAIL;
}

/*
 * vmlat_read_summary_or_sources - read and parse @name ("summary" or
 * "steal_source") into @snap; its path in @path for messages
 */
static int vmlat_read_summary_or_sources(const struct vmlat_params *p,
					 struct vmlat_snapshot *snap,
					 const char *name, char *path,
					 size_t path_len)
{
	struct vmlat_perr perr;
	size_t len;
	char *buf;
	int ret;

	snprintf(path, path_len, "%s/%s", p->root, name);
	ret = vmlat_read_root(p, path, &buf, &len);
	if (ret)
		return ret;
	if (!strcmp(name, VMLAT_FILE_SUMMARY))
		ret = vmlat_parse_summary(buf, len, &snap->summary, &perr);
	else
		ret = vmlat_parse_sources(buf, len, &snap->sources, &perr);
	free(buf);
	return ret ? vmlat_parse_failed(path, &perr) : 0;
}

static int vmlat_load_summary(const struct vmlat_params *p,
			      struct vmlat_snapshot *snap)
{
	struct vmlat_summary *s = &snap->summary;
	char path[4096];
	int ret, i, j;

	ret = vmlat_read_summary_or_sources(p, snap, VMLAT_FILE_SUMMARY, path,
					    sizeof(path));
	for (i = 0; !ret && i < snap->nr_cpus; i++) {
		for (j = 0; j < s->nr_cpus; j++)
			if (s->cpu[j].cpu == snap->cpus[i].cpu)
				break;
		if (j == s->nr_cpus)
			return vmlat_no_row(path, snap->cpus[i].cpu);
		snap->cpus[i].sum = &s->cpu[j];
	}
	if (ret)
		return ret;
	if (p->cpu_mask)
		vmlat_summary_merge(snap);
	else
		snap->all_sum = s->all;
	return 0;
}

/*
 * vmlat_load_causes - causes, joined to the summary's lines: nothing when
 * the module has no such file (an older one)
 */
static int vmlat_load_causes(const struct vmlat_params *p,
			     struct vmlat_snapshot *snap)
{
	struct vmlat_causes *c = &snap->causes;
	const struct vmlat_causes_row *r;
	struct vmlat_cpu_data *cd;
	struct vmlat_perr perr;
	char path[4096];
	struct stat st;
	size_t len;
	char *buf;
	int ret, i;

	snprintf(path, sizeof(path), "%s/%s", p->root, VMLAT_FILE_CAUSES);
	if (stat(path, &st) && errno == ENOENT)
		return 0;
	ret = vmlat_read_root(p, path, &buf, &len);
	if (ret)
		return ret;
	ret = vmlat_parse_causes(buf, len, c, &perr);
	free(buf);
	if (ret)
		return vmlat_parse_failed(path, &perr);
	for (i = 0; i < c->nr; i++) {
		r = &c->row[i];
		if (r->cpu == VMLAT_CPU_ALL) {
			if (!p->cpu_mask)
				snap->all_sum.causes[r->slot] = r;
			continue;
		}
		/* snap->cpus ascends by their first member, cpu */
		cd = bsearch(&r->cpu, snap->cpus, snap->nr_cpus, sizeof(*cd),
			     vmlat_cmp_int);
		if (cd)
			cd->sum->causes[r->slot] = r;
	}
	/* every selected CPU has its expiries' line */
	for (i = 0; i < snap->nr_cpus; i++)
		if (!snap->cpus[i].sum->causes[0])
			return vmlat_no_row(path, snap->cpus[i].cpu);
	if (p->cpu_mask)
		vmlat_causes_merge(snap);
	return 0;
}

static int vmlat_load_sources(const struct vmlat_params *p,
			      struct vmlat_snapshot *snap)
{
	struct vmlat_sources *s = &snap->sources;
	const char *src;
	char path[4096];
	int ret, i, j;

	ret = vmlat_read_summary_or_sources(p, snap, VMLAT_FILE_SOURCES, path,
					    sizeof(path));
	if (ret)
		return ret;
	snap->all_source[0] = '\0';
	snap->all_has_steal = false;
	for (i = 0; i < snap->nr_cpus; i++) {
		for (j = 0; j < s->nr_cpus && s->cpu[j].cpu != snap->cpus[i].cpu;)
			j++;
		if (j == s->nr_cpus)
			return vmlat_no_row(path, snap->cpus[i].cpu);
		snap->cpus[i].src = &s->cpu[j];
		snap->all_has_steal |= vmlat_cpu_has_steal(&snap->cpus[i]);
		src = s->cpu[j].source;
		snprintf(snap->all_source, sizeof(snap->all_source), "%s",
			 !i || !strcmp(snap->all_source, src) ? src :
			 VMLAT_STEAL_MIXED);
	}
	return 0;
}

/* vmlat_select_cpus - snap->cpus: the CPUs of --cpus, all of them there */
static int vmlat_select_cpus(const struct vmlat_params *p,
			     struct vmlat_snapshot *snap)
{
	int *ids = NULL, nr = 0, i, n, ret;

	ret = vmlat_list_cpus(p, &ids, &nr);
	if (ret)
		return ret;
	for (i = 0; p->cpu_mask && i < VMLAT_MAX_CPUS; i++) {
		if (!vmlat_cpu_selected(p, i) ||
		    bsearch(&i, ids, nr, sizeof(int), vmlat_cmp_int))
			continue;
		vmlat_err("--cpus: cpu %d has no %s/" VMLAT_DIR_PER_CPU "/" VMLAT_DIR_CPU "%d: pick CPUs from 0-%d",
			  i, p->root, i, nr ? ids[nr - 1] : 0);
		free(ids);
		return VMLAT_EXIT_USAGE;
	}
	snap->cpus = calloc(nr ? nr : 1, sizeof(*snap->cpus));
	if (!snap->cpus) {
		free(ids);
		vmlat_err("out of memory");
		return VMLAT_EXIT_FAIL;
	}
	for (i = 0, n = 0; i < nr; i++)
		if (vmlat_cpu_selected(p, ids[i]))
			snap->cpus[n++].cpu = ids[i];
	snap->nr_cpus = n;
	free(ids);
	return 0;
}

/* vmlat_load_kind - histograms of one kind: each CPU's, then all */
static int vmlat_load_kind(const struct vmlat_params *p,
			   struct vmlat_snapshot *snap, unsigned int k)
{
	const char *file = vmlat_hist_file_name(k);
	char path[4096];
	int i, ret;

	for (i = 0; i < snap->nr_cpus; i++) {
		snprintf(path, sizeof(path),
			 "%s/" VMLAT_DIR_PER_CPU "/" VMLAT_DIR_CPU "%d/%s", p->root,
			 snap->cpus[i].cpu, file);
		ret = vmlat_load_hist(p, path, &snap->cpus[i].hist[k], k,
				      snap->cpus[i].cpu);
		if (ret)
			return ret;
	}
	if (!p->cpu_mask) {
		snprintf(path, sizeof(path), "%s/%s", p->root, file);
		ret = vmlat_load_hist(p, path, &snap->all[k], k,
				      VMLAT_CPU_ALL);
		if (!ret)
			snap->kinds |= 1U << k;
		return ret;
	}
	snap->all[k].kind = k;
	snap->all[k].cpu = VMLAT_CPU_ALL;
	for (i = 0; i < snap->nr_cpus; i++)
		vmlat_hist_file_merge(&snap->all[k], &snap->cpus[i].hist[k]);
	snap->kinds |= 1U << k;
	return 0;
}

/*
 * vmlat_stage_files - does this module have the files of kind @k? A kind
 * of the IRQ stage always; a stage's only in a module that has the
 * stages. Returns 0 when it has, -1 when not and @must is false, the
 * exit status (the reason printed) when not and @must is true.
 */
static int vmlat_stage_files(const struct vmlat_params *p, unsigned int k,
			     bool must)
{
	char path[4096];
	struct stat st;

	if (k < VMLAT_NR_HISTS)
		return 0;
	snprintf(path, sizeof(path), "%s/%s", p->root, vmlat_hist_file_name(k));
	if (!stat(path, &st))
		return 0;
	if (!must)
		return -1;
	vmlat_err("%s: no such file: this vmlat module has no wake-up stages (thread, user); install one that has (vmlat --version)",
		  path);
	return VMLAT_EXIT_FAIL;
}

/*
 * vmlat_stages_shown - snap->stages: the stages that have figures. The
 * summary says it (a stage's keys appear at its first enable); without
 * it, a stage's total histogram that counted anything does.
 */
static void vmlat_stages_shown(struct vmlat_snapshot *snap)
{
	unsigned int s, k;
	int i;

	snap->stages = 0;
	if (snap->loaded & VMLAT_LOAD_SUMMARY) {
		for (i = 0; i < snap->nr_cpus; i++)
			snap->stages |= snap->cpus[i].sum->stages;
		snap->stages |= snap->all_sum.stages;
		return;
	}
	for (s = 0; s < VMLAT_NR_STAGES; s++) {
		k = vmlat_stage_hist(s, VMLAT_PART_TOTAL);
		if ((snap->kinds & (1U << k)) &&
		    (snap->all[k].samples || snap->all[k].missed))
			snap->stages |= 1U << s;
	}
}

/**
 * vmlat_load() - read what @what asks for, for the CPUs the user selected
 * @p: the options (--root, --cpus)
 * @snap: the snapshot; free it with vmlat_snapshot_free() on success
 * @what: VMLAT_LOAD_* bits
 *
 * Histograms are read before the summary: maxima only grow, so a
 * percentile clamped to a histogram's max never exceeds the summary's max.
 *
 * Return: 0, or the exit status after the one line that says why; @snap
 * is then freed already.
 */
int vmlat_load(const struct vmlat_params *p, struct vmlat_snapshot *snap,
	       unsigned int what)
{
	struct stat st;
	unsigned int k;
	int ret;

	memset(snap, 0, sizeof(*snap));
	if (stat(p->root, &st))
		return vmlat_open_failed(p, p->root, errno);
	ret = vmlat_select_cpus(p, snap);
	for (k = 0; !ret && k < VMLAT_NR_KINDS; k++) {
		if (what & VMLAT_LOAD_HIST(k))
			ret = vmlat_stage_files(p, k, true);
		else if (k >= VMLAT_NR_HISTS && (what & VMLAT_LOAD_STAGES))
			ret = vmlat_stage_files(p, k, false);
		else
			continue;
		if (ret > 0)
			break;
		if (!ret)
			ret = vmlat_load_kind(p, snap, k);
		else
			ret = 0;	/* an older module: no stage files */
	}
	if (!ret && (what & VMLAT_LOAD_SOURCES))
		ret = vmlat_load_sources(p, snap);
	if (!ret && (what & VMLAT_LOAD_SUMMARY))
		ret = vmlat_load_summary(p, snap);
	if (!ret && (what & VMLAT_LOAD_SUMMARY) && (what & VMLAT_LOAD_CAUSES))
		ret = vmlat_load_causes(p, snap);
	if (ret) {
		vmlat_snapshot_free(snap);
		return ret;
	}
	snap->loaded = what;
	vmlat_stages_shown(snap);
	return 0;
}

/**
 * vmlat_snapshot_free() - free what vmlat_load() allocated
 * @snap: a snapshot vmlat_load() filled
 */
void vmlat_snapshot_free(struct vmlat_snapshot *snap)
{
	free(snap->cpus);
	snap->cpus = NULL;
	vmlat_summary_free(&snap->summary);
	vmlat_sources_free(&snap->sources);
	vmlat_causes_free(&snap->causes);
}
