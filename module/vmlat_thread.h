/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel-thread stage's threads (vmlat_thread.c). */
#ifndef VMLAT_THREAD_H
#define VMLAT_THREAD_H

struct task_struct;

int vmlat_threads_start(void);
void vmlat_threads_stop(void);
void vmlat_threads_prio(void);
struct task_struct *vmlat_thread_task_of(unsigned int cpu);

#endif /* VMLAT_THREAD_H */
