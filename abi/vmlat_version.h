/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place the vmlat version is written down: the module
 * (MODULE_VERSION), the reader (--version) and packaging read it from here.
 */
#ifndef VMLAT_VERSION_H
#define VMLAT_VERSION_H

#define VMLAT_VERSION "0.1.0"

#endif /* VMLAT_VERSION_H */
