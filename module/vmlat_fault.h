/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A forced failure of module init, built only by "make VMLAT_TEST=1"
 * (vmlat_fault.c). In the default and DKMS builds the stub never fails
 * and the compiler drops the call.
 */
#ifndef VMLAT_FAULT_H
#define VMLAT_FAULT_H

#ifdef VMLAT_TEST
int vmlat_fault_init(void);
#else
static inline int vmlat_fault_init(void) { return 0; }
#endif

#endif /* VMLAT_FAULT_H */
