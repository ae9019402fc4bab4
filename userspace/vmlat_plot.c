// SPDX-License-Identifier: GPL-2.0
/*
 * vmlat plot: a self-contained SVG (no scripts, no external fonts or
 * images). The top panel is the lateness histogram on log-log axes with
 * markers at p50, p99, p99.9, p99.99 and max; a recording adds the time
 * series of steal ms/s and of the worst lateness per interval, with the
 * part of it above the interval's worst residual drawn as stolen: at least
 * that much of the worst expiry's lateness was steal.
 *
 * A record of vmlat wait (JSON lines) gives the split picture instead:
 * per interval the worst user-space wake-up, a bar split exactly into
 * its irq, stolen and sched parts, the irq part in two: the IRQ's own
 * stolen part and the rest.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vmlat_reader.h"
#include "vmlat_json.h"
#include "../abi/vmlat_version.h"

#define W		960
#define MARGIN_L	80
#define MARGIN_R	30
#define HIST_H		380
#define SERIES_H	240
/* a label drawn over lines: a white outline under its glyphs */
#define VMLAT_PLOT_HALO	"stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\""

struct vmlat_series {
	int	n;
	double	*t_s;
	double	*steal;		/* NAN: unknown */
	double	*max_ns;	/* NAN: no samples */
	double	*residual_max;	/* NAN: no samples or steal unknown */
	/* the residual by cause, ms/s (NAN: a module without the causes) */
	double	*cause[VMLAT_NR_CAUSES];
};

struct vmlat_plot {
	struct vmlat_hist_file	hist;
	struct vmlat_series	series;
	bool			has_series;
	char			title[160];
};

struct vmlat_mark {
	unsigned int	ppm;
	const char	*name;
	const char	*color;
};

static void vmlat_fmt_ns(char *buf, size_t len, double ns)
{
	if (ns >= 1e9)
		snprintf(buf, len, "%.4g s", ns / 1e9);
	else if (ns >= 1e6)
		snprintf(buf, len, "%.4g ms", ns / 1e6);
	else if (ns >= 1e3)
		snprintf(buf, len, "%.4g us", ns / 1e3);
	else
		snprintf(buf, len, "%.4g ns", ns);
}

static double vmlat_x(double ns, double lo, double hi)
{
	double v = log10(ns < 1 ? 1 : ns);

	return MARGIN_L + (v - lo) / (hi - lo) * (W - MARGIN_L - MARGIN_R);
}

static void vmlat_svg_hist(FILE *f, const struct vmlat_plot *pl, int top)
{
	static const struct vmlat_mark marks[] = {
		{ 500000, "p50", "#2a7" }, { 990000, "p99", "#e80" },
		{ 999000, "p99.9", "#d33" }, { 999900, "p99.99", "#a0a" },
	};
	const struct vmlat_hist_file *h = &pl->hist;
	double lo = 0, hi = 1, ymax = 1, x0, x1, y, v;
	int i, first = -1, last = -1, base = top + HIST_H - 50;
	unsigned long long maxc = 1;
	unsigned int k;
	char buf[32];

	for (i = 0; i < VMLAT_HIST_BUCKETS; i++) {
		if (!h->count[i])
			continue;
		if (first < 0)
			first = i;
		last = i;
		if (h->count[i] > maxc)
			maxc = h->count[i];
	}
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"16\" font-weight=\"bold\">%s</text>\n",
		MARGIN_L, top + 24, pl->title);
	if (first < 0) {
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"14\">no samples yet</text>\n",
			MARGIN_L, top + 80);
		return;
	}
	v = vmlat_hist_lower(first);
	lo = floor(log10(v < 1 ? 1 : v));
	v = last == VMLAT_HIST_TOP ? h->max_ns : vmlat_hist_upper(last);
	hi = ceil(log10(v + 1.0));
	if (hi <= lo)
		hi = lo + 1;
	ymax = ceil(log10((double)maxc));
	if (ymax < 1)
		ymax = 1;

	/* axes and decade grid */
	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fafafa\" stroke=\"#888\"/>\n",
		MARGIN_L, top + 40, W - MARGIN_L - MARGIN_R, base - top - 40);
	for (v = lo; v <= hi; v++) {
		x0 = vmlat_x(pow(10, v), lo, hi);
		vmlat_fmt_ns(buf, sizeof(buf), pow(10, v));
		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>\n<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>\n",
			x0, top + 40, x0, base, x0, base + 16, buf);
	}
	for (v = 0; v <= ymax; v++) {
		y = base - (v + 0.3) / (ymax + 0.3) * (base - top - 40);
		fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>\n<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%.0f</text>\n",
			MARGIN_L, y, W - MARGIN_R, y, MARGIN_L - 6, y + 4,
			pow(10, v));
	}
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">timer lateness (log scale)</text>\n",
		W / 2, base + 34);
	fprintf(f, "<text x=\"16\" y=\"%d\" font-size=\"12\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">expiries per bucket (log)</text>\n",
		(top + base) / 2, (top + base) / 2);

	for (i = first; i <= last; i++) {
		if (!h->count[i])
			continue;
		x0 = vmlat_x(vmlat_hist_lower(i), lo, hi);
		x1 = vmlat_x(i == VMLAT_HIST_TOP ? h->max_ns + 1.0 :
			     vmlat_hist_upper(i) + 1.0, lo, hi);
		if (x1 - x0 < 1)
			x1 = x0 + 1;
		y = base - (log10((double)h->count[i]) + 0.3) / (ymax + 0.3) *
		    (base - top - 40);
		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#3465a4\"/>\n",
			x0, y, x1 - x0, base - y);
	}
	for (k = 0; k < ARRAY_SIZE(marks); k++) {
		v = vmlat_percentile(h, marks[k].ppm);
		x0 = vmlat_x(v, lo, hi);
		vmlat_fmt_ns(buf, sizeof(buf), v);
		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"5,3\"/>\n<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"%s\" text-anchor=\"%s\">%s %s</text>\n",
			x0, top + 40, x0, base, marks[k].color,
			x0 > W - 200 ? x0 - 3 : x0 + 3, top + 54 + 13 * k,
			marks[k].color, x0 > W - 200 ? "end" : "start",
			marks[k].name, buf);
	}
	x0 = vmlat_x(h->max_ns, lo, hi);
	vmlat_fmt_ns(buf, sizeof(buf), h->max_ns);
	fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\" stroke-width=\"1.5\"/>\n<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"%s\">max %s (%llu samples)</text>\n",
		x0, top + 40, x0, base, x0 > W - 200 ? x0 - 3 : x0 + 3,
		top + 54 + 13 * 4, x0 > W - 200 ? "end" : "start", buf,
		h->samples);
}

/*
 * vmlat_svg_stolen - over the series val of vmlat_svg_series(), a bar per
 * interval from lower[i] up to val[i]: the part of the worst lateness that
 * is not residual, so stolen
 */
static void vmlat_svg_stolen(FILE *f, const struct vmlat_series *s,
			     const double *val, const double *lower,
			     double scale, double vmax, int top, int base)
{
	double tmax = s->n ? s->t_s[s->n - 1] : 1, x, y0, y1;
	int i, bars = 0;

	for (i = 0; i < s->n; i++) {
		if (isnan(val[i]) || isnan(lower[i]) || lower[i] >= val[i])
			continue;
		x = MARGIN_L + s->t_s[i] / tmax * (W - MARGIN_L - MARGIN_R);
		y0 = base - lower[i] / scale / vmax * (base - top - 30);
		y1 = base - val[i] / scale / vmax * (base - top - 30);
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c00\" stroke-width=\"5\" stroke-opacity=\"0.7\"/>\n",
			x, y0, x, y1);
		bars++;
	}
	if (bars)
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\" fill=\"#c00\">red: stolen, at least (worst lateness above the worst residual)</text>\n",
			W - MARGIN_R - 4, top + 44);
}

/*
 * vmlat_svg_series - one time series on linear axes; NAN leaves a gap;
 * with lower, the stolen part of each value too (vmlat_svg_stolen)
 */
static double vmlat_svg_series(FILE *f, const struct vmlat_series *s,
			       const double *val, const double *lower,
			       double scale, double vmax, const char *label,
			       const char *color, int top)
{
	int base = top + SERIES_H - 40, i, pts = 0;
	double tmax = s->n ? s->t_s[s->n - 1] : 1, x, y;

	/* @vmax: the panel's scale, at least the largest of @val */
	for (i = 0; i < s->n; i++)
		if (!isnan(val[i]) && val[i] / scale > vmax)
			vmax = val[i] / scale;
	if (vmax <= 0)
		vmax = 1;
	vmax *= 1.1;
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"14\" font-weight=\"bold\">%s</text>\n",
		MARGIN_L, top + 20, label);
	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fafafa\" stroke=\"#888\"/>\n",
		MARGIN_L, top + 30, W - MARGIN_L - MARGIN_R, base - top - 30);
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%.*f</text>\n<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">0</text>\n",
		MARGIN_L - 6, top + 40, vmax >= 100 ? 0 : 2, vmax,
		MARGIN_L - 6, base);
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"11\">0 s</text>\n<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%.1f s</text>\n",
		MARGIN_L, base + 14, W - MARGIN_R, base + 14, tmax);
	fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"",
		color);
	for (i = 0; i < s->n; i++) {
		if (isnan(val[i]))
			continue;
		x = MARGIN_L + s->t_s[i] / tmax * (W - MARGIN_L - MARGIN_R);
		y = base - val[i] / scale / vmax * (base - top - 30);
		fprintf(f, "%s%.1f,%.1f", pts++ ? " " : "", x, y);
	}
	fputs("\"/>\n", f);
	if (lower)
		vmlat_svg_stolen(f, s, val, lower, scale, vmax, top, base);
	for (i = 0; i < s->n; i++) {
		if (isnan(val[i]))
			continue;
		x = MARGIN_L + s->t_s[i] / tmax * (W - MARGIN_L - MARGIN_R);
		y = base - val[i] / scale / vmax * (base - top - 30);
		fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n",
			x, y, color);
	}
	if (!pts)
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"13\">unknown: no steal source or no samples</text>\n",
			MARGIN_L + 10, top + 60);
	return vmax;
}

/* the colours of the causes' lines, VMLAT_CAUSE_* order */
static const char * const vmlat_cause_colors[VMLAT_NR_CAUSES] = {
	"#f57900", "#4e9a06", "#888888",
};

/*
 * vmlat_svg_causes - over the steal panel drawn at @top, a line per
 * cause of the residual, on the panel's scale (@vmax: the largest of all
 * its lines), and their legend
 */
static void vmlat_svg_causes(FILE *f, const struct vmlat_series *s,
			     double vmax, int top)
{
	int base = top + SERIES_H - 40, i, c, pts;
	double tmax = s->n ? s->t_s[s->n - 1] : 1, x, y;
	unsigned int drawn = 0;

	for (c = 0; c < VMLAT_NR_CAUSES; c++) {
		pts = 0;
		fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"6,3\" points=\"",
			vmlat_cause_colors[c]);
		for (i = 0; i < s->n; i++) {
			if (isnan(s->cause[c][i]))
				continue;
			x = MARGIN_L + s->t_s[i] / tmax * (W - MARGIN_L - MARGIN_R);
			y = base - s->cause[c][i] / vmax * (base - top - 30);
			fprintf(f, "%s%.1f,%.1f", pts++ ? " " : "", x, y);
		}
		fputs("\"/>\n", f);
		for (i = 0; i < s->n; i++) {
			if (isnan(s->cause[c][i]))
				continue;
			x = MARGIN_L + s->t_s[i] / tmax * (W - MARGIN_L - MARGIN_R);
			y = base - s->cause[c][i] / vmax * (base - top - 30);
			fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"5\" height=\"5\" fill=\"%s\"/>\n",
				x - 2.5, y - 2.5, vmlat_cause_colors[c]);
		}
		drawn |= pts ? 1U << c : 0;
	}
	/* the labels last, over every line, each on a white halo */
	for (c = 0; c < VMLAT_NR_CAUSES; c++)
		if (drawn & (1U << c))
			fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\" fill=\"%s\" " VMLAT_PLOT_HALO ">residual, %s</text>\n",
				W - MARGIN_R - 4, top + 58 + 14 * c,
				vmlat_cause_colors[c], vmlat_cause_name(c));
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\" fill=\"#c00\" " VMLAT_PLOT_HALO ">steal</text>\n",
		W - MARGIN_R - 4, top + 44);
}

/* vmlat_series_max - the largest value of @s's steal and cause lines */
static double vmlat_series_max(const struct vmlat_series *s)
{
	double m = 0;
	int i, c;

	for (i = 0; i < s->n; i++) {
		if (!isnan(s->steal[i]) && s->steal[i] > m)
			m = s->steal[i];
		for (c = 0; c < VMLAT_NR_CAUSES; c++)
			if (!isnan(s->cause[c][i]) && s->cause[c][i] > m)
				m = s->cause[c][i];
	}
	return m;
}

static int vmlat_write_svg(const struct vmlat_plot *pl, const char *path)
{
	int height = HIST_H + (pl->has_series ? 2 * SERIES_H : 0);
	FILE *f = fopen(path, "w");
	double vmax;

	if (!f) {
		vmlat_err("cannot create %s: %s: choose a writable -o path",
			  path, strerror(errno));
		return -1;
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n<title>vmlat %s</title>\n<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n",
		W, height, W, height, VMLAT_VERSION);
	vmlat_svg_hist(f, pl, 0);
	if (pl->has_series) {
		vmax = vmlat_svg_series(f, &pl->series, pl->series.steal,
					NULL, 1.0,
					vmlat_series_max(&pl->series),
					"steal and the residual by cause, ms/s per interval (all CPUs)",
					"#c00", HIST_H);
		vmlat_svg_causes(f, &pl->series, vmax, HIST_H);
		vmlat_svg_series(f, &pl->series, pl->series.max_ns,
				 pl->series.residual_max, 1e3, 0,
				 "worst lateness per interval, us (all CPUs)",
				 "#3465a4", HIST_H + SERIES_H);
	}
	fputs("</svg>\n", f);
	if (fflush(f) || ferror(f)) {
		fclose(f);
		vmlat_err("cannot write %s: free space or choose another -o",
			  path);
		return -1;
	}
	return fclose(f) ? -1 : 0;
}

/* vmlat_hist_from_json - a vmlat_json_hist() object back into a histogram */
static int vmlat_hist_from_json(const struct vmlat_json *o,
				struct vmlat_hist_file *h)
{
	const struct vmlat_json *b, *row, *v;
	int i;

	memset(h, 0, sizeof(*h));
	v = vmlat_json_get(o, "max_ns");
	b = vmlat_json_get(o, "buckets");
	if (!v || v->type != VMLAT_J_NUM || !b || b->type != VMLAT_J_ARR)
		return -1;
	h->max_ns = v->u64;
	for (row = b->child; row; row = row->next) {
		if (row->type != VMLAT_J_ARR || !row->child ||
		    !row->child->next || !row->child->next->next)
			return -1;
		i = vmlat_hist_index(row->child->u64);
		if (vmlat_hist_lower(i) != row->child->u64)
			return -1;
		h->count[i] += row->child->next->next->u64;
		h->samples += row->child->next->next->u64;
	}
	return 0;
}

static double vmlat_jnum_or_nan(const struct vmlat_json *o, const char *key)
{
	const struct vmlat_json *v = vmlat_json_get(o, key);

	return v && v->type == VMLAT_J_NUM ? v->num : NAN;
}

static const struct vmlat_json *vmlat_last(const struct vmlat_json *arr)
{
	const struct vmlat_json *c;

	if (!arr || arr->type != VMLAT_J_ARR || !arr->child)
		return NULL;
	for (c = arr->child; c->next; c = c->next)
		;
	return c;
}

static int vmlat_plot_recording(const char *path, const char *buf,
				size_t len, struct vmlat_plot *pl)
{
	const struct vmlat_json *schema, *hists, *lat, *iv, *it, *all;
	struct vmlat_json *root;
	char err[128], key[32];
	double elapsed;
	int n = 0, c;

	root = vmlat_json_parse(buf, len, err, sizeof(err));
	if (!root) {
		vmlat_err("%s: not JSON (%s): give a file written by vmlat record",
			  path, err);
		return -1;
	}
	schema = vmlat_json_get(root, "schema");
	hists = vmlat_json_get(root, "histograms");
	lat = vmlat_last(vmlat_json_get(hists, "lateness"));
	iv = vmlat_json_get(root, "intervals");
	if (!schema || schema->type != VMLAT_J_STR ||
	    strcmp(schema->str, "vmlat-record v1") || !lat || !iv ||
	    iv->type != VMLAT_J_ARR || vmlat_hist_from_json(lat, &pl->hist)) {
		vmlat_err("%s: not a vmlat-record v1 file: record one with vmlat record -d SEC -o FILE.json",
			  path);
		vmlat_json_free(root);
		return -1;
	}
	for (it = iv->child; it; it = it->next)
		n++;
	pl->series.t_s = calloc(n + 1, sizeof(double));
	pl->series.steal = calloc(n + 1, sizeof(double));
	pl->series.max_ns = calloc(n + 1, sizeof(double));
	pl->series.residual_max = calloc(n + 1, sizeof(double));
	for (c = 0; c < VMLAT_NR_CAUSES; c++)
		pl->series.cause[c] = calloc(n + 1, sizeof(double));
	if (!pl->series.t_s || !pl->series.steal || !pl->series.max_ns ||
	    !pl->series.residual_max || !pl->series.cause[0] ||
	    !pl->series.cause[1] || !pl->series.cause[2]) {
		vmlat_err("out of memory");
		vmlat_json_free(root);
		return -1;
	}
	for (it = iv->child; it; it = it->next) {
		all = vmlat_last(vmlat_json_get(it, "cpus"));
		pl->series.t_s[pl->series.n] = vmlat_jnum_or_nan(it, "t_s");
		pl->series.steal[pl->series.n] =
			vmlat_jnum_or_nan(all, "steal_ms_per_s");
		pl->series.max_ns[pl->series.n] =
			vmlat_jnum_or_nan(all, "max_ns");
		pl->series.residual_max[pl->series.n] =
			vmlat_jnum_or_nan(all, "residual_max_ns");
		elapsed = vmlat_jnum_or_nan(all, "elapsed_ns");
		for (c = 0; c < VMLAT_NR_CAUSES; c++) {
			snprintf(key, sizeof(key), "%s_ns", vmlat_cause_name(c));
			/* ms per second sampled, as steal_ms_per_s */
			pl->series.cause[c][pl->series.n] = elapsed > 0 ?
				vmlat_jnum_or_nan(all, key) * 1e3 / elapsed :
				NAN;
		}
		if (isnan(pl->series.t_s[pl->series.n]))
			continue;
		pl->series.n++;
	}
	pl->has_series = true;
	snprintf(pl->title, sizeof(pl->title),
		 "vmlat recording: lateness, all CPUs, %d intervals",
		 pl->series.n);
	vmlat_json_free(root);
	return 0;
}

/*
 * the segments of a wait record's worst wake-up, bottom to top: its irq
 * part in two, the rest of the IRQ's lateness and the IRQ's own stolen
 * part, so that the steal, the latter and the stolen part after the
 * IRQ, is one red run of the bar; the IRQ's steal is hatched in the irq
 * part's blue
 */
enum {
	WP_IRQ_REST,
	WP_IRQ_STOLEN,
	WP_STOLEN,
	WP_SCHED,
	NR_WPARTS,
};

static const struct {
	const char	*name;
	const char	*fill;
} vmlat_wait_parts[NR_WPARTS] = {
	[WP_IRQ_REST] = { "irq, not stolen (the rest of the timer IRQ's lateness)",
			  "#3465a4" },
	[WP_IRQ_STOLEN] = { "irq, stolen (the hypervisor held the vCPU before the IRQ)",
			    "url(#irq-stolen)" },
	[WP_STOLEN] = { "stolen (steal after the IRQ, before the task ran)",
			"#cc0000" },
	[WP_SCHED] = { "sched (scheduling delay in the guest)", "#f57900" },
};

/* the IRQ's steal: the steal's red, hatched in the irq part's blue */
#define WAIT_PATTERN \
	"<defs><pattern id=\"irq-stolen\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#cc0000\"/><rect width=\"2\" height=\"6\" fill=\"#3465a4\"/></pattern></defs>\n"

#define WAIT_H		500

/* struct vmlat_wait_bar - an interval's worst wake-up; n = 0: none */
struct vmlat_wait_bar {
	double	t_s;
	double	part[NR_WPARTS];
	double	total;
	int	n;
};

/* vmlat_wait_steal - of a bar, the steal: the IRQ's and after it */
static double vmlat_wait_steal(const struct vmlat_wait_bar *b)
{
	return b->part[WP_IRQ_STOLEN] + b->part[WP_STOLEN];
}

/* vmlat_wait_bars_svg - the split picture: a stacked bar per interval */
static void vmlat_wait_bars_svg(FILE *f, const struct vmlat_wait_bar *b,
				int n, double interval_s, const char *title)
{
	int top = 56, base = WAIT_H - 100, i, bars = 0, worst = -1;
	double vmax = 0, scale, w, x, y, h, tmax;
	const char *unit;
	unsigned int k;

	for (i = 0; i < n; i++)
		if (b[i].n && b[i].total > vmax) {
			vmax = b[i].total;
			worst = i;
		}
	tmax = n ? b[n - 1].t_s : 1;
	if (tmax <= 0)
		tmax = 1;
	scale = vmax >= 1e6 ? 1e6 : 1e3;
	unit = vmax >= 1e6 ? "ms" : "us";
	vmax = vmax / scale * 1.1;
	if (vmax <= 0)
		vmax = 1;
	w = (W - MARGIN_L - MARGIN_R) * interval_s / tmax * 0.8;
	if (w < 1)
		w = 1;
	fputs(WAIT_PATTERN, f);
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"16\" font-weight=\"bold\">%s</text>\n",
		MARGIN_L, 24, title);
	if (worst >= 0)
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\">the worst, %.3f %s: stolen %.3f %s (%.1f%%), %.3f in the IRQ and %.3f after it</text>\n",
			MARGIN_L, 44, b[worst].total / scale, unit,
			vmlat_wait_steal(&b[worst]) / scale, unit,
			100.0 * vmlat_wait_steal(&b[worst]) / b[worst].total,
			b[worst].part[WP_IRQ_STOLEN] / scale,
			b[worst].part[WP_STOLEN] / scale);
	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fafafa\" stroke=\"#888\"/>\n",
		MARGIN_L, top, W - MARGIN_L - MARGIN_R, base - top);
	for (k = 0; k <= 4; k++) {
		y = base - k / 4.0 * (base - top);
		fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>\n<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%.*f</text>\n",
			MARGIN_L, y, W - MARGIN_R, y, MARGIN_L - 6, y + 4,
			vmax >= 10 ? 0 : 2, vmax * k / 4);
	}
	fprintf(f, "<text x=\"16\" y=\"%d\" font-size=\"12\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">worst wake-up lateness, %s</text>\n",
		(top + base) / 2, (top + base) / 2, unit);
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"11\">0 s</text>\n<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%.1f s</text>\n<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">time, an interval a bar (%.3g s)</text>\n",
		MARGIN_L, base + 14, W - MARGIN_R, base + 14, tmax, W / 2,
		base + 30, interval_s);
	for (i = 0; i < n; i++) {
		if (!b[i].n)
			continue;
		x = MARGIN_L + b[i].t_s / tmax * (W - MARGIN_L - MARGIN_R) - w;
		y = base;
		for (k = 0; k < NR_WPARTS; k++) {
			h = b[i].part[k] / scale / vmax * (base - top);
			if (h <= 0)
				continue;
			y -= h;
			fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n",
				x, y, w, h, vmlat_wait_parts[k].fill);
		}
		bars++;
	}
	if (!bars)
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"14\">no wake-ups recorded</text>\n",
			MARGIN_L + 10, top + 30);
	/* two by two: the irq part's two segments, then the others */
	for (k = 0; k < NR_WPARTS; k++)
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\" stroke=\"#888\" stroke-width=\"0.5\"/>\n<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>\n",
			MARGIN_L + 10 + 420 * (k % 2),
			WAIT_H - 50 + 22 * (k / 2), vmlat_wait_parts[k].fill,
			MARGIN_L + 28 + 420 * (k % 2),
			WAIT_H - 40 + 22 * (k / 2), vmlat_wait_parts[k].name);
}

/* vmlat_jnum_or_0 - @key of @o, 0 when missing or not a number */
static double vmlat_jnum_or_0(const struct vmlat_json *o, const char *key)
{
	double v = vmlat_jnum_or_nan(o, key);

	return isnan(v) ? 0 : v;
}

/*
 * vmlat_wait_bar - @b from a record's worst wake-up @worst: its irq part
 * split by irq_stolen_ns (a record without it: none stolen), within it
 */
static void vmlat_wait_bar(struct vmlat_wait_bar *b,
			   const struct vmlat_json *worst)
{
	double irq = vmlat_jnum_or_0(worst, "irq_ns");
	double irq_stolen = vmlat_jnum_or_0(worst, "irq_stolen_ns");
	unsigned int k;

	if (irq_stolen > irq)
		irq_stolen = irq;
	b->n = 1;
	b->part[WP_IRQ_REST] = irq - irq_stolen;
	b->part[WP_IRQ_STOLEN] = irq_stolen;
	b->part[WP_STOLEN] = vmlat_jnum_or_0(worst, "stolen_ns");
	b->part[WP_SCHED] = vmlat_jnum_or_0(worst, "sched_ns");
	for (k = 0; k < NR_WPARTS; k++)
		b->total += b->part[k];
}

/*
 * vmlat_plot_wait - a record of vmlat wait: its head line, then a line
 * per interval, the last one {"end": ...}; the all entry's worst wake-up
 * of each interval becomes a bar. Returns 1 when @buf is not one.
 */
static int vmlat_plot_wait(const char *path, const char *buf, size_t len,
			   const char *out)
{
	const struct vmlat_json *schema, *iv, *c, *worst, *v;
	struct vmlat_wait_bar *bars = NULL, *tmp;
	const char *line = buf, *nl;
	struct vmlat_json *j;
	double interval_s = 1, worst_all = 0;
	char err[128], title[200];
	int n = 0, cap = 0, ret = -1;
	FILE *f;

	nl = memchr(buf, '\n', len);
	j = vmlat_json_parse(buf, nl ? (size_t)(nl - buf) : len, err,
			     sizeof(err));
	schema = j ? vmlat_json_get(j, "schema") : NULL;
	if (!schema || schema->type != VMLAT_J_STR ||
	    strcmp(schema->str, "vmlat-wait v1")) {
		vmlat_json_free(j);
		return 1;
	}
	v = vmlat_json_get(j, "interval_s");
	if (v && v->type == VMLAT_J_NUM && v->num > 0)
		interval_s = v->num;
	vmlat_json_free(j);
	while (nl && (size_t)(nl + 1 - buf) < len) {
		line = nl + 1;
		nl = memchr(line, '\n', buf + len - line);
		j = vmlat_json_parse(line, (nl ? nl : buf + len) - line, err,
				     sizeof(err));
		if (!j) {
			vmlat_err("%s: a line is not JSON (%s): give a file written by vmlat wait --record",
				  path, err);
			goto out;
		}
		iv = vmlat_json_get(j, "cpus");
		c = vmlat_last(iv);
		v = vmlat_json_get(j, "t_s");
		if (!c || !v || v->type != VMLAT_J_NUM) {
			vmlat_json_free(j);	/* the end line */
			continue;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			tmp = realloc(bars, cap * sizeof(*bars));
			if (!tmp) {
				vmlat_json_free(j);
				vmlat_err("out of memory");
				goto out;
			}
			bars = tmp;
		}
		memset(&bars[n], 0, sizeof(bars[n]));
		bars[n].t_s = v->num;
		worst = vmlat_json_get(c, "worst");
		if (worst && worst->type == VMLAT_J_OBJ) {
			vmlat_wait_bar(&bars[n], worst);
			if (bars[n].total > worst_all)
				worst_all = bars[n].total;
		}
		n++;
		vmlat_json_free(j);
	}
	snprintf(title, sizeof(title),
		 "vmlat wait: the worst user-space wake-up of each interval, split (%d intervals, worst %.3f ms)",
		 n, worst_all / 1e6);
	f = fopen(out, "w");
	if (!f) {
		vmlat_err("cannot create %s: %s: choose a writable -o path",
			  out, strerror(errno));
		goto out;
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n<title>vmlat %s</title>\n<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n",
		W, WAIT_H, W, WAIT_H, VMLAT_VERSION);
	vmlat_wait_bars_svg(f, bars, n, interval_s, title);
	fputs("</svg>\n", f);
	if (fflush(f) || ferror(f)) {
		fclose(f);
		vmlat_err("cannot write %s: free space or choose another -o",
			  out);
		goto out;
	}
	ret = fclose(f) ? -1 : 0;
out:
	free(bars);
	return ret;
}

/*
 * vmlat_plot_file - plot the file a user gave: a record of vmlat wait
 * is drawn here (returns 0, or -1 on failure); a recording of vmlat
 * record is read into @pl (returns 1: to be drawn, or -1)
 */
static int vmlat_plot_file(const char *path, const char *out,
			   struct vmlat_plot *pl)
{
	char *buf;
	size_t len;
	int ret;

	ret = vmlat_read_file(path, &buf, &len);
	if (ret) {
		vmlat_err("cannot read %s: %s: give a file written by vmlat record or vmlat wait --record",
			  path, strerror(-ret));
		return -1;
	}
	ret = vmlat_plot_wait(path, buf, len, out);
	if (ret == 1)
		ret = vmlat_plot_recording(path, buf, len, pl) ? -1 : 1;
	free(buf);
	return ret;
}

/**
 * vmlat_cmd_plot() - vmlat plot [FILE] -o OUT.svg
 * @p: the options; the argument, if any, is a recording or a wait record
 *
 * Without a file it plots the lateness histogram the module holds now.
 *
 * Return: 0 or an exit status.
 */
int vmlat_cmd_plot(struct vmlat_params *p)
{
	struct vmlat_snapshot snap;
	struct vmlat_plot *pl;
	int ret = VMLAT_EXIT_FAIL, r, c;

	pl = calloc(1, sizeof(*pl));
	if (!pl) {
		vmlat_err("out of memory");
		return VMLAT_EXIT_FAIL;
	}
	if (p->argc) {
		r = vmlat_plot_file(p->argv[0], p->output, pl);
		if (r <= 0) {
			ret = r ? VMLAT_EXIT_FAIL : 0;
			goto out;
		}
	} else {
		r = vmlat_load(p, &snap, VMLAT_LOAD_HIST(VMLAT_HIST_LATENESS));
		if (r) {
			ret = r;
			goto out;
		}
		pl->hist = snap.all[VMLAT_HIST_LATENESS];
		snprintf(pl->title, sizeof(pl->title),
			 "vmlat: timer lateness, all %s CPUs",
			 p->cpu_mask ? "selected" : "sampled");
		vmlat_snapshot_free(&snap);
	}
	if (!vmlat_write_svg(pl, p->output))
		ret = 0;
out:
	free(pl->series.t_s);
	free(pl->series.steal);
	free(pl->series.max_ns);
	free(pl->series.residual_max);
	for (c = 0; c < VMLAT_NR_CAUSES; c++)
		free(pl->series.cause[c]);
	free(pl);
	return ret;
}
