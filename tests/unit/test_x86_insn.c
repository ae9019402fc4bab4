// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of module/vmlat_x86_insn.h: hand-worked encodings (prefixes,
 * REX.W immediates, VEX, EVEX, the interrupt shadow's patterns as the
 * kernel's paravirt patching leaves them), then every instruction of the
 * reference streams on stdin, which tests/unit/x86-insn-ref.sh makes
 * from objdump of real binaries (libc with its AVX-512 code, and the
 * host's kernel): each must decode to objdump's length. Then the STI
 * rule on the same streams: every STI that objdump saw, followed by one
 * instruction, must be found, and a sample of the other positions must
 * be refused unless an STI is really there.
 *
 * Stdin: one instruction per line, its bytes in hex without spaces; a
 * line "-" breaks the stream (a gap objdump could not decode, a new
 * function).
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "vmlat_x86_insn.h"

/* hex_bytes - @hex ("0f 1f 00") into @b; how many */
static unsigned int hex_bytes(u8 *b, unsigned int max, const char *hex)
{
	unsigned int n = 0;

	while (hex[0] && hex[1] && n < max) {
		b[n++] = (u8)strtoul((char[]){ hex[0], hex[1], 0 }, NULL, 16);
		hex += 2;
		while (*hex == ' ')
			hex++;
	}
	return n;
}

/* len_is - @hex decodes to @want bytes (the buffer ends with its bytes) */
static void len_is(const char *what, const char *hex, unsigned int want)
{
	u8 b[32];
	unsigned int n = hex_bytes(b, sizeof(b), hex), got;

	got = vmlat_x86_insn_len(b, n);
	tap_ok(got == want, "%s: %u bytes (want %u)", what, got, want);
}

/*
 * sti_is - the STI rule on @hex right before an IP, after a lead-in of
 * NOPs: @want
 */
static void sti_is(bool want, const char *what, const char *hex)
{
	u8 b[VMLAT_X86_BEFORE];
	unsigned int n = hex_bytes(b, sizeof(b), hex);

	memmove(b + sizeof(b) - n, b, n);
	memset(b, 0x90, sizeof(b) - n);
	tap_ok(vmlat_x86_after_sti(b) == want, "%s: %s",
	       want ? "after STI" : "not after STI", what);
}

#define MAX_STREAM	(1u << 26)

static u8 *stream;
static unsigned int *starts;	/* instruction starts, a break as ~0u */

int main(void)
{
	unsigned int n = 0, ni = 0, i, bad = 0, sti = 0, sti_found = 0;
	unsigned int checked = 0, false_pos = 0, probes = 0, brk = 0;
	char line[128];

	tap_header();
	len_is("nop", "90", 1);
	len_is("ret", "c3", 1);
	len_is("mov %rsp,%rbp", "48 89 e5", 3);
	len_is("movabs $imm64,%rax (REX.W B8)", "48 b8 01 02 03 04 05 06 07 08", 10);
	len_is("mov $imm32,%eax", "b8 01 02 03 04", 5);
	len_is("mov $imm16,%ax (66 B8)", "66 b8 01 02", 4);
	len_is("REX.W before 66 is ignored", "48 66 b8 01 02", 5);
	len_is("decl %gs:rel32 (preempt count)", "65 ff 0d 00 00 00 00", 7);
	len_is("5-byte nop", "0f 1f 44 00 00", 5);
	len_is("11-byte nop", "66 66 2e 0f 1f 84 00 00 00 00 00", 11);
	len_is("call rel32", "e8 00 00 00 00", 5);
	len_is("jne rel32", "0f 85 00 00 00 00", 6);
	len_is("mov %eax,moffs64", "a3 01 02 03 04 05 06 07 08", 9);
	len_is("test $imm8,(%rdi) (F6 /0)", "f6 07 01", 3);
	len_is("neg %eax (F7 /3)", "f7 d8", 2);
	len_is("test $imm32,%eax (F7 /0)", "f7 c0 00 02 00 00", 6);
	len_is("SIB with no base", "8b 04 25 00 00 00 00", 7);
	len_is("RIP-relative with imm8", "80 3d 00 00 00 00 01", 7);
	len_is("enter", "c8 10 00 00", 4);
	len_is("vzeroupper (VEX 0F 77)", "c5 f8 77", 3);
	len_is("vpxor (VEX)", "c5 f9 ef c0", 4);
	len_is("vpshufd (VEX 0F 70 ib)", "c5 f9 70 c0 1b", 5);
	len_is("vpalignr (VEX 0F3A)", "c4 e3 7d 0f c1 08", 6);
	len_is("vmovdqu64 (EVEX)", "62 f1 fe 48 6f 06", 6);
	len_is("wrmsr", "0f 30", 2);
	len_is("mwait (0F 01 C9)", "0f 01 c9", 3);
	len_is("VIA PadLock rep xsha256 (0F A6 /r)", "f3 0f a6 d0", 4);
	len_is("VIA PadLock rep xcryptecb (0F A7 /r)", "f3 0f a7 c8", 4);
	len_is("truncated imm32", "b8 01 02", 0);
	len_is("prefixes only", "66 66 66", 0);

	/* the interrupt shadow as the kernel's code has it */
	sti_is(true, "sti; decl %gs:preempt_count", "fb 65 ff 0d 10 20 30 40");
	sti_is(true, "patched paravirt sti + 5-byte nop", "fb 0f 1f 44 00 00");
	sti_is(true, "sti; hlt (safe_halt)", "fb f4");
	sti_is(false, "the STI itself is the last byte (no shadow yet)", "fb");
	sti_is(false, "two movs", "48 89 e5 48 89 e5");
	sti_is(false, "0xfb inside mov $0xfb,%eax; nop", "b8 fb 00 00 00 90");
	sti_is(false, "cmp $5,%ebx (ModRM 0xfb); add $imm32,%eax",
	       "83 fb 05 05 01 02 03 04");

	stream = malloc(MAX_STREAM + 16);
	starts = malloc(sizeof(*starts) * (MAX_STREAM / 2));
	if (!stream || !starts)
		return 1;
	while (fgets(line, sizeof(line), stdin) && n < MAX_STREAM - 32 &&
	       ni < MAX_STREAM / 2 - 1) {
		size_t len = strcspn(line, "\n");

		if (line[0] == '-') {
			starts[ni++] = ~0u;
			continue;
		}
		starts[ni++] = n;
		for (i = 0; i + 1 < len; i += 2)
			stream[n++] = (u8)strtoul((char[]){ line[i], line[i + 1], 0 },
						  NULL, 16);
	}
	starts[ni] = ~0u;
	memset(stream + n, 0, 16);
	if (!ni) {
		tap_skip("reference streams: none on stdin (tests/unit/x86-insn-ref.sh)");
		return tap_finish();
	}

	for (i = 0; i < ni; i++) {
		unsigned int s = starts[i], e, len, avail;

		if (s == ~0u) {
			brk = starts[i + 1] != ~0u ? starts[i + 1] : n;
			continue;
		}
		/* the end of this instruction is where the next starts */
		e = starts[i + 1] != ~0u ? starts[i + 1] : ~0u;
		if (e == ~0u)
			continue;	/* the last of a run: its length unknown */
		avail = n - s < 15 ? n - s : 15;
		len = vmlat_x86_insn_len(stream + s, avail);
		checked++;
		if (len != e - s && bad++ < 10) {
			char hex[48] = "";
			unsigned int j;

			for (j = 0; j < e - s && j < 15; j++)
				sprintf(hex + 2 * j, "%02x", stream[s + j]);
			tap_diag("length %u, objdump %u: %s", len, e - s, hex);
		}
		/* an STI, then one instruction that ends where the next starts */
		if (stream[s] == VMLAT_X86_STI && e - s == 1 &&
		    starts[i + 1] != ~0u && starts[i + 2] != ~0u) {
			unsigned int ip = starts[i + 2];

			if (ip < VMLAT_X86_BEFORE || ip - VMLAT_X86_BEFORE < brk)
				continue;
			sti++;
			sti_found += vmlat_x86_after_sti(stream + ip - VMLAT_X86_BEFORE);
		}
	}
	tap_ok(checked > 1000 && !bad,
	       "every instruction of the reference decodes to objdump's length (%u of %u wrong)",
	       bad, checked);
	tap_ok(sti > 0 && sti_found == sti,
	       "every STI of the reference, one instruction on, is found (%u of %u)",
	       sti_found, sti);

	/*
	 * False positives: at every instruction start with no STI two
	 * instructions back, the rule should say no; count how often it
	 * says yes (an 0xfb inside other bytes that also decodes).
	 */
	brk = 0;
	for (i = 2; i < ni; i++) {
		unsigned int ip = starts[i];

		if (ip == ~0u) {
			brk = starts[i + 1] != ~0u ? starts[i + 1] : n;
			continue;
		}
		if (ip < VMLAT_X86_BEFORE || ip - VMLAT_X86_BEFORE < brk ||
		    stream[starts[i - 2]] == VMLAT_X86_STI)
			continue;
		probes++;
		false_pos += vmlat_x86_after_sti(stream + ip - VMLAT_X86_BEFORE);
	}
	tap_diag("%u of %u other instruction boundaries look like one past an STI",
		 false_pos, probes);
	tap_ok(probes > 1000 && false_pos * 100000ull < probes,
	       "the STI rule says yes at under 0.001%% of other boundaries (%u of %u)",
	       false_pos, probes);
	return tap_finish();
}
