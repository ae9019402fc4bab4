// SPDX-License-Identifier: GPL-2.0
/*
 * What every command of the reader uses: the one way to report an error,
 * reading a whole file, and sleeping until a time while ^C can end it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmlat_reader.h"

/* how the user ran us, set by main(), for "sudo vmlat ..." hints */
char vmlat_invocation[256] = "vmlat";

/**
 * vmlat_err() - the one line on stderr that says what failed and the fix
 * @fmt: printf() format of the line, without "vmlat: " and the newline
 *
 * Standard output is flushed first, so that the line follows whatever a
 * command printed before it failed.
 */
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

/**
 * vmlat_read_file() - a whole file into a NUL-terminated malloc()ed buffer
 * @path: the file
 * @buf: the buffer, the caller's to free(); written only on success
 * @len: the bytes read, without the NUL
 *
 * Reads until end of file rather than trusting st_size, which debugfs
 * files report as 0.
 *
 * Return: 0 or -errno; prints nothing, so the caller can diagnose.
 */
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

/*
 * SIGINT and SIGTERM are blocked and waited for with sigtimedwait(), so
 * that ^C ends a sleep at once without a handler or a global flag.
 */
static sigset_t vmlat_stop_set;
static bool vmlat_stopped;

/**
 * vmlat_catch_signals() - block SIGINT and SIGTERM, for vmlat_sleep_until()
 * to wait for
 */
void vmlat_catch_signals(void)
{
	sigemptyset(&vmlat_stop_set);
	sigaddset(&vmlat_stop_set, SIGINT);
	sigaddset(&vmlat_stop_set, SIGTERM);
	sigprocmask(SIG_BLOCK, &vmlat_stop_set, NULL);
}

/**
 * vmlat_ts_add() - move @ts on by @seconds, rounded to the nearest ns
 * @ts: a time
 * @seconds: at least 0
 */
void vmlat_ts_add(struct timespec *ts, double seconds)
{
	long long ns = (long long)(seconds * 1e9 + 0.5);

	ts->tv_sec += ns / 1000000000LL;
	ts->tv_nsec += ns % 1000000000LL;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/**
 * vmlat_sleep_until() - sleep until a CLOCK_MONOTONIC time
 * @ts: the time
 *
 * vmlat_catch_signals() must have run. Once a signal ended one sleep,
 * every later one returns at once, so that loops of sleeps end too.
 *
 * Return: 0, or -1 when SIGINT or SIGTERM came.
 */
int vmlat_sleep_until(const struct timespec *ts)
{
	struct timespec now, left;
	long long ns;

	while (!vmlat_stopped) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		ns = (ts->tv_sec - now.tv_sec) * 1000000000LL +
		     (ts->tv_nsec - now.tv_nsec);
		if (ns <= 0)
			return 0;
		left.tv_sec = ns / 1000000000LL;
		left.tv_nsec = ns % 1000000000LL;
		if (sigtimedwait(&vmlat_stop_set, NULL, &left) > 0)
			vmlat_stopped = true;
	}
	return -1;
}

/**
 * vmlat_sleep() - wait @seconds; ^C or SIGTERM ends it as a failure
 * @seconds: how long
 *
 * Return: 0, or VMLAT_EXIT_FAIL after saying so.
 */
int vmlat_sleep(double seconds)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	vmlat_ts_add(&ts, seconds);
	vmlat_catch_signals();
	if (vmlat_sleep_until(&ts)) {
		vmlat_err("interrupted");
		return VMLAT_EXIT_FAIL;
	}
	return 0;
}
