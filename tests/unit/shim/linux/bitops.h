/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in for the kernel's <linux/bitops.h>: fls64(). */
#ifndef VMLAT_SHIM_BITOPS_H
#define VMLAT_SHIM_BITOPS_H

#include <linux/types.h>

static inline int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

#endif
