// SPDX-License-Identifier: GPL-2.0
/*
 * tcg-cx16: does CMPXCHG16B leave EFLAGS as the architecture says?
 *
 * CMPXCHG16B writes ZF and leaves every other flag alone; bits 1 and the
 * reserved bits 22-31 of RFLAGS can never read 1 but for bit 1. This
 * program runs, in a new translation block, an instruction that leaves a
 * chosen value (with reserved bits, TF and DF set) as its flags source,
 * then CMPXCHG16B, then PUSHFQ, and counts the rounds whose pushed flags
 * have a bit no CPU can set. On hardware and a correct emulator the count
 * is 0. Under QEMU 7.2's TCG (Debian 12) the CMPXCHG16B helper computes
 * the old flags from a stale lazy-flags state and so hands the chosen
 * value back as RFLAGS: the same corruption that a timer interrupt
 * landing there saves into pt_regs and IRET loads (TF set: a #DB in
 * kernel mode; DF set: string instructions run backwards).
 *
 * No kernel module is involved: this is the reproducer without vmlat.
 * Exit status: 0 flags correct, 1 flags corrupted, 3 no CMPXCHG16B (cx16
 * absent from CPUID: the path cannot be taken).
 */
#include <cpuid.h>
#include <stdio.h>
#include <stdlib.h>

#define ROUNDS		100000UL
#define RESERVED	0xffc00000UL	/* RFLAGS bits 22..31 (of the low 32) */
#define TF		0x100UL
#define DF		0x400UL

static unsigned __int128 slot __attribute__((aligned(16)));

/* one_round - the flags CMPXCHG16B left, with @junk as the pending flags source */
static unsigned long one_round(unsigned long junk)
{
	unsigned long flags, lo = 0, hi = 0, t = 0;

	slot = 0;
	asm volatile("lock cmpxchg16b %[m]\n\t"	/* leaves cc_op = EFLAGS */
		     "jmp 1f\n"			/* end the translation block */
		     "1:\n\t"
		     "sub %[junk], %[t]\n\t"	/* lazy flags: source = junk */
		     "lock cmpxchg16b %[m]\n\t"
		     "pushfq\n\t"
		     "popq %[flags]\n\t"
		     "cld\n\t"
		     : [flags] "=&r" (flags), [m] "+m" (slot), "+a" (lo),
		       "+d" (hi), [t] "+r" (t)
		     : [junk] "r" (junk), "b" (1UL), "c" (0UL)
		     : "cc", "memory");
	return flags;
}

int main(void)
{
	unsigned int a, b, c, d;
	unsigned long i, bad = 0, first = 0, flags;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_CMPXCHG16B)) {
		printf("tcg-cx16: no CMPXCHG16B (CPUID.1:ECX.CX16 = 0)\n");
		return 3;
	}
	for (i = 0; i < ROUNDS; i++) {
		flags = one_round(RESERVED | DF | TF | (i & 0xff));
		if (flags & (RESERVED | TF)) {
			if (!bad)
				first = flags;
			bad++;
		}
	}
	if (bad) {
		printf("tcg-cx16: CORRUPT: %lu of %lu rounds left impossible RFLAGS after CMPXCHG16B (first %#lx)\n",
		       bad, ROUNDS, first);
		return 1;
	}
	printf("tcg-cx16: ok: %lu rounds, RFLAGS after CMPXCHG16B always architectural\n",
	       ROUNDS);
	return 0;
}
