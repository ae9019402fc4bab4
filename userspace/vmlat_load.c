// SPDX-License-Identifier: GPL-2.0
/*
 * Reading vmlat's debugfs directory into a snapshot, and turning every way
 * that can fail (module not loaded, debugfs not mounted, not root, a file
 * from another ABI version, a cut-short file) into one line on stderr that
 * names the fix.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "vmlat.h"

#define DEBUGFS_MAGIC_NR	0x64626720

/* set by main: how the user ran us, for "sudo vmlat ..." hints */
char vmlat_invocation[256] = "vmlat";

void vmlat_err(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("vmlat: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* vmlat_read_file - whole file into a NUL-terminated malloc()ed buffer */
int vmlat_read_file(const char *path, char **buf, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *b, *tmp;
	ssize_t r;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	b = malloc(cap);
	if (!b) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		if (n + 1 >= cap) {
			cap *= 2;
			tmp = realloc(b, cap);
			if (!tmp) {
				err = -ENOMEM;
				goto fail;
			}
			b = tmp;
		}
		r = read(fd, b + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			goto fail;
		}
		if (!r)
			break;
		n += r;
	}
	close(fd);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
fail:
	free(b);
	close(fd);
	return err;
}

static char *vmlat_dirname(const char *path, char *out, size_t len)
{
	char *slash;

	snprintf(out, len, "%s", path);
	while (strlen(out) > 1 && out[strlen(out) - 1] == '/')
		out[strlen(out) - 1] = '\0';
	slash = strrchr(out, '/');
	if (!slash)
		snprintf(out, len, ".");
	else if (slash == out)
		out[1] = '\0';
	else
		*slash = '\0';
	return out;
}

/*
 * vmlat_open_failed - explain why a file under --root could not be read
 *
 * The module and debugfs diagnoses need a system to look at: the real one,
 * or a fake one given by both --root and --params. With only --root given
 * the user pointed us at a copy, and the copy is what is wrong.
 */
static void vmlat_open_failed(const struct vmlat_params *p, const char *path,
			      int err)
{
	char moddir[4096], parent[4096];
	struct statfs sfs;
	struct stat st;

	if (err == EACCES || err == EPERM) {
		vmlat_err("cannot read %s: permission denied: run as root (sudo %s)",
			  path, vmlat_invocation);
		return;
	}
	if (err != ENOENT && err != ENOTDIR) {
		vmlat_err("cannot read %s: %s", path, strerror(err));
		return;
	}
	if (stat(p->root, &st) == 0) {
		vmlat_err("%s: no such file: the module and the reader do not match; compare vmlat --version and install matching ones",
			  path);
		return;
	}
	if (p->root_set && !p->params_set) {
		vmlat_err("%s: no such directory: check --root (default %s)",
			  p->root, VMLAT_DEFAULT_ROOT);
		return;
	}
	vmlat_dirname(p->params, moddir, sizeof(moddir));
	if (stat(moddir, &st)) {
		vmlat_err("module not loaded (no %s): modprobe vmlat", moddir);
		return;
	}
	vmlat_dirname(p->root, parent, sizeof(parent));
	if (statfs(parent, &sfs) || sfs.f_type != DEBUGFS_MAGIC_NR) {
		vmlat_err("debugfs not mounted at %s: mount -t debugfs none %s",
			  parent, parent);
		return;
	}
	vmlat_err("%s missing although the module is loaded: modprobe -r vmlat && modprobe vmlat",
		  p->root);
}

static void vmlat_parse_failed(const char *path, const struct vmlat_perr *e)
{
	switch (e->kind) {
	case VMLAT_PARSE_VERSION:
		vmlat_err("%s: unknown ABI: %s: install the vmlat reader that matches the module (vmlat --version)",
			  path, e->msg);
		break;
	case VMLAT_PARSE_FORMAT:
		vmlat_err("%s: %s: point --root at vmlat's debugfs directory or install the matching reader (vmlat --version)",
			  path, e->msg);
		break;
	case VMLAT_PARSE_TRUNCATED:
		vmlat_err("%s:%d: truncated file: %s: read it again; if it persists, modprobe -r vmlat && modprobe vmlat",
			  path, e->line, e->msg);
		break;
	default:
		vmlat_err("%s:%d: malformed file: %s: read it again; if it persists, modprobe -r vmlat && modprobe vmlat",
			  path, e->line, e->msg);
		break;
	}
}

/* vmlat_parse_cpulist - "0-3,8,10-15:2/4" into a byte per CPU */
int vmlat_parse_cpulist(const char *list, unsigned char *mask, int max)
{
	const char *s = list;
	unsigned long a, b, used, group;
	char *end;

	memset(mask, 0, max);
	if (!*s)
		return -1;
	while (*s) {
		if (*s < '0' || *s > '9')
			return -1;
		a = strtoul(s, &end, 10);
		b = a;
		used = 1;
		group = 1;
		s = end;
		if (*s == '-') {
			if (s[1] < '0' || s[1] > '9')
				return -1;
			b = strtoul(s + 1, &end, 10);
			s = end;
			if (*s == ':') {
				used = strtoul(s + 1, &end, 10);
				if (*end != '/' || end == s + 1)
					return -1;
				group = strtoul(end + 1, &end, 10);
				s = end;
				if (!used || !group || used > group)
					return -1;
			}
		}
		if (a > b || b >= (unsigned long)max)
			return -1;
		for (; a <= b; a++)
			if ((a % group) < used)
				mask[a] = 1;
		if (*s == ',')
			s++;
		else if (*s)
			return -1;
	}
	return 0;
}

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
	char *end;
	DIR *d;

	snprintf(path, sizeof(path), "%s/per_cpu", p->root);
	d = opendir(path);
	if (!d) {
		vmlat_open_failed(p, path, errno);
		return -1;
	}
	list = malloc(cap * sizeof(*list));
	if (!list)
		goto nomem;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "cpu", 3) || !de->d_name[3])
			continue;
		v = strtoul(de->d_name + 3, &end, 10);
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
	return -1;
}

static int vmlat_load_hist(const struct vmlat_params *p, const char *path,
			   struct vmlat_hist *h, enum vmlat_hist_kind kind,
			   int cpu)
{
	struct vmlat_perr perr;
	size_t len;
	char *buf;
	int ret;

	ret = vmlat_read_file(path, &buf, &len);
	if (ret) {
		vmlat_open_failed(p, path, -ret);
		return -1;
	}
	ret = vmlat_parse_hist(buf, len, h, &perr);
	free(buf);
	if (ret) {
		vmlat_parse_failed(path, &perr);
		return -1;
	}
	if (h->kind != kind || h->cpu != cpu) {
		vmlat_err("%s: holds hist=%s of another CPU or kind: modprobe -r vmlat && modprobe vmlat",
			  path, vmlat_hist_kind_name(h->kind));
		return -1;
	}
	return 0;
}

static void vmlat_summary_add(struct vmlat_summary_cpu *all,
			      const struct vmlat_summary_cpu *c, bool first)
{
	unsigned long long lat_sum;

	if (c->samples && (!all->samples || c->min_ns < all->min_ns))
		all->min_ns = c->min_ns;
	if (c->max_ns > all->max_ns || first) {
		all->max_ns = c->max_ns;
		all->max_at_ns = c->max_at_ns;
	}
	if (c->self_min_ns && (!all->self_min_ns ||
			       c->self_min_ns < all->self_min_ns))
		all->self_min_ns = c->self_min_ns;
	if (c->self_max_ns > all->self_max_ns)
		all->self_max_ns = c->self_max_ns;
	lat_sum = all->avg_ns * all->samples + c->avg_ns * c->samples;
	all->self_avg_ns = all->self_avg_ns * all->samples +
			   c->self_avg_ns * c->samples;
	all->active += c->active;
	all->samples += c->samples;
	all->missed += c->missed;
	all->elapsed_ns += c->elapsed_ns;
	all->trace_stops += c->trace_stops;
	all->avg_ns = all->samples ? lat_sum / all->samples : 0;
	all->self_avg_ns = all->samples ? all->self_avg_ns / all->samples : 0;
	if (first)
		snprintf(all->steal_source, sizeof(all->steal_source), "%s",
			 c->steal_source);
	else if (strcmp(all->steal_source, c->steal_source))
		snprintf(all->steal_source, sizeof(all->steal_source),
			 "mixed");
	if (c->has_steal) {
		all->has_steal = true;
		all->steal_ns += c->steal_ns;
		all->steal_expiries += c->steal_expiries;
		all->stolen_ns += c->stolen_ns;
	}
}

/**
 * vmlat_cpu_has_steal() - is steal known for @c?
 * @c: a CPU of a snapshot whose sources are loaded
 *
 * As the module decides it: the CPU has a steal source now, or its steal
 * histogram holds samples from one it had before going offline.
 */
bool vmlat_cpu_has_steal(const struct vmlat_cpu_data *c)
{
	return strcmp(c->src->source, "none") ||
	       c->hist[VMLAT_HIST_STEAL].samples;
}

/*
 * vmlat_summary_all - the cpu=all line over the selected CPUs only
 *
 * Averages are re-weighted from per-CPU averages, so they can be off by
 * rounding; the steal rate is over the elapsed time of CPUs with a source.
 */
static void vmlat_summary_all(struct vmlat_snapshot *snap)
{
	struct vmlat_summary_cpu *all = &snap->all_sum;
	unsigned long long elapsed = 0, lat_sum = 0;
	int i;

	memset(all, 0, sizeof(*all));
	all->cpu = VMLAT_CPU_ALL;
	for (i = 0; i < snap->nr_cpus; i++) {
		vmlat_summary_add(all, snap->cpus[i].sum, i == 0);
		if (snap->cpus[i].sum->has_steal)
			elapsed += snap->cpus[i].sum->elapsed_ns;
		lat_sum += snap->cpus[i].sum->avg_ns *
			   snap->cpus[i].sum->samples;
	}
	if (all->has_steal && elapsed)
		all->steal_ms_per_s_milli = all->steal_ns * 1000000.0 /
					    elapsed + 0.5;
	if (all->has_steal && lat_sum)
		all->stolen_share_e4 = all->stolen_ns * 10000.0 / lat_sum +
				       0.5;
	if (all->stolen_share_e4 > 10000)
		all->stolen_share_e4 = 10000;
}

static int vmlat_load_summary(const struct vmlat_params *p,
			      struct vmlat_snapshot *snap)
{
	struct vmlat_perr perr;
	char path[4096];
	size_t len;
	char *buf;
	int ret, i, j;

	snprintf(path, sizeof(path), "%s/summary", p->root);
	ret = vmlat_read_file(path, &buf, &len);
	if (ret) {
		vmlat_open_failed(p, path, -ret);
		return -1;
	}
	ret = vmlat_parse_summary(buf, len, &snap->summary, &perr);
	free(buf);
	if (ret) {
		vmlat_parse_failed(path, &perr);
		return -1;
	}
	for (i = 0; i < snap->nr_cpus; i++) {
		for (j = 0; j < snap->summary.nr_cpus; j++)
			if (snap->summary.cpu[j].cpu == snap->cpus[i].cpu)
				break;
		if (j == snap->summary.nr_cpus) {
			vmlat_err("%s: no line for cpu=%d: truncated file; read it again, if it persists modprobe -r vmlat && modprobe vmlat",
				  path, snap->cpus[i].cpu);
			return -1;
		}
		snap->cpus[i].sum = &snap->summary.cpu[j];
	}
	if (p->cpu_mask)
		vmlat_summary_all(snap);
	else
		snap->all_sum = snap->summary.all;
	return 0;
}

static int vmlat_load_sources(const struct vmlat_params *p,
			      struct vmlat_snapshot *snap)
{
	struct vmlat_perr perr;
	char path[4096];
	size_t len;
	char *buf;
	int ret, i, j;

	snprintf(path, sizeof(path), "%s/steal_source", p->root);
	ret = vmlat_read_file(path, &buf, &len);
	if (ret) {
		vmlat_open_failed(p, path, -ret);
		return -1;
	}
	ret = vmlat_parse_sources(buf, len, &snap->sources, &perr);
	free(buf);
	if (ret) {
		vmlat_parse_failed(path, &perr);
		return -1;
	}
	snap->all_source[0] = '\0';
	snap->all_has_steal = false;
	for (i = 0; i < snap->nr_cpus; i++) {
		for (j = 0; j < snap->sources.nr_cpus; j++)
			if (snap->sources.cpu[j].cpu == snap->cpus[i].cpu)
				break;
		if (j == snap->sources.nr_cpus) {
			vmlat_err("%s: no line for cpu=%d: truncated file; read it again, if it persists modprobe -r vmlat && modprobe vmlat",
				  path, snap->cpus[i].cpu);
			return -1;
		}
		snap->cpus[i].src = &snap->sources.cpu[j];
		if (vmlat_cpu_has_steal(&snap->cpus[i]))
			snap->all_has_steal = true;
		if (!i)
			snprintf(snap->all_source, sizeof(snap->all_source),
				 "%s", snap->cpus[i].src->source);
		else if (strcmp(snap->all_source, snap->cpus[i].src->source))
			snprintf(snap->all_source, sizeof(snap->all_source),
				 "mixed");
	}
	return 0;
}

/*
 * vmlat_load - read what @what asks for, for the CPUs the user selected
 *
 * Histograms are read before the summary: maxima only grow, so a
 * percentile clamped to a histogram's max never exceeds the summary's max.
 */
int vmlat_load(const struct vmlat_params *p, struct vmlat_snapshot *snap,
	       unsigned int what)
{
	int *ids = NULL, nr = 0, i, n, k;
	char path[4096];
	struct stat st;

	memset(snap, 0, sizeof(*snap));
	if (stat(p->root, &st)) {
		vmlat_open_failed(p, p->root, errno);
		return -1;
	}
	if (vmlat_list_cpus(p, &ids, &nr))
		return -1;
	if (p->cpu_mask) {
		for (i = 0; i < VMLAT_MAX_CPUS; i++) {
			if (!p->cpu_mask[i])
				continue;
			if (!bsearch(&i, ids, nr, sizeof(int), vmlat_cmp_int)) {
				vmlat_err("--cpus: cpu %d has no %s/per_cpu/cpu%d: pick CPUs from 0-%d",
					  i, p->root, i, nr ? ids[nr - 1] : 0);
				free(ids);
				return -VMLAT_EXIT_USAGE;
			}
		}
	}
	snap->cpus = calloc(nr ? nr : 1, sizeof(*snap->cpus));
	if (!snap->cpus) {
		free(ids);
		vmlat_err("out of memory");
		return -1;
	}
	for (i = 0, n = 0; i < nr; i++)
		if (!p->cpu_mask || p->cpu_mask[ids[i]])
			snap->cpus[n++].cpu = ids[i];
	snap->nr_cpus = n;
	free(ids);

	for (k = 0; k < VMLAT_NR_HIST; k++) {
		if (!(what & VMLAT_LOAD_HIST(k)))
			continue;
		for (i = 0; i < snap->nr_cpus; i++) {
			snprintf(path, sizeof(path), "%s/per_cpu/cpu%d/%s",
				 p->root, snap->cpus[i].cpu,
				 k == VMLAT_HIST_LATENESS ? "hist" :
				 vmlat_hist_kind_name(k));
			if (vmlat_load_hist(p, path, &snap->cpus[i].hist[k],
					    k, snap->cpus[i].cpu))
				goto fail;
		}
		if (p->cpu_mask) {
			snap->all[k].kind = k;
			snap->all[k].cpu = VMLAT_CPU_ALL;
			for (i = 0; i < snap->nr_cpus; i++)
				vmlat_hist_merge(&snap->all[k],
						 &snap->cpus[i].hist[k]);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", p->root,
			 k == VMLAT_HIST_LATENESS ? "hist" :
			 vmlat_hist_kind_name(k));
		if (vmlat_load_hist(p, path, &snap->all[k], k, VMLAT_CPU_ALL))
			goto fail;
	}
	if ((what & VMLAT_LOAD_SOURCES) && vmlat_load_sources(p, snap))
		goto fail;
	if ((what & VMLAT_LOAD_SUMMARY) && vmlat_load_summary(p, snap))
		goto fail;
	snap->loaded = what;
	return 0;
fail:
	vmlat_snapshot_free(snap);
	return -1;
}

void vmlat_snapshot_free(struct vmlat_snapshot *snap)
{
	free(snap->cpus);
	snap->cpus = NULL;
	vmlat_summary_free(&snap->summary);
	vmlat_sources_free(&snap->sources);
}
