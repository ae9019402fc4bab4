// SPDX-License-Identifier: GPL-2.0
/*
 * kvm-sleep: the seed's measurement, beside vmlat in L2. A loop of 10 ms
 * relative clock_nanosleep() calls (the cloud article's 10 ms sleep that
 * drifted 30-100 ms on a host with 20-50 ms/s of steal): each sleep's
 * overshoot, how much longer than asked it took, measured on
 * CLOCK_MONOTONIC.
 *
 * Usage: kvm-sleep SLEEP_MS SECONDS
 * Prints when done, on stdout, one line:
 *   KSLEEP sleep_ms=S n=N avg_over_us=A max_over_ms=M over_10ms=C10 over_25ms=C25
 * (C10, C25: sleeps that overshot by more than 10 and 25 ms).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define NSEC_PER_SEC	1000000000LL

/* now_ns - CLOCK_MONOTONIC in ns */
static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long long req, end, t, over, sum = 0, max = 0;
	long n = 0, c10 = 0, c25 = 0;
	struct timespec ts;

	if (argc != 3) {
		fprintf(stderr, "usage: kvm-sleep SLEEP_MS SECONDS\n");
		return 64;
	}
	req = atoll(argv[1]) * 1000000LL;
	if (req <= 0)
		return 64;
	ts.tv_sec = req / NSEC_PER_SEC;
	ts.tv_nsec = req % NSEC_PER_SEC;
	end = now_ns() + (long long)(atof(argv[2]) * NSEC_PER_SEC);
	while ((t = now_ns()) < end) {
		clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
		over = now_ns() - t - req;
		if (over < 0)
			over = 0;
		sum += over;
		n++;
		if (over > max)
			max = over;
		c10 += over > 10000000LL;
		c25 += over > 25000000LL;
	}
	printf("KSLEEP sleep_ms=%s n=%ld avg_over_us=%lld max_over_ms=%.1f over_10ms=%ld over_25ms=%ld\n",
	       argv[1], n, n ? sum / n / 1000 : 0, max / 1e6, c10, c25);
	return 0;
}
