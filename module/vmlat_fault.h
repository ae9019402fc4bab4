/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Faults on demand, built only by "make VMLAT_TEST=1" (vmlat_fault.c): a
 * forced failure of module init, waits inside a knob write and inside
 * module exit that widen their race windows, and snapshots that take the
 * path of a copy torn every time. In the default and DKMS builds the stubs
 * do nothing and the compiler drops the calls.
 */
#ifndef VMLAT_FAULT_H
#define VMLAT_FAULT_H

#ifdef VMLAT_TEST
int vmlat_fault_init(void);
void vmlat_fault_trace_delay(void);
void vmlat_fault_exit_delay(void);
bool vmlat_fault_torn_reads(void);
#else
static inline int vmlat_fault_init(void) { return 0; }
static inline void vmlat_fault_trace_delay(void) { }
static inline void vmlat_fault_exit_delay(void) { }
static inline bool vmlat_fault_torn_reads(void) { return false; }
#endif

#endif /* VMLAT_FAULT_H */
