/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/xarray.h - the XArray: XArray<P>, its Guard, and what they store.
 *
 * Wraps:     what its parts wrap; this header only includes them, so that code
 *            written against the one-header-per-area layout keeps compiling.
 *            Types, invariants, promises and tests: each part's own opening
 *            lines.
 *
 *   xarray/flags.h       XaFlags, XaLimit
 *   xarray/marks.h       XaMark, XaMark0
 *   xarray/entry.h       pointer and value entries (xa_mk_value, ...)
 *   xarray/value.h       XaValue
 *   xarray/either.h      XaEither<P>
 *   xarray/errors.h      StoreError, CmpxchgError
 *   xarray/xarray.h      XArray<P, Flags>
 *   xarray/lock.h        its lock's flavours and lockdep class
 *   xarray/guard.h       XArray::Guard
 *   xarray/range.h       ranges: Guard::Range, XArray::RcuRange
 *   xarray/reservation.h XArray::Reservation, reserve(), reserve_at()
 *   xarray/convenience.h the one-call forms (xa.store(), ...)
 *   xarray/multi.h       multi-index entries (store_order)
 *   xarray/drop.h        destruction and clear()
 *   xarray/static.h      StaticXArray
 *   (the advanced API, XaCursor and XaReadCursor: kxx/xarray_advanced.h)
 *
 *   XArray<P>          a sparse array of P (any foreign_ownable owner: Box<T>,
 *                      Arc<T>, RcuBox<T>, RcuArc<T>) indexed by unsigned
 *                      long.  It owns every stored P and drops each exactly
 *                      once: when it is removed, replaced, or when the array
 *                      is destroyed.  The constructor takes its XaFlags.
 *   XArray<P, Flags>   the same with the flags fixed in the type, as C code
 *                      fixes them by calling xa_lock_irq() or xa_alloc() by
 *                      name: the lock flavour is compiled in, and alloc() and
 *                      reserve() exist only for Alloc/Alloc1 arrays.  This
 *                      is the zero-cost form; with flags chosen at run time
 *                      every lock and unlock tests them (a load and a
 *                      branch), and alloc() checks that the array allocates.
 *   XArray<P>::Guard   the array's lock, held (in the flavour the flags name:
 *                      plain, irqsave or _bh) for the Guard's lifetime.  All
 *                      access to entries goes through a Guard, so a forgotten
 *                      lock cannot be written (xarray/guard.h).
 *   XArray<P>::Reservation   an index reserved, to fill later; if dropped
 *                      unfilled, the index is freed again, whether or not the
 *                      lock is held at that moment (xarray/reservation.h).
 *
 *   XArray<Box<Foo>, XaFlags::Alloc1> xa;    // or: XArray<Box<Foo>> xa(XaFlags::Alloc1);
 *   auto guard = xa.lock();
 *   u32 id = KXX_TRY(guard.alloc(KXX_TRY(Box<Foo>::make(GFP_ATOMIC)), GFP_ATOMIC));
 *   // (under a Guard only non-blocking gfps: GFP_KERNEL is for xa.alloc())
 *   for (auto e : guard.entries())
 *           pr_foo(e.index, e.value);
 *
 * Borrows.  get(), get_mut(), entries() and marked() lend views of entries
 * that are valid while the Guard that produced them is held, and while the
 * entry is not removed or replaced through that Guard (the old owner comes
 * back to the caller, so it lives until the caller drops it).  They exist
 * only on a named Guard: on a temporary one (`xa.lock().get(i)`) they do
 * not compile, since the lock would be gone at the semicolon.  Clang's
 * pass also rejects returning a borrow out of the scope of its Guard
 * ([[clang::lifetimebound]]).  load() reads without the lock, under an
 * rcu::ReadGuard, for owners whose memory is freed a grace period after
 * they are dropped (RcuBox, RcuArc); for others it does not compile.
 *
 * Marks.  XaMark::M0 is also the kernel's XA_FREE_MARK, which tracks free
 * slots in Alloc/Alloc1 arrays: on an array whose type says it allocates,
 * every mark operation with M0 does not compile; with run-time flags it is
 * a misuse report that leaves the array as it was.
 *
 * Locking.  The convenience forms on XArray itself (store, remove, insert,
 * alloc, reserve, fill without a guard) take and release the lock; calling
 * one while holding a Guard of the same array deadlocks (the caller's
 * bug; lockdep reports it, and so does Clang's -Wthread-safety, which
 * follows `auto g = xa.lock()`).
 */
#ifndef KXX_XARRAY_H
#define KXX_XARRAY_H

#include <kxx/xarray/flags.h>
#include <kxx/xarray/marks.h>
#include <kxx/xarray/entry.h>
#include <kxx/xarray/value.h>
#include <kxx/xarray/either.h>
#include <kxx/xarray/errors.h>
#include <kxx/xarray/static.h>
#include <kxx/xarray/lock.h>
#include <kxx/xarray/xarray.h>

#endif /* KXX_XARRAY_H */
