/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/rcu.h - RCU read guards, RCU-protected owning pointers, deferred frees.
 *
 * Wraps:     what its parts wrap; this header only includes them, so that code
 *            written against the one-header-per-area layout keeps compiling.
 *            Types, invariants, promises and tests: each part's own opening
 *            lines.
 *
 *   rcu/read.h          rcu::ReadGuard, read_lock, synchronize, barrier
 *   rcu/box.h           RcuBox<T>
 *   rcu/arc.h           RcuArc<T>'s lockless borrow
 *   rcu/old.h           RcuOld<P>: an unpublished old value
 *   rcu/pointer.h       Rcu<P, RcuWriters>, Rcu::Writer
 *   rcu/free.h          RcuFree (what the owners drop with)
 *   rcu/srcu.h          SrcuDomain, SrcuReadGuard
 *   rcu/srcu_box.h      SrcuBox<T>
 *   foreign/rcu_freed.h rcu_freed_v, rcu_freed
 */
#ifndef KXX_RCU_H
#define KXX_RCU_H

#include <kxx/rcu/read.h>
#include <kxx/rcu/free.h>
#include <kxx/rcu/box.h>
#include <kxx/rcu/arc.h>
#include <kxx/rcu/old.h>
#include <kxx/rcu/pointer.h>
#include <kxx/rcu/srcu.h>
#include <kxx/rcu/srcu_box.h>
#include <kxx/rcu/srcu_pointer.h>
#include <kxx/foreign/rcu_freed.h>

#endif /* KXX_RCU_H */
