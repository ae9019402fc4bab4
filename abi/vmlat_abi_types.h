/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few types and helpers abi/ needs, from the kernel's headers in the
 * module and from the C library elsewhere (the reader, the host tests).
 * abi/ holds what the module and the reader must agree on; it includes
 * nothing else, so every file in it compiles on both sides unchanged.
 */
#ifndef VMLAT_ABI_TYPES_H
#define VMLAT_ABI_TYPES_H

#ifdef __KERNEL__

#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/types.h>

#define vmlat_fls64(x)	fls64(x)

#else /* the reader and the host tests */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

/* as the kernel defines them on every architecture */
typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long long u64;

#ifndef U64_MAX
#define U64_MAX	(~0ULL)
#endif

static inline int vmlat_fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

#endif /* __KERNEL__ */

#endif /* VMLAT_ABI_TYPES_H */
