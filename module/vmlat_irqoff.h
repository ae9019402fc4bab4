/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A guest holding interrupts off, built only by "make VMLAT_TEST=1"
 * (vmlat_irqoff.c). In the default and DKMS builds the stub does nothing.
 */
#ifndef VMLAT_IRQOFF_H
#define VMLAT_IRQOFF_H

#ifdef VMLAT_TEST
void vmlat_irqoff_stop(void);
#else
static inline void vmlat_irqoff_stop(void) { }
#endif

#endif /* VMLAT_IRQOFF_H */
