/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in for the kernel's <asm/barrier.h>: virt_rmb(), virt_wmb(). */
#ifndef VMLAT_SHIM_BARRIER_H
#define VMLAT_SHIM_BARRIER_H

#define virt_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define virt_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)

#endif
