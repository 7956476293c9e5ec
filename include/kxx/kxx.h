/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/kxx.h - everything kxx offers, in one include.
 *
 * Wraps:     everything its parts wrap.  Types, invariants, promises and tests:
 *            each header's own opening lines; docs/soundness.md has the whole
 *            list of promises.
 *
 * One concept per header, in a folder per area (the old one-header-per-area
 * names, kxx/xarray.h, kxx/rcu.h, ..., still include their area's parts):
 *
 *   core/       types.h (u8 ... u64, size_t), traits.h (is_same_v, ...,
 *               the concepts), move.h (move, forward, exchange, swap),
 *               scope_bound.h (guards live in a scope), type_name.h (names
 *               built at compile time), annotations.h (KXX_CAPABILITY ...,
 *               KXX_LIFETIMEBOUND, KXX_INLINE), new.h (placement new),
 *               misuse.h (KXX_WARN_MISUSE, BUG on a missing value),
 *               layout.h (Opaque, the target kernel's sizes)
 *   result/     error.h (Error, code::E*), option.h (Option, None, Some),
 *               result.h (Result, Ok, Err), try.h (KXX_TRY)
 *   sync/       irq_guard.h (IrqGuard), cpu_guard.h (CpuGuard),
 *               lock_class.h (LockClassKey, KXX_LOCK_CLASS), atomic.h
 *               (Atomic), cpu_shared.h (concurrent_v, cpu_shared_v),
 *               revocable.h (Revocable),
 *               spin_lock.h (SpinLock, SpinFlavour), mutex.h (Mutex),
 *               locked_by.h (LockedBy), atomic_context.h (atomic_context,
 *               KXX_ENTERS_ATOMIC, KXX_MIGHT_SLEEP: the Clang pass)
 *   foreign/    ownable.h (ForeignOwnable, foreign_ownable), rcu_freed.h
 *               (rcu_freed_v: what lockless readers may borrow)
 *   alloc/      gfp.h (Gfp, AtomicGfp, GFP_*), kmalloc.h, box.h (Box),
 *               arc.h (Arc, RcuArc, ArcBorrow)
 *   rcu/        read.h (rcu::ReadGuard, synchronize, barrier), free.h
 *               (RcuFree), box.h (RcuBox), arc.h (RcuArcBorrow), old.h
 *               (RcuOld), pointer.h (Rcu, Rcu::Writer, RcuWriters), srcu.h
 *               (SrcuDomain, SrcuReadGuard), static_srcu.h (StaticSrcuDomain),
 *               srcu_box.h (SrcuBox)
 *   page/       page.h (Page, RcuPage, PageRef)
 *   percpu/     this_cpu.h (the counters), access.h (with, read, sum),
 *               allocation.h (PerCpuAllocation), dynamic.h (DynamicPerCpu),
 *               static.h (StaticPerCpu, KXX_DEFINE_PER_CPU), on_each_cpu.h
 *   xarray/     flags.h (XaFlags, XaLimit), marks.h (XaMark), entry.h,
 *               value.h (XaValue), either.h (XaEither), errors.h
 *               (StoreError, CmpxchgError), xarray.h (XArray), lock.h (its
 *               lock's flavours and class), guard.h (XArray::Guard),
 *               range.h (ranges), reservation.h (XArray::Reservation),
 *               convenience.h (xa.store(), ...), multi.h (store_order),
 *               drop.h (destruction, clear()), static.h (StaticXArray),
 *               xas.h (the cursors' shared read side), cursor.h (XaCursor,
 *               the entry API), read_cursor.h (XaReadCursor)
 *   bindings.h  the C shims kxx's C++ calls, and nothing else
 *   layout.def  every kernel size and constant C++ uses
 *   testing/    kunit.h (KXX_TEST and the checks; not included here)
 */
#ifndef KXX_KXX_H
#define KXX_KXX_H

#include <kxx/core/annotations.h>
#include <kxx/core/layout.h>
#include <kxx/core/misuse.h>
#include <kxx/core/move.h>
#include <kxx/core/new.h>
#include <kxx/core/scope_bound.h>
#include <kxx/core/traits.h>
#include <kxx/core/type_name.h>
#include <kxx/core/types.h>

#include <kxx/result/error.h>
#include <kxx/result/option.h>
#include <kxx/result/result.h>
#include <kxx/result/try.h>

#include <kxx/sync/atomic.h>
#include <kxx/sync/atomic_context.h>
#include <kxx/sync/cpu_guard.h>
#include <kxx/sync/cpu_shared.h>
#include <kxx/sync/irq_guard.h>
#include <kxx/sync/lock_class.h>
#include <kxx/sync/locked_by.h>
#include <kxx/sync/mutex.h>
#include <kxx/sync/revocable.h>
#include <kxx/sync/spin_lock.h>

#include <kxx/foreign/ownable.h>
#include <kxx/foreign/rcu_freed.h>

#include <kxx/alloc/arc.h>
#include <kxx/alloc/box.h>
#include <kxx/alloc/gfp.h>
#include <kxx/alloc/kmalloc.h>

#include <kxx/rcu/arc.h>
#include <kxx/rcu/box.h>
#include <kxx/rcu/free.h>
#include <kxx/rcu/old.h>
#include <kxx/rcu/pointer.h>
#include <kxx/rcu/read.h>
#include <kxx/rcu/srcu.h>
#include <kxx/rcu/srcu_box.h>
#include <kxx/rcu/srcu_pointer.h>
#include <kxx/rcu/static_srcu.h>

#include <kxx/page/page.h>

#include <kxx/percpu/access.h>
#include <kxx/percpu/allocation.h>
#include <kxx/percpu/dynamic.h>
#include <kxx/percpu/on_each_cpu.h>
#include <kxx/percpu/static.h>
#include <kxx/percpu/this_cpu.h>

#include <kxx/xarray/convenience.h>
#include <kxx/xarray/cursor.h>
#include <kxx/xarray/drop.h>
#include <kxx/xarray/either.h>
#include <kxx/xarray/entry.h>
#include <kxx/xarray/errors.h>
#include <kxx/xarray/flags.h>
#include <kxx/xarray/guard.h>
#include <kxx/xarray/lock.h>
#include <kxx/xarray/marks.h>
#include <kxx/xarray/multi.h>
#include <kxx/xarray/range.h>
#include <kxx/xarray/read_cursor.h>
#include <kxx/xarray/reservation.h>
#include <kxx/xarray/static.h>
#include <kxx/xarray/value.h>
#include <kxx/xarray/xarray.h>
#include <kxx/xarray/xas.h>

#endif /* KXX_KXX_H */
