/* SPDX-License-Identifier: GPL-2.0 */
/* The debugfs files (vmlat_debugfs.c). */
#ifndef VMLAT_DEBUGFS_H
#define VMLAT_DEBUGFS_H

void vmlat_debugfs_init(void);
void vmlat_debugfs_exit(void);

#endif /* VMLAT_DEBUGFS_H */
