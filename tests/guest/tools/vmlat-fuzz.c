// SPDX-License-Identifier: GPL-2.0
/*
 * vmlat-fuzz: fuzz vmlat's knobs in /sys/module/vmlat/parameters/ with
 * bounded random bytes and check every write against a reference parser.
 *
 * The reference parsers below are written from the grammar in
 * docs/abi.md and the comment of abi/vmlat_grammar.c, not from its code:
 * a decimal is 1 to 20 digits (leading zeros count) with a value that
 * fits 64 bits and lies in the knob's range; a bool is one of 0 1 y n Y
 * N; a cpulist is items "a", "a-b" or "a-b:u/g" joined by single commas,
 * a <= b, 0 < u <= g, every a and b a possible CPU; each value may end in
 * one newline and nothing else. The sysfs transport is modelled too: the
 * kernel hands the knob a C string, so the value ends at the first NUL.
 *
 * Random bytes can be valid input, so each write's outcome is decided by
 * the reference: invalid -> write fails with EINVAL and every knob (and,
 * with sampling stopped, the counters) reads back unchanged; valid -> the
 * write succeeds, the knob reads back the canonical value, and the other
 * knobs are unchanged. Inputs are drawn three ways: raw bytes, bytes from
 * the knob's alphabet, and well-formed values with a random mutation.
 *
 * Usage: vmlat-fuzz [-n WRITES] [-s SEED] [-v] KNOB...
 * Prints one "# knob=K writes=N valid=N invalid=N mismatches=N" line per
 * knob and one "MISMATCH ..." line per disagreement; exits 1 on any.
 */
#ifndef _GNU_SOURCE	/* lib.mk passes -D_GNU_SOURCE= */
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PARAMS		"/sys/module/vmlat/parameters/"
#define SUMMARY		"/sys/kernel/debug/vmlat/summary"
#define MAXCPU		4096
#define MAXLEN		320

static const char *const all_knobs[] = {
	"enabled", "period_us", "cpus", "trace_threshold_ns",
	"stop_tracing_ns", "steal",
};
#define NKNOBS (sizeof(all_knobs) / sizeof(all_knobs[0]))

static int nr_cpu_ids;
static unsigned char possible[MAXCPU];
static int verbose;

/* ---- the reference: decide valid or not, and the canonical read-back ---- */

/* ref_strip - length of s without one final newline */
static size_t ref_strip(const char *s)
{
	size_t n = strlen(s);

	return n && s[n - 1] == '\n' ? n - 1 : n;
}

/* ref_digits - n chars at s as an unsigned decimal; -1 if not one */
static int ref_digits(const char *s, size_t n, uint64_t *v)
{
	static const char u64max[] = "18446744073709551615";
	size_t i, z = 0;

	if (n == 0 || n > 20)
		return -1;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	while (z < n - 1 && s[z] == '0')
		z++;
	if (n - z == 20 && strncmp(s + z, u64max, 20) > 0)
		return -1;
	*v = 0;
	for (i = z; i < n; i++)
		*v = *v * 10 + (uint64_t)(s[i] - '0');
	return 0;
}

static int ref_number(const char *s, uint64_t min, uint64_t max, char *canon)
{
	uint64_t v;

	if (ref_digits(s, ref_strip(s), &v) || v < min || v > max)
		return -1;
	sprintf(canon, "%llu", (unsigned long long)v);
	return 0;
}

static int ref_bool(const char *s, char *canon)
{
	if (ref_strip(s) != 1)
		return -1;
	if (strchr("1yY", s[0])) {
		strcpy(canon, "Y");
		return 0;
	}
	if (strchr("0nN", s[0])) {
		strcpy(canon, "N");
		return 0;
	}
	return -1;
}

/* ref_span - length of the run of digits at s */
static size_t ref_span(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/* ref_item - "a", "a-b" or "a-b:u/g" (exactly n chars) into mask */
static int ref_item(const char *s, size_t n, unsigned char *mask)
{
	uint64_t a, b, u = 1, g = 1, c;
	size_t k, p = 0;

	k = ref_span(s, n);
	if (ref_digits(s, k, &a))
		return -1;
	p = k;
	b = a;
	if (p < n) {
		if (s[p++] != '-')
			return -1;
		k = ref_span(s + p, n - p);
		if (ref_digits(s + p, k, &b))
			return -1;
		p += k;
		if (p < n) {
			if (s[p++] != ':')
				return -1;
			k = ref_span(s + p, n - p);
			if (ref_digits(s + p, k, &u))
				return -1;
			p += k;
			if (p >= n || s[p++] != '/')
				return -1;
			k = ref_span(s + p, n - p);
			if (ref_digits(s + p, k, &g) || p + k != n)
				return -1;
		}
	}
	if (a > b || u == 0 || u > g)
		return -1;
	if (b >= (uint64_t)nr_cpu_ids || !possible[a] || !possible[b])
		return -1;
	for (c = a; c <= b; c++)
		if ((c - a) % g < u)
			mask[c] = 1;
	return 0;
}

static int ref_cpulist(const char *s, char *canon)
{
	static unsigned char mask[MAXCPU];
	size_t n = ref_strip(s), start = 0, i;
	int c, any = 0;

	memset(mask, 0, sizeof(mask));
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != ',')
			continue;
		if (i == start || ref_item(s + start, i - start, mask))
			return -1;	/* an empty item, or a bad one */
		start = i + 1;
	}
	canon[0] = '\0';
	for (c = 0; c < nr_cpu_ids; c++) {
		int e = c;

		if (!mask[c])
			continue;
		if (!possible[c])
			return -1;
		while (e + 1 < nr_cpu_ids && mask[e + 1])
			e++;
		if (e > c)
			sprintf(canon + strlen(canon), "%s%d-%d", any ? "," : "", c, e);
		else
			sprintf(canon + strlen(canon), "%s%d", any ? "," : "", c);
		any = 1;
		c = e;
	}
	return any ? 0 : -1;
}

/* reference - 0 and the canonical value when knob takes s, else -1 */
static int reference(const char *knob, const char *s, char *canon)
{
	if (!strcmp(knob, "enabled"))
		return ref_bool(s, canon);
	if (!strcmp(knob, "period_us"))
		return ref_number(s, 50, 1000000, canon);
	if (!strcmp(knob, "cpus"))
		return ref_cpulist(s, canon);
	if (!strcmp(knob, "reset"))
		return ref_number(s, 1, 1, canon);
	if (!strcmp(knob, "trace_threshold_ns") || !strcmp(knob, "stop_tracing_ns"))
		return ref_number(s, 0, 68719476736ULL, canon);
	return -1;	/* steal: read-only at runtime */
}

/* ---- the system under test ---- */

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n, got = 0;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + got, size - 1 - got)) > 0)
		got += n;
	close(fd);
	buf[got] = '\0';
	return n < 0 ? -1 : 0;
}

static void read_knob(const char *knob, char *buf, size_t size)
{
	char path[256];

	snprintf(path, sizeof(path), PARAMS "%s", knob);
	if (read_file(path, buf, size))
		snprintf(buf, size, "<unreadable: %s>", strerror(errno));
	buf[strcspn(buf, "\n")] = '\0';
}

/* counters - "samples=N" of the cpu=all summary line (sampling stopped) */
static void counters(char *out, size_t size)
{
	static char buf[1 << 16];
	char *p;

	if (read_file(SUMMARY, buf, sizeof(buf)) || !(p = strstr(buf, "\ncpu=all "))) {
		snprintf(out, size, "?");
		return;
	}
	p = strstr(p, " samples=");
	snprintf(out, size, "%.*s", p ? (int)strcspn(p + 1, " \n") : 1, p ? p + 1 : "?");
}

struct state {
	char knob[NKNOBS][128];
	char count[64];
};

/* same_state - knobs equal, and counters too when sampling was stopped */
static int same_state(const struct state *a, const struct state *b)
{
	size_t i;

	for (i = 0; i < NKNOBS; i++)
		if (strcmp(a->knob[i], b->knob[i]))
			return 0;
	return strcmp(a->knob[0], "N") || !strcmp(a->count, b->count);
}

static void snapshot(struct state *st)
{
	size_t i;

	for (i = 0; i < NKNOBS; i++)
		read_knob(all_knobs[i], st->knob[i], sizeof(st->knob[i]));
	counters(st->count, sizeof(st->count));
}

static int write_knob(const char *knob, const char *buf, size_t len, int *err)
{
	char path[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), PARAMS "%s", knob);
	fd = open(path, O_WRONLY);
	if (fd < 0) {
		*err = errno;
		return -1;
	}
	n = write(fd, buf, len);
	*err = n < 0 ? errno : 0;
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

/* ---- the inputs ---- */

static unsigned int rnd(unsigned int n)
{
	return (unsigned int)(random() % n);
}

static const char *alphabet(const char *knob)
{
	if (!strcmp(knob, "enabled"))
		return "01yYnN\n";
	if (!strcmp(knob, "cpus"))
		return "0123456789,-:/\n";
	return "0123456789\n";
}

/* well_formed - a value that may or may not be in range */
static size_t well_formed(const char *knob, char *buf)
{
	static const char *const edges[] = {
		"0", "1", "49", "50", "51", "999999", "1000000", "1000001",
		"68719476735", "68719476736", "68719476737",
		"18446744073709551615", "18446744073709551616",
		"00000000000000000050", "000000000000000000050",
		"00000000000000000001",
	};
	size_t len = 0;
	int items, i;

	if (!strcmp(knob, "enabled")) {
		buf[len++] = "01yYnN"[rnd(6)];
	} else if (!strcmp(knob, "cpus")) {
		items = 1 + rnd(3);
		for (i = 0; i < items; i++) {
			int a = rnd(nr_cpu_ids + 2), b = a + rnd(3);

			if (i)
				buf[len++] = ',';
			switch (rnd(3)) {
			case 0:
				len += sprintf(buf + len, "%d", a);
				break;
			case 1:
				len += sprintf(buf + len, "%d-%d", a, b);
				break;
			default:
				len += sprintf(buf + len, "%d-%d:%u/%u", a, b,
					       rnd(4), rnd(5));
			}
		}
	} else if (rnd(2)) {
		len = sprintf(buf, "%s", edges[rnd(sizeof(edges) / sizeof(edges[0]))]);
	} else {
		/* a random value of random magnitude, maybe zero-padded */
		unsigned long long v = ((unsigned long long)random() << 31 | random());

		v >>= rnd(62);
		len = sprintf(buf, "%0*llu", (int)rnd(14), v);
	}
	if (rnd(2))
		buf[len++] = '\n';
	return len;
}

static size_t gen(const char *knob, char *buf)
{
	const char *abc = alphabet(knob);
	size_t len, i, n;
	unsigned int mode = rnd(10);

	if (mode == 0) {		/* raw bytes, NUL included */
		len = 1 + rnd(16);
		for (i = 0; i < len; i++)
			buf[i] = (char)rnd(256);
	} else if (mode <= 3) {	/* the knob's alphabet, mostly short */
		len = 1 + (rnd(8) ? rnd(12) : rnd(MAXLEN - 1));
		n = strlen(abc);
		for (i = 0; i < len; i++)
			buf[i] = abc[rnd(n)];
	} else {		/* well formed, maybe mutated */
		len = well_formed(knob, buf);
		if (rnd(10) < 3 && len > 0) {
			size_t at = rnd(len);

			switch (rnd(4)) {
			case 0:		/* replace a byte */
				buf[at] = rnd(2) ? abc[rnd(strlen(abc))] : (char)rnd(256);
				break;
			case 1:		/* insert one */
				memmove(buf + at + 1, buf + at, len - at);
				buf[at] = rnd(2) ? abc[rnd(strlen(abc))] : " +-x\t\0"[rnd(6)];
				len++;
				break;
			case 2:		/* drop one */
				memmove(buf + at, buf + at + 1, len - at - 1);
				len--;
				break;
			default:	/* append a second newline or garbage */
				buf[len++] = rnd(2) ? '\n' : (char)rnd(256);
			}
		}
		if (len == 0)
			buf[len++] = abc[0];
	}
	return len;
}

static void show(const char *buf, size_t len, char *out)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; i < len && i < 48; i++) {
		unsigned char c = buf[i];

		if (c >= 0x21 && c < 0x7f && c != '\\')
			sprintf(out + strlen(out), "%c", c);
		else
			sprintf(out + strlen(out), "\\x%02x", c);
	}
	if (len > 48)
		sprintf(out + strlen(out), "...(%zu bytes)", len);
}

/* sample_briefly - let the counters move, so the next valid reset shows */
static void sample_briefly(void)
{
	int err;

	write_knob("enabled", "1", 1, &err);
	usleep(30000);
	write_knob("enabled", "0", 1, &err);
}

static int fuzz(const char *knob, int writes)
{
	char buf[MAXLEN + 8], str[MAXLEN + 8], canon[4 * MAXCPU], shown[256];
	struct state before, after;
	int w, valid = 0, invalid = 0, bad = 0, err, rc, ref, k, self = -1;
	int is_reset = !strcmp(knob, "reset");
	size_t len;

	for (k = 0; k < (int)NKNOBS; k++)
		if (!strcmp(all_knobs[k], knob))
			self = k;
	if (is_reset)
		sample_briefly();
	for (w = 0; w < writes; w++) {
		len = gen(knob, buf);
		memcpy(str, buf, len);
		str[len] = '\0';	/* what the knob sees: up to the first NUL */
		ref = reference(knob, str, canon);
		snapshot(&before);
		rc = write_knob(knob, buf, len, &err);
		snapshot(&after);

		const char *why = NULL;

		if (ref) {
			invalid++;
			if (rc == 0)
				why = "an invalid value was accepted";
			else if (strcmp(knob, "steal") && err != EINVAL)
				why = "refused, but not with EINVAL";
			else if (!same_state(&before, &after))
				why = "refused, but the state changed";
		} else {
			valid++;
			for (k = 0; k < (int)NKNOBS && !why; k++)
				if (k != self && strcmp(before.knob[k], after.knob[k]))
					why = "accepted, but another knob changed";
			if (rc)
				why = "a valid value was refused";
			else if (self >= 0 && strcmp(after.knob[self], canon))
				why = "accepted, but it does not read back canonical";
			else if (is_reset && strcmp(after.count, "samples=0"))
				why = "reset accepted, but the counters are not zero";
		}
		show(buf, len, shown);
		if (why) {
			bad++;
			printf("MISMATCH knob=%s input='%s' reference=%s write=%s errno=%d read_back='%s' wanted='%s': %s\n",
			       knob, shown, ref ? "invalid" : "valid",
			       rc ? "failed" : "ok", rc ? err : 0,
			       self >= 0 ? after.knob[self] : after.count,
			       ref ? (self >= 0 ? before.knob[self] : before.count) : canon, why);
		} else if (verbose) {
			printf("ok knob=%s input='%s' %s\n", knob, shown,
			       ref ? "refused" : canon);
		}
		if (is_reset && !ref)
			sample_briefly();
	}
	printf("# knob=%s writes=%d valid=%d invalid=%d mismatches=%d\n", knob,
	       writes, valid, invalid, bad);
	return bad;
}

static void read_possible(void)
{
	char buf[4096], *p;
	int a, b, n;

	if (read_file("/sys/devices/system/cpu/possible", buf, sizeof(buf))) {
		perror("vmlat-fuzz: possible CPUs");
		exit(2);
	}
	for (p = buf; sscanf(p, "%d%n", &a, &n) == 1; ) {
		p += n;
		b = a;
		if (*p == '-' && sscanf(p + 1, "%d%n", &b, &n) == 1)
			p += 1 + n;
		for (; a <= b && a < MAXCPU; a++) {
			possible[a] = 1;
			if (a + 1 > nr_cpu_ids)
				nr_cpu_ids = a + 1;
		}
		if (*p != ',')
			break;
		p++;
	}
}

int main(int argc, char **argv)
{
	unsigned int seed = 1;
	int writes = 300, opt, bad = 0;

	while ((opt = getopt(argc, argv, "n:s:v")) != -1) {
		switch (opt) {
		case 'n':
			writes = atoi(optarg);
			break;
		case 's':
			seed = strtoul(optarg, NULL, 0);
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			fprintf(stderr, "usage: vmlat-fuzz [-n WRITES] [-s SEED] [-v] KNOB...\n");
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	read_possible();
	srandom(seed);
	printf("# seed=%u nr_cpu_ids=%d\n", seed, nr_cpu_ids);
	for (; optind < argc; optind++)
		bad += fuzz(argv[optind], writes);
	return bad ? 1 : 0;
}
