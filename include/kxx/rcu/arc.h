/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/rcu/arc.h - RcuArc<T>: an Arc that lockless readers may borrow.
 *
 * Wraps:     <linux/refcount.h> (refcount_inc_not_zero) through src/core.c;
 *            call_rcu() (rcu/free.h).
 * Types:     RcuArc<T> is BasicArc<T, ArcFree::AfterGracePeriod> (alloc/arc.h):
 *            an Arc whose last reference frees the T a grace period later (a T
 *            with a non-trivial destructor is destroyed in process context), so
 *            a reader under an rcu::ReadGuard may still look at it.  Here is
 *            what RCU adds: RcuArcBorrow<T>, the lockless borrow (XArray::load,
 *            Rcu::dereference), whose memory is valid while the read guard
 *            lives but whose last reference may be gone, so it only has
 *            try_clone() (refcount_inc_not_zero()); ForeignOwnable<RcuArc> with
 *            that borrow as RcuBorrowed, and rcu_freed_v<RcuArc>.  Invariant
 *            (RcuArcBorrow): inner_ is null or an Inner that stays allocated
 *            until the read guard it came from ends.
 * Contexts:  readers: any context under a read guard; the last drop never
 *            blocks.
 * Promises:  docs/soundness.md, "2. Borrows" (a lockless borrow of an RcuArc
 *            can only try_clone(); removed under a reader, it stays valid
 *            memory until the reader's grace period ends).
 * Tests:     kunit/xarray_test.cpp
 *            (kxx_xarray.rcu_arc_borrow_try_clones_locklessly),
 *            kunit/rcu_test.cpp (kxx_rcu.readers_clone_owned_arcs);
 *            compile-fail: xarray_either_rcuarc_lockless.
 */
#ifndef KXX_RCU_ARC_H
#define KXX_RCU_ARC_H

#include <kxx/alloc/arc.h>
#include <kxx/foreign/rcu_freed.h>

namespace kxx {

/*
 * A lockless borrow of an RcuArc: the memory stays valid while the read
 * guard it came from lives, but the last reference may already be gone
 * (the T is then waiting for its grace period).  try_clone() takes a new
 * reference only if one still exists.
 */
template <class T> class RcuArcBorrow : public detail::ArcView<T, ArcFree::AfterGracePeriod> {
	using Inner = detail::ArcInner<T, ArcFree::AfterGracePeriod>;

public:
	/* A null borrow (an empty slot); using it is a BUG(). */
	constexpr RcuArcBorrow(decltype(nullptr))
	    : detail::ArcView<T, ArcFree::AfterGracePeriod>(nullptr)
	{}

	/* An owned reference, or None if the last one was dropped meanwhile. */
	[[nodiscard]] Option<RcuArc<T>> try_clone() const
	{
		Inner *inner = this->checked();
		if (!kxx_refcount_inc_not_zero(inner->refcount()))
			return None;
		return RcuArc<T>(inner);
	}

private:
	template <class> friend struct ForeignOwnable;
	explicit RcuArcBorrow(Inner *inner) : detail::ArcView<T, ArcFree::AfterGracePeriod>(inner) {}
};

/* An RcuArc in a container: the foreign pointer carries one reference (ArcForeign). */
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

/* Freed a grace period after its last reference is dropped. */
template <class T> inline constexpr bool rcu_freed_v<RcuArc<T>> = true;

} // namespace kxx

#endif /* KXX_RCU_ARC_H */
