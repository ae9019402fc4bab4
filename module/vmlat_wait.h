/* SPDX-License-Identifier: GPL-2.0 */
/* The user stage's wait files (vmlat_wait.c). */
#ifndef VMLAT_WAIT_H
#define VMLAT_WAIT_H

#include <linux/fs.h>

extern const struct file_operations vmlat_wait_fops;

#endif /* VMLAT_WAIT_H */
