/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/foreign/ownable.h - ForeignOwnable: owners that can be lent to C as a void *.
 *
 * Wraps:     none (the kernel containers' `void *` entries: struct xarray's
 *            slots, an RCU-protected pointer).
 * Types:     ForeignOwnable<P> (the trait: only specialisations exist),
 *            foreign_ownable<P> (the concept every kxx container requires, so
 *            storing a type without a specialisation does not compile),
 *            into_foreign/from_foreign/try_from_foreign, and UniqueForeign (the
 *            operations of a unique owner, for specialisations).  This header
 *            depends on no owner: each owner specialises the trait beside
 *            itself (alloc/box.h, alloc/arc.h, rcu/arc.h, rcu/box.h,
 *            page/page.h, xarray/value.h, xarray/either.h); what lockless
 *            readers may borrow is foreign/rcu_freed.h's.
 * Promises:  docs/soundness.md, "5. The unsafe edge" (from_foreign, borrow: a
 *            driver's own specialisation is a promise).
 * Tests:     kunit/foreign_test.cpp (kxx_foreign.box_round_trip,
 *            kxx_foreign.arc_round_trips_keep_count); compile-fail:
 *            from_foreign_unspecialised, xarray_entry_align.
 *
 * Kernel containers (the XArray, an RCU pointer) store `void *`.  An owner
 * type P that can live there specialises `ForeignOwnable<P>`:
 *
 *   align           the minimum alignment of the pointer it hands out (the
 *                   XArray needs >= 4: it uses the low bits for tags);
 *   Borrowed,       nullable, pointer-like views of the owned value: shared
 *   BorrowedMut     and exclusive (const T* / T* for Box<T>; const T* for
 *                   both for RcuBox<T>, which lockless readers may see;
 *                   ArcBorrow<T> for both for Arc<T>, which never gives
 *                   mutable access and can be cloned into an owned Arc);
 *   RcuBorrowed     optional: what a lockless reader gets instead of
 *                   Borrowed (RcuArcBorrow<T> for RcuArc<T>);
 *   into_foreign    P&& -> void *: gives up ownership, never null;
 *   from_foreign    void * -> P: takes it back (once per into_foreign; never
 *                   null, and the owners may assume so);
 *   try_from_foreign  the same, None for null;
 *   borrow, borrow_mut  a view, without taking ownership (null for null).
 */
#ifndef KXX_FOREIGN_OWNABLE_H
#define KXX_FOREIGN_OWNABLE_H

#include <kxx/bindings.h>
#include <kxx/core/traits.h>
#include <kxx/core/move.h>
#include <kxx/result/option.h>

namespace kxx {

/*
 * How a container owns a P through one pointer (the table at the top of
 * this file).  No definition: each owner specialises it beside itself.
 */
template <class P> struct ForeignOwnable;

/*
 * P can be held by a container through one pointer: ForeignOwnable<P> is
 * specialised with the operations of the table at the top of this file.
 */
template <class P>
concept foreign_ownable = requires(P &&owner, void *ptr)
{
	{
		ForeignOwnable<P>::align
		} -> convertible_to<size_t>;
	typename ForeignOwnable<P>::Borrowed;
	typename ForeignOwnable<P>::BorrowedMut;
	{
		ForeignOwnable<P>::into_foreign(move(owner))
		} -> same_as<void *>;
	{
		ForeignOwnable<P>::from_foreign(ptr)
		} -> same_as<P>;
	{
		ForeignOwnable<P>::try_from_foreign(ptr)
		} -> same_as<Option<P>>;
	{
		ForeignOwnable<P>::borrow(ptr)
		} -> same_as<typename ForeignOwnable<P>::Borrowed>;
	{
		ForeignOwnable<P>::borrow_mut(ptr)
		} -> same_as<typename ForeignOwnable<P>::BorrowedMut>;
};

/* Free-function spellings, constrained so that misuse reads clearly. */
template <foreign_ownable P> [[nodiscard]] void *into_foreign(P &&owner)
{
	return ForeignOwnable<P>::into_foreign(move(owner));
}
template <foreign_ownable P> [[nodiscard]] P from_foreign(void *ptr)
{
	return ForeignOwnable<P>::from_foreign(ptr);
}
template <foreign_ownable P> [[nodiscard]] Option<P> try_from_foreign(void *ptr)
{
	return ForeignOwnable<P>::try_from_foreign(ptr);
}

namespace detail {
constexpr size_t max_align(size_t a, size_t b)
{
	return a > b ? a : b;
}

/*
 * into_foreign() and try_from_foreign() of an owner whose foreign pointer
 * is what its into_raw() gives up (Box, RcuBox, Page, Arc), written once.
 * Traits, the ForeignOwnable that derives from this, has from_foreign().
 */
template <class Traits, class Owner> struct RawForeign {
	static void *into_foreign(Owner &&owner)
	{
		void *p = owner.into_raw();
		if (!p)
			kxx_bug("into_foreign() of a moved-from owner");
		return p;
	}
	static Option<Owner> try_from_foreign(void *ptr)
	{
		if (!ptr)
			return None;
		return Traits::from_foreign(ptr);
	}
};
} // namespace detail

/*
 * The ForeignOwnable operations of a unique owner (Box, RcuBox): the foreign
 * pointer is the T*, which Owner gives up with into_raw(), takes back with
 * from_raw() and views with borrow_raw().  Specialisations add `align`.
 * @Mut is the exclusive view: T* for Box, const T* for RcuBox (lockless
 * readers may be looking at it, so nobody may write through a borrow).
 */
template <class Owner, class T, class Mut = T *>
struct UniqueForeign : detail::RawForeign<UniqueForeign<Owner, T, Mut>, Owner> {
	/* A shared borrow: const T*. */
	using Borrowed = const T *;
	/* An exclusive borrow: @Mut. */
	using BorrowedMut = Mut;

	/* Takes back the owner into_foreign() gave up (exactly once). */
	static Owner from_foreign(void *ptr)
	{
		// SAFETY: the caller passes a pointer from into_foreign(), whose
		// ownership it gives back exactly once.
		return Owner::from_raw(Owner::borrow_raw(ptr));
	}
	/* The T, shared. */
	static Borrowed borrow(void *ptr) { return Owner::borrow_raw(ptr); }
	/* The T, exclusive (const for RcuBox). */
	static BorrowedMut borrow_mut(void *ptr) { return Owner::borrow_raw(ptr); }
};

} // namespace kxx

#endif /* KXX_FOREIGN_OWNABLE_H */
