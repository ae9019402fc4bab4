/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in for the kernel's <linux/limits.h>: U64_MAX. */
#ifndef VMLAT_SHIM_LIMITS_H
#define VMLAT_SHIM_LIMITS_H

#include <stdint.h>

#ifndef U64_MAX
#define U64_MAX	(~0ULL)
#endif

#endif
