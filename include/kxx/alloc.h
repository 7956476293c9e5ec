/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/alloc.h - allocation flags and Box<T>.
 *
 * Wraps:     what its parts wrap; this header only includes them, so that code
 *            written against the one-header-per-area layout keeps compiling.
 *            Types, invariants, promises and tests: each part's own opening
 *            lines.
 *
 *   alloc/gfp.h         Gfp, AtomicGfp, GfpFlag, GFP_*
 *   alloc/kmalloc.h     construct and destroy a T in kmalloc'd memory
 *   alloc/box.h         Box<T>
 *   rcu/free.h          RcuFree: free a grace period later
 */
#ifndef KXX_ALLOC_H
#define KXX_ALLOC_H

#include <kxx/alloc/gfp.h>
#include <kxx/alloc/kmalloc.h>
#include <kxx/alloc/box.h>
#include <kxx/rcu/free.h>

#endif /* KXX_ALLOC_H */
