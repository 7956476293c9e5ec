/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/arc.h - Arc<T> and RcuArc<T>, and their borrows.
 *
 * Wraps:     what its parts wrap; this header only includes them, so that code
 *            written against the one-header-per-area layout keeps compiling.
 *            Types, invariants, promises and tests: each part's own opening
 *            lines.
 *
 *   alloc/arc.h         Arc<T>, ArcBorrow<T> (BasicArc)
 *   rcu/arc.h           RcuArc<T>'s RCU side: RcuArcBorrow<T>
 */
#ifndef KXX_ARC_H
#define KXX_ARC_H

#include <kxx/alloc/arc.h>
#include <kxx/rcu/arc.h>

#endif /* KXX_ARC_H */
