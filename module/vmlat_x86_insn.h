/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86-64 instruction lengths, and the one x86 rule of docs/steal.md's
 * culprit attribution: was an interrupt taken right after the guest
 * re-enabled interrupts?
 *
 * STI holds interrupts off for one more instruction (the interrupt
 * shadow), so an interrupt that was pending while interrupts were off is
 * taken with its saved IP one instruction past the STI: the STI, then
 * one instruction of some length, then the IP. Walking backwards over
 * x86 code needs the length of that one instruction; the kernel's own
 * decoder (arch/x86/lib/insn.c) is not exported to modules, so this is a
 * small length decoder of our own, for 64-bit mode: legacy prefixes,
 * REX, VEX, EVEX and the one-, two- and three-byte opcode maps. It reads
 * only the bytes it is given. tests/unit/test_x86_insn.c checks it
 * against objdump over whole binaries.
 *
 * Pure code: built in the module and in the host unit tests.
 */
#ifndef VMLAT_X86_INSN_H
#define VMLAT_X86_INSN_H

#include <linux/types.h>

/* what follows an opcode: a ModRM byte, an immediate of some kind */
#define VMLAT_OP_M	0x10	/* a ModRM byte (and SIB, displacement) */
#define VMLAT_OP_IMM	0x0f	/* the immediate's kind: */
#define VMLAT_OP_IB	1	/* 1 byte */
#define VMLAT_OP_IW	2	/* 2 bytes */
#define VMLAT_OP_IZ	3	/* 4 bytes, 2 with 66h (not with REX.W) */
#define VMLAT_OP_IV	4	/* 8 with REX.W, else as IZ */
#define VMLAT_OP_MOFFS	5	/* an address: 8 bytes, 4 with 67h */
#define VMLAT_OP_D32	6	/* a near branch: always 4 in 64-bit mode */
#define VMLAT_OP_GRP3	7	/* F6/F7: IB/IZ only for /0 and /1 (TEST) */
#define VMLAT_OP_ENTER	8	/* ENTER: 2 + 1 bytes */

/* the one-byte opcode map (prefixes, REX, VEX and EVEX are not here) */
static const u8 vmlat_x86_op1[256] = {
	[0x00 ... 0x03] = VMLAT_OP_M, [0x04] = VMLAT_OP_IB,
	[0x05] = VMLAT_OP_IZ,
	[0x08 ... 0x0b] = VMLAT_OP_M, [0x0c] = VMLAT_OP_IB,
	[0x0d] = VMLAT_OP_IZ,
	[0x10 ... 0x13] = VMLAT_OP_M, [0x14] = VMLAT_OP_IB,
	[0x15] = VMLAT_OP_IZ,
	[0x18 ... 0x1b] = VMLAT_OP_M, [0x1c] = VMLAT_OP_IB,
	[0x1d] = VMLAT_OP_IZ,
	[0x20 ... 0x23] = VMLAT_OP_M, [0x24] = VMLAT_OP_IB,
	[0x25] = VMLAT_OP_IZ,
	[0x28 ... 0x2b] = VMLAT_OP_M, [0x2c] = VMLAT_OP_IB,
	[0x2d] = VMLAT_OP_IZ,
	[0x30 ... 0x33] = VMLAT_OP_M, [0x34] = VMLAT_OP_IB,
	[0x35] = VMLAT_OP_IZ,
	[0x38 ... 0x3b] = VMLAT_OP_M, [0x3c] = VMLAT_OP_IB,
	[0x3d] = VMLAT_OP_IZ,
	[0x63] = VMLAT_OP_M, [0x68] = VMLAT_OP_IZ,
	[0x69] = VMLAT_OP_M | VMLAT_OP_IZ, [0x6a] = VMLAT_OP_IB,
	[0x6b] = VMLAT_OP_M | VMLAT_OP_IB,
	[0x70 ... 0x7f] = VMLAT_OP_IB,
	[0x80] = VMLAT_OP_M | VMLAT_OP_IB, [0x81] = VMLAT_OP_M | VMLAT_OP_IZ,
	[0x83] = VMLAT_OP_M | VMLAT_OP_IB, [0x84 ... 0x8f] = VMLAT_OP_M,
	[0xa0 ... 0xa3] = VMLAT_OP_MOFFS, [0xa8] = VMLAT_OP_IB,
	[0xa9] = VMLAT_OP_IZ,
	[0xb0 ... 0xb7] = VMLAT_OP_IB, [0xb8 ... 0xbf] = VMLAT_OP_IV,
	[0xc0 ... 0xc1] = VMLAT_OP_M | VMLAT_OP_IB, [0xc2] = VMLAT_OP_IW,
	[0xc6] = VMLAT_OP_M | VMLAT_OP_IB, [0xc7] = VMLAT_OP_M | VMLAT_OP_IZ,
	[0xc8] = VMLAT_OP_ENTER, [0xca] = VMLAT_OP_IW, [0xcd] = VMLAT_OP_IB,
	[0xd0 ... 0xd3] = VMLAT_OP_M, [0xd8 ... 0xdf] = VMLAT_OP_M,
	[0xe0 ... 0xe7] = VMLAT_OP_IB, [0xe8 ... 0xe9] = VMLAT_OP_D32,
	[0xeb] = VMLAT_OP_IB,
	[0xf6 ... 0xf7] = VMLAT_OP_M | VMLAT_OP_GRP3,
	[0xfe ... 0xff] = VMLAT_OP_M,
};

/* the two-byte map, 0F xx (0F 38 and 0F 3A lead to the three-byte maps) */
static const u8 vmlat_x86_op2[256] = {
	[0x00 ... 0x03] = VMLAT_OP_M, [0x0d] = VMLAT_OP_M,
	[0x0f] = VMLAT_OP_M | VMLAT_OP_IB,
	[0x10 ... 0x1f] = VMLAT_OP_M,
	[0x20 ... 0x23] = VMLAT_OP_M, [0x28 ... 0x2f] = VMLAT_OP_M,
	[0x38] = VMLAT_OP_M, [0x3a] = VMLAT_OP_M | VMLAT_OP_IB,
	[0x40 ... 0x6f] = VMLAT_OP_M,
	[0x70 ... 0x73] = VMLAT_OP_M | VMLAT_OP_IB,
	[0x74 ... 0x76] = VMLAT_OP_M, [0x78 ... 0x79] = VMLAT_OP_M,
	[0x7c ... 0x7f] = VMLAT_OP_M,
	[0x80 ... 0x8f] = VMLAT_OP_D32,
	[0x90 ... 0x9f] = VMLAT_OP_M,
	[0xa3] = VMLAT_OP_M, [0xa4] = VMLAT_OP_M | VMLAT_OP_IB,
	[0xa5] = VMLAT_OP_M, [0xa6 ... 0xa7] = VMLAT_OP_M, [0xab] = VMLAT_OP_M,
	[0xac] = VMLAT_OP_M | VMLAT_OP_IB, [0xad ... 0xaf] = VMLAT_OP_M,
	[0xb0 ... 0xb9] = VMLAT_OP_M, [0xba] = VMLAT_OP_M | VMLAT_OP_IB,
	[0xbb ... 0xbf] = VMLAT_OP_M,
	[0xc0 ... 0xc1] = VMLAT_OP_M, [0xc2] = VMLAT_OP_M | VMLAT_OP_IB,
	[0xc3] = VMLAT_OP_M, [0xc4 ... 0xc6] = VMLAT_OP_M | VMLAT_OP_IB,
	[0xc7] = VMLAT_OP_M,
	[0xd0 ... 0xff] = VMLAT_OP_M,
};

/* vmlat_x86_modrm_len - ModRM, SIB and displacement bytes at @p */
static inline unsigned int vmlat_x86_modrm_len(const u8 *p, unsigned int n)
{
	unsigned int mod = p[0] >> 6, rm = p[0] & 7, len = 1;

	if (mod == 3)
		return 1;
	if (rm == 4) {
		if (n < 2)
			return 0;
		len++;
		/* SIB base 101 with mod 00: a disp32, no base register */
		if (mod == 0 && (p[1] & 7) == 5)
			return len + 4;
	} else if (mod == 0 && rm == 5) {
		return len + 4;		/* RIP-relative */
	}
	return len + (mod == 1 ? 1 : mod == 2 ? 4 : 0);
}

/**
 * vmlat_x86_insn_len() - the length of the x86-64 instruction at @p
 * @p: its first byte
 * @n: the bytes readable from @p
 *
 * Return: 1-15, or 0 if it does not fit in @n bytes or 15 (the longest
 * an instruction may be).
 */
static inline unsigned int vmlat_x86_insn_len(const u8 *p, unsigned int n)
{
	unsigned int i = 0, op, flags, imm = 0, m, map = 1;
	bool opsize = false, adsize = false, rexw = false, vex = false;

	if (n > 15)
		n = 15;
	/* legacy prefixes, then at most one REX right before the opcode */
	for (;; i++) {
		if (i >= n)
			return 0;
		op = p[i];
		if (op == 0x66) {
			opsize = true;
		} else if (op == 0x67) {
			adsize = true;
		} else if ((op & 0xf0) == 0x40) {
			rexw = op & 8;
			continue;
		} else if (op != 0x26 && op != 0x2e && op != 0x36 &&
			   op != 0x3e && op != 0x64 && op != 0x65 &&
			   op != 0xf0 && op != 0xf2 && op != 0xf3) {
			break;
		}
		/* a REX that a legacy prefix follows is ignored */
		rexw = false;
	}

	/* the opcode: one byte, 0F xx, 0F 38 xx, 0F 3A xx, VEX or EVEX */
	if (op == 0xc4 || op == 0xc5 || op == 0x62) {
		unsigned int plen = op == 0xc5 ? 2 : op == 0xc4 ? 3 : 4;

		if (i + plen >= n)
			return 0;
		map = op == 0xc5 ? 1 : p[i + 1] & (op == 0xc4 ? 0x1f : 0x07);
		vex = true;
		i += plen;
		op = p[i];
	} else if (op == 0x0f) {
		if (++i >= n)
			return 0;
		op = p[i];
		map = 1;
		if (op == 0x38 || op == 0x3a) {
			map = op == 0x38 ? 2 : 3;
			if (++i >= n)
				return 0;
		}
	} else {
		map = 0;
	}
	i++;			/* past the opcode */

	switch (map) {
	case 0:
		flags = vmlat_x86_op1[op];
		break;
	case 1:
		flags = vmlat_x86_op2[op];
		/* VEX 0F 77 is VZEROUPPER/VZEROALL: no ModRM */
		if (vex && op != 0x77)
			flags |= VMLAT_OP_M;
		break;
	case 3:
		flags = VMLAT_OP_M | VMLAT_OP_IB;
		break;
	default:		/* 0F 38, and EVEX's maps 5 and 6 */
		flags = VMLAT_OP_M;
		break;
	}

	if (flags & VMLAT_OP_M) {
		if (i >= n)
			return 0;
		m = vmlat_x86_modrm_len(p + i, n - i);
		if (!m)
			return 0;
		if ((flags & VMLAT_OP_IMM) == VMLAT_OP_GRP3)
			flags = (flags & ~VMLAT_OP_IMM) |
				(((p[i] >> 3) & 7) > 1 ? 0 :
				 op == 0xf6 ? VMLAT_OP_IB : VMLAT_OP_IZ);
		i += m;
	}

	switch (flags & VMLAT_OP_IMM) {
	case VMLAT_OP_IB:
		imm = 1;
		break;
	case VMLAT_OP_IW:
		imm = 2;
		break;
	case VMLAT_OP_IZ:
		imm = opsize && !rexw ? 2 : 4;
		break;
	case VMLAT_OP_IV:
		imm = rexw ? 8 : opsize ? 2 : 4;
		break;
	case VMLAT_OP_MOFFS:
		imm = adsize ? 4 : 8;
		break;
	case VMLAT_OP_D32:
		imm = 4;
		break;
	case VMLAT_OP_ENTER:
		imm = 3;
		break;
	}
	i += imm;
	return i <= n ? i : 0;
}

#define VMLAT_X86_STI	0xfb
/* bytes the STI rule reads before an IP: lead-in, STI, one instruction */
#define VMLAT_X86_BEFORE	48
/* forward decodings from the lead-in's first bytes that must agree */
#define VMLAT_X86_STARTS	8
#define VMLAT_X86_AGREE		6

/*
 * vmlat_x86_lands_on - does decoding forward from @from reach @at
 * exactly (rather than step over it)?
 */
static inline bool vmlat_x86_lands_on(const u8 *p, unsigned int n,
				      unsigned int from, unsigned int at)
{
	unsigned int len;

	while (from < at) {
		len = vmlat_x86_insn_len(p + from, n - from);
		if (!len)
			return false;
		from += len;
	}
	return from == at;
}

/**
 * vmlat_x86_after_sti() - is @before's end one instruction past an STI?
 * @before: the VMLAT_X86_BEFORE bytes right before an interrupt's saved
 *	IP
 *
 * So the interrupt was pending while interrupts were off and was taken
 * as soon as an STI's shadow ended: the guest held it. An 0xfb byte can
 * also be part of another instruction (a ModRM byte: cmp $imm8,%ebx is
 * 83 fb ib), so two things must hold: what follows the 0xfb is exactly
 * one instruction, ending at the IP; and decoding forward from most of
 * the first VMLAT_X86_STARTS bytes of the lead-in reaches the 0xfb as an
 * instruction's start (x86 decoding falls into step within a few
 * instructions, whatever byte it starts at). tests/unit/test_x86_insn.c
 * measures both errors on real code: every STI found, under 0.001 % of
 * other instruction boundaries taken for one (1 or 2 in about 7 million
 * in the .text of Debian's 6.1, 6.12 and 7.3 kernels).
 */
static inline bool vmlat_x86_after_sti(const u8 *before)
{
	const unsigned int n = VMLAT_X86_BEFORE;
	unsigned int k, s, agree;

	for (k = 2; k <= 16; k++) {
		if (before[n - k] != VMLAT_X86_STI ||
		    vmlat_x86_insn_len(before + n - k + 1, k - 1) != k - 1)
			continue;
		agree = 0;
		for (s = 0; s < VMLAT_X86_STARTS; s++)
			agree += vmlat_x86_lands_on(before, n, s, n - k);
		if (agree >= VMLAT_X86_AGREE)
			return true;
	}
	return false;
}

#endif /* VMLAT_X86_INSN_H */
