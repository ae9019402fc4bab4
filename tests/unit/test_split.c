// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of a wake-up's split (module/vmlat_split.h): hand-worked
 * cases, then a sweep over a grid of inputs that checks the invariants
 * every sample must keep: irq + stolen + sched = total, the irq part is
 * the IRQ lateness whenever the task ran after the IRQ, no part takes
 * more than the time it can come from, and the IRQ's stolen part stays
 * within the IRQ part.
 */
#include "tap.h"
#include "vmlat_split.h"

/* case_is - one hand-worked split, the IRQ's stolen part 0 */
static void case_is(const char *what, u64 expected, u64 irq, u64 woken,
		    u64 steal, u64 total, u64 i, u64 st, u64 sc)
{
	struct vmlat_split s;

	vmlat_split(&s, expected, irq, 0, woken, steal);
	tap_ok(s.total == total && s.irq == i && s.stolen == st &&
	       s.sched == sc && !s.irq_stolen,
	       "%s: total %llu irq %llu stolen %llu sched %llu", what,
	       (unsigned long long)s.total, (unsigned long long)s.irq,
	       (unsigned long long)s.stolen, (unsigned long long)s.sched);
}

/* irq_stolen_is - the IRQ's stolen part @ist of @irq: what the split keeps */
static void irq_stolen_is(const char *what, u64 irq, u64 ist, u64 woken,
			  u64 want)
{
	struct vmlat_split s;

	vmlat_split(&s, 1000, irq, ist, woken, 0);
	tap_ok(s.irq_stolen == want && s.irq + s.stolen + s.sched == s.total,
	       "%s: irq_stolen %llu of irq %llu", what,
	       (unsigned long long)s.irq_stolen, (unsigned long long)s.irq);
}

int main(void)
{
	static const u64 v[] = { 0, 1, 7, 1000, 50000, 999999, 1ULL << 40,
				 ~0ULL >> 1 };
	unsigned int a, b, c, n = 0, bad = 0;
	struct vmlat_split s;

	tap_header();
	case_is("on time, no steal", 1000, 0, 1000, 0, 0, 0, 0, 0);
	case_is("IRQ late, thread at once", 1000, 300, 1300, 0, 300, 300, 0, 0);
	case_is("scheduling delay only", 1000, 300, 1800, 0, 800, 300, 0, 500);
	case_is("steal after the IRQ", 1000, 300, 1800, 200, 800, 300, 200,
		300);
	case_is("steal covers the whole wait", 1000, 300, 1800, 500, 800, 300,
		500, 0);
	case_is("more steal than wait: capped", 1000, 300, 1800, 9000, 800, 300,
		500, 0);
	case_is("a clock that says the task ran first", 1000, 300, 1200, 50,
		200, 200, 0, 0);
	case_is("a clock before the expiry", 1000, 0, 900, 50, 0, 0, 0, 0);
	irq_stolen_is("the IRQ's steal is kept", 300, 200, 1800, 200);
	irq_stolen_is("all of the IRQ stolen", 300, 300, 1300, 300);
	irq_stolen_is("an IRQ part clamped: its steal too", 300, 250, 1200,
		      200);

	/* the invariants over a grid: expected 1000, woken 1000 + v[a] */
	for (a = 0; a < sizeof(v) / sizeof(v[0]); a++)
		for (b = 0; b < sizeof(v) / sizeof(v[0]); b++)
			for (c = 0; c < sizeof(v) / sizeof(v[0]); c++) {
				u64 woken = 1000 + v[a];

				vmlat_split(&s, 1000, v[b], v[c], woken, v[c]);
				n++;
				bad += s.irq + s.stolen + s.sched != s.total ||
				       s.irq_stolen > s.irq ||
				       (v[c] <= s.irq && s.irq_stolen != v[c]) ||
				       s.total != v[a] ||
				       (v[b] <= v[a] && s.irq != v[b]) ||
				       s.stolen > v[c] ||
				       s.stolen > s.total - s.irq;
			}
	tap_ok(!bad, "%u of %u grid splits keep the invariants", n - bad, n);
	return tap_finish();
}
