/* SPDX-License-Identifier: GPL-2.0 */
/* kxx_unload: what unload.c (C) and unload_kxx.cpp (C++) call of each other. */
#ifndef KXX_UNLOAD_H
#define KXX_UNLOAD_H

#ifdef __cplusplus
extern "C" {
#endif

/* @n RcuBoxes dropped at once (their destructors run a grace period later). */
void kxx_unload_queue(long n);
/* The number of callbacks the module queues in all; the last one prints. */
void kxx_unload_expect(long total);
/* One callback (or deferred destructor) ran. */
void kxx_unload_ran(void);
/* @boxes SrcuBoxes of a domain leaked with a report, dropped; how many. */
long kxx_unload_leak_domain(long boxes);
/* @n SrcuBoxes of the static domain kxx_unload_srcu, dropped; how many. */
long kxx_unload_static_boxes(long n);

#ifdef __cplusplus
}
#endif

#endif /* KXX_UNLOAD_H */
