/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in for the kernel's <linux/compiler.h>: READ_ONCE(). */
#ifndef VMLAT_SHIM_COMPILER_H
#define VMLAT_SHIM_COMPILER_H

#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#endif
