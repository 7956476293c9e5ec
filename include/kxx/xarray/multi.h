/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/xarray/multi.h - multi-index entries: one entry for 2^order indices.
 *
 * Wraps:     <linux/xarray.h> (xa_store_order, xa_get_order; they need
 *            CONFIG_XARRAY_MULTI) through src/xarray.c.
 * Types:     none of its own: XArray::store_order() and Guard::store_order()
 *            (declared with their classes, defined here), and the diagnostics
 *            KXX_XA_NO_MULTI and KXX_XA_NO_MULTI_ALLOC. Invariant: a
 *            multi-index entry is one owner, dropped once, however many indices
 *            it covers; allocating arrays have none (erasing one would lose the
 *            free mark of all but its first index).
 * Contexts:  Guard::store_order(): as the Guard (an AtomicGfp);
 *            XArray::store_order(): any gfp, as the other one-call forms.
 * Promises:  docs/soundness.md, "3. Locking" (the multi-index row; a cursor's
 *            changes at a sibling slot reach the whole entry).
 * Tests:     kunit/xarray_multi_test.cpp (kxx_xarray_multi:
 *            every_order_from_0_to_6, overwrite_as_the_kernel_does,
 *            find_never_goes_below_first, refused_on_allocating_arrays,
 *            lockless_readers_see_the_whole_entry), kunit/fault_test.cpp
 *            (kxx_fault.xarray_reserved_store_cmpxchg_store_order),
 *            kunit/stress_test.cpp
 *            (kxx_stress.read_cursors_under_multi_index_writers); compile-fail:
 *            xarray_multi_without_config, xarray_multi_on_alloc_array,
 *            guard_store_order_blocking_gfp.
 */
/* XArray, which includes this header at its end, once it is complete. */
#include <kxx/xarray/xarray.h>

#ifndef KXX_XARRAY_MULTI_H
#define KXX_XARRAY_MULTI_H

#define KXX_XA_NO_MULTI                                                                            \
	"multi-index entries need CONFIG_XARRAY_MULTI in the target kernel (distribution kernels "  \
	"have it through CONFIG_TRANSPARENT_HUGEPAGE)"
#define KXX_XA_NO_MULTI_ALLOC                                                                      \
	"multi-index entries on allocating arrays (XaFlags::Alloc, Alloc1) would lose the free "   \
	"mark of all but their first index when erased"

namespace kxx {

/* As Guard::store_order(), taking the lock; any gfp. */
template <foreign_ownable P, XaFlags Fixed, bool Static>
template <int N>
inline Result<Option<P>, StoreError<P>>
XArray<P, Fixed, Static>::store_order(unsigned long index, unsigned int order, P value, Gfp gfp)
{
	static_assert(KXX_XARRAY_MULTI || N != 0, KXX_XA_NO_MULTI);
	static_assert(!fixed_alloc || N != 0, KXX_XA_NO_MULTI_ALLOC);
	unsigned int bits;
	auto guard = lock_for(gfp, bits);
	return guard.store_order_raw(index, order, move(value), bits);
}

template <foreign_ownable P, XaFlags Fixed, bool Static>
template <int N>
KXX_INLINE Result<Option<P>, StoreError<P>>
XArray<P, Fixed, Static>::Guard::store_order(unsigned long index, unsigned int order, P value,
					     AtomicGfp gfp)
{
	static_assert(KXX_XARRAY_MULTI || N != 0, KXX_XA_NO_MULTI);
	static_assert(!fixed_alloc || N != 0, KXX_XA_NO_MULTI_ALLOC);
	return store_order_raw(index, order, move(value), gfp.bits());
}

/*
 * The store itself, with any gfp bits: a misaligned range is EINVAL, and so
 * is any multi-index entry on an allocating array (a report: its flags are
 * chosen at run time, else it does not compile).
 */
template <foreign_ownable P, XaFlags Fixed, bool Static>
KXX_INLINE Result<Option<P>, StoreError<P>>
XArray<P, Fixed, Static>::Guard::store_order_raw(unsigned long index, unsigned int order, P value,
						 unsigned int gfp)
{
	if (order >= 8 * sizeof(long) || (index & ((1ul << order) - 1)))
		return StoreError<P>{ code::EINVAL, move(value) };
	if (__builtin_expect(xa_->tracks_free(), 0)) {
		KXX_WARN_MISUSE(KXX_XA_NO_MULTI_ALLOC);
		return StoreError<P>{ code::EINVAL, move(value) };
	}
	int err = 0;
	void *entry = Foreign::into_foreign(move(value));
	void *old = kxx_xa_store_order(xa_->raw(), index, order, entry, gfp, &err);
	if (__builtin_expect(err, 0))
		return refused<Option<P>>(err, entry);
	// SAFETY: old was the only entry in the range, stored by
	// this array and now replaced everywhere.
	return Foreign::try_from_foreign(old);
}

} // namespace kxx

#endif /* KXX_XARRAY_MULTI_H */
