/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/atomic.h - Atomic<T> and the traits of shared types.
 *
 * Wraps:     what its parts wrap; this header only includes them, so that code
 *            written against the one-header-per-area layout keeps compiling.
 *            Types, invariants, promises and tests: each part's own opening
 *            lines.
 *
 *   sync/atomic.h       Atomic<T>, MemoryOrder
 *   sync/cpu_shared.h   concurrent_v, cpu_shared_v, cpu_shared_const_v
 */
#ifndef KXX_ATOMIC_H
#define KXX_ATOMIC_H

#include <kxx/sync/atomic.h>
#include <kxx/sync/cpu_shared.h>

#endif /* KXX_ATOMIC_H */
