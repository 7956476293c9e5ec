/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/xarray/convenience.h - XArray's one-call forms: the lock taken for one operation.
 *
 * Wraps:     <linux/xarray.h> (__xa_store, __xa_erase, __xa_insert, __xa_alloc
 *            under xa_lock, xa_lock_irq or xa_lock_bh, as xa_store(),
 *            xa_store_irq() and xa_store_bh() take them) through src/xarray.c.
 * Types:     none of its own: XArray::store(), remove(), insert(), alloc()
 *            (declared in xarray/xarray.h, defined here; reserve() and
 *            reserve_at() are xarray/reservation.h's, store_order()
 *            xarray/multi.h's) and lock_for(), the Guard they hold. Invariant:
 *            no borrow of a one-call form is outstanding while the kernel drops
 *            the lock to allocate; with interrupts off, interrupts never come
 *            back on inside it.
 * Contexts:  any gfp that suits the caller's context; not while holding a Guard
 *            of the same array (lockdep, and Clang's pass, report it).
 * Promises:  docs/soundness.md, "3. Locking" (the Not-enforced paragraph:
 *            self-locking calls) and "4. Contexts" (the
 *            xa.store/insert/alloc/reserve row; Interrupt state: a blocking gfp
 *            with interrupts off is made non-blocking).
 * Tests:     kunit/xarray_test.cpp (kxx_xarray.rust_example_store_get_remove,
 *            kxx_xarray.blocking_gfp_never_turns_interrupts_on),
 *            kunit/xarray_lock_test.cpp
 *            (kxx_xarray.irq_array_used_from_hardirq), kunit/fault_test.cpp
 *            (kxx_fault.xarray_store_insert_alloc_reserve); compile-fail:
 *            store_result_discarded; clang-fail: xarray_call_under_own_guard.
 */
/* XArray, which includes this header at its end, once it is complete. */
#include <kxx/xarray/xarray.h>

#ifndef KXX_XARRAY_CONVENIENCE_H
#define KXX_XARRAY_CONVENIENCE_H

namespace kxx {

/*
 * The convenience forms that take the lock for one operation.  They take
 * any gfp: with one that may block (GFP_KERNEL, process context) the
 * kernel drops the lock to allocate, which is fine here, as no
 * borrow of this call can be outstanding.  On a LockIrq array it also
 * turns interrupts on to do so, so a blocking gfp with interrupts
 * already off is a misuse: reported, and the allocation made without
 * blocking instead.  Not while the caller holds a Guard of this array
 * (a deadlock).
 */
template <foreign_ownable P, XaFlags Fixed, bool Static>
KXX_INLINE Result<Option<P>, StoreError<P>>
XArray<P, Fixed, Static>::store(unsigned long index, P value, Gfp gfp)
{
	unsigned int bits;
	auto guard = lock_for(gfp, bits);
	return guard.store_raw(index, move(value), bits);
}

template <foreign_ownable P, XaFlags Fixed, bool Static>
KXX_INLINE Option<P> XArray<P, Fixed, Static>::remove(unsigned long index)
{
	return lock().remove(index);
}

template <foreign_ownable P, XaFlags Fixed, bool Static>
KXX_INLINE Result<void, StoreError<P>>
XArray<P, Fixed, Static>::insert(unsigned long index, P value, Gfp gfp)
{
	unsigned int bits;
	auto guard = lock_for(gfp, bits);
	return guard.insert_raw(index, move(value), bits);
}

template <foreign_ownable P, XaFlags Fixed, bool Static>
KXX_INLINE Result<u32, StoreError<P>>
XArray<P, Fixed, Static>::alloc(P value, Gfp gfp, XaLimit limit) requires may_alloc
{
	unsigned int bits;
	auto guard = lock_for(gfp, bits);
	return guard.alloc_raw(move(value), bits, limit);
}

/*
 * The Guard a convenience form holds and the gfp @bits it allocates
 * with.  A blocking gfp on a LockIrq or LockBh array: with interrupts
 * off it is a misuse (the kernel would unlock to allocate, and both
 * unlocks turn interrupts on): reported, and made non-blocking.  With
 * interrupts on, a LockIrq lock is taken as C's xa_store_irq() takes
 * it (not irqsave: the kernel turns interrupts on and may sleep
 * inside).  Folds to lock() for plain arrays and non-blocking gfps.
 */
template <foreign_ownable P, XaFlags Fixed, bool Static>
inline typename XArray<P, Fixed, Static>::Guard
XArray<P, Fixed, Static>::lock_for(Gfp gfp, unsigned int &bits)
{
	bits = gfp.bits();
	if (plain_lock() || !gfp.may_block())
		return Guard(*this);
	if (__builtin_expect(kxx_irqs_disabled(), 0)) {
		KXX_WARN_MISUSE("a blocking gfp on a LockIrq or LockBh XArray with interrupts off");
		bits &= ~KXX_GFP_DIRECT_RECLAIM;
		return Guard(*this);
	}
	if (!has_flag(flags(), XaFlags::LockIrq))
		return Guard(*this);
	return Guard(*this, Guard::irqs_on);
}

} // namespace kxx

#endif /* KXX_XARRAY_CONVENIENCE_H */
