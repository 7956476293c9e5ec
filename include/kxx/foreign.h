/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/foreign.h - ForeignOwnable: owners that can be lent to C as a void *.
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
 *
 * `foreign_ownable<P>` is the concept that every kxx container requires, so
 * storing a type without a specialisation does not compile.  Box<T>,
 * Arc<T>, RcuArc<T> and RcuBox<T> (rcu.h) are provided; a driver can add its
 * own owners (a specialisation is a promise: the raw-pointer edge).
 */
#ifndef KXX_FOREIGN_H
#define KXX_FOREIGN_H

#include <kxx/alloc.h>
#include <kxx/arc.h>
#include <kxx/result.h>
#include <kxx/utility.h>

namespace kxx {

/* No definition: only specialisations exist. */
template <class P> struct ForeignOwnable;

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
} // namespace detail

/*
 * The ForeignOwnable operations of a unique owner (Box, RcuBox): the foreign
 * pointer is the T*, which Owner gives up with into_raw(), takes back with
 * from_raw() and views with borrow_raw().  Specialisations add `align`.
 * @Mut is the exclusive view: T* for Box, const T* for RcuBox (lockless
 * readers may be looking at it, so nobody may write through a borrow).
 */
template <class Owner, class T, class Mut = T *> struct UniqueForeign {
	using Borrowed = const T *;
	using BorrowedMut = Mut;

	static void *into_foreign(Owner &&owner)
	{
		void *p = owner.into_raw();
		if (!p)
			kxx_bug("into_foreign() of a moved-from owner");
		return p;
	}
	static Owner from_foreign(void *ptr)
	{
		// SAFETY: the caller passes a pointer from into_foreign(), whose
		// ownership it gives back exactly once.
		return Owner::from_raw(Owner::borrow_raw(ptr));
	}
	static Option<Owner> try_from_foreign(void *ptr)
	{
		if (!ptr)
			return None;
		return from_foreign(ptr);
	}
	static Borrowed borrow(void *ptr) { return Owner::borrow_raw(ptr); }
	static BorrowedMut borrow_mut(void *ptr) { return Owner::borrow_raw(ptr); }
};

template <class T> struct ForeignOwnable<Box<T>> : UniqueForeign<Box<T>, T> {
	/* kmalloc's minimum, or T's own when Box over-aligns (alloc_size). */
	static constexpr size_t align = detail::max_align(alignof(T), KXX_KMALLOC_MINALIGN);
};

/*
 * Arc and RcuArc: the foreign pointer carries one reference.  A borrow is
 * an ArcBorrow (never mutable), which can be cloned into an owned Arc while
 * the container's reference keeps the count above zero.
 */
template <class T, ArcFree Free> struct ArcForeign {
	using Owner = BasicArc<T, Free>;
	using Inner = detail::ArcInner<T, Free>;
	static constexpr size_t align = detail::max_align(Owner::inner_align, KXX_KMALLOC_MINALIGN);
	using Borrowed = ArcBorrow<T, Free>;
	using BorrowedMut = ArcBorrow<T, Free>; // shared ownership never lends &mut

	static void *into_foreign(Owner &&arc)
	{
		void *p = arc.into_raw();
		if (!p)
			kxx_bug("into_foreign() of a moved-from Arc");
		return p;
	}
	static Owner from_foreign(void *ptr)
	{
		// SAFETY: ptr came from into_foreign(), which kept the reference
		// it carried; this takes that one reference back.
		return Owner::from_raw(ptr);
	}
	static Option<Owner> try_from_foreign(void *ptr)
	{
		if (!ptr)
			return None;
		return from_foreign(ptr);
	}
	// SAFETY: the container still holds ptr's reference while the borrow
	// lives (that is what a borrow is), so the count is at least one.
	static Borrowed borrow(void *ptr) { return Borrowed(static_cast<Inner *>(ptr)); }
	static BorrowedMut borrow_mut(void *ptr) { return borrow(ptr); }
};

template <class T> struct ForeignOwnable<Arc<T>> : ArcForeign<T, ArcFree::Now> {};

template <class T> struct ForeignOwnable<RcuArc<T>> : ArcForeign<T, ArcFree::AfterGracePeriod> {
	/*
	 * What a lockless reader gets: the memory is valid under its read
	 * guard, but the container may have given its reference away.
	 */
	using RcuBorrowed = RcuArcBorrow<T>;
	static RcuBorrowed rcu_borrow(void *ptr)
	{
		return RcuBorrowed(static_cast<detail::ArcInner<T, ArcFree::AfterGracePeriod> *>(ptr));
	}
};

namespace detail {
/*
 * The borrow a lockless reader gets of an owner that is freed after a grace
 * period: ForeignOwnable<P>::RcuBorrowed if the owner defines one (RcuArc),
 * else its Borrowed.
 */
template <class P> struct RcuBorrowOf {
	using type = typename ForeignOwnable<P>::Borrowed;
	static type borrow(void *ptr) { return ForeignOwnable<P>::borrow(ptr); }
};
template <class P>
requires requires { typename ForeignOwnable<P>::RcuBorrowed; }
struct RcuBorrowOf<P> {
	using type = typename ForeignOwnable<P>::RcuBorrowed;
	static type borrow(void *ptr) { return ForeignOwnable<P>::rcu_borrow(ptr); }
};
} // namespace detail

} // namespace kxx

#endif /* KXX_FOREIGN_H */
