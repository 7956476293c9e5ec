/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/foreign/rcu_freed.h - rcu_freed_v: which owners lockless readers may borrow.
 *
 * Wraps:     none (the rule RCU readers rely on: memory freed through
 *            call_rcu() stays valid until every reader that could see it has
 *            left its read-side section).
 * Types:     rcu_freed_v<P> / rcu_freed<P>: P's memory stays valid until a
 *            grace period after P is dropped, so a reader under an
 *            rcu::ReadGuard may use a borrow of it while a writer removes and
 *            drops it.  False unless an owner says so beside itself: RcuBox
 *            (rcu/box.h), RcuArc (rcu/arc.h), RcuPage (page/page.h), XaValue
 *            and some XaEither (xarray/).  detail::RcuBorrowOf<P>: what such a
 *            reader gets (ForeignOwnable<P>::RcuBorrowed if P has one, else its
 *            Borrowed).
 * Promises:  docs/soundness.md, "2. Borrows" (lockless load() and iteration
 *            exist only for rcu_freed owners and values) and "5. The unsafe
 *            edge" (a driver's rcu_freed_v is a promise).
 * Tests:     compile-fail: xarray_load_box, xarray_load_page,
 *            xarray_lockless_iteration_box, xarray_either_rcuarc_lockless,
 *            read_cursor_box, rcuold_defer_box; kunit/rcu_free_test.cpp
 *            (kxx_rcu.xarray_load_without_lock).
 */
#ifndef KXX_FOREIGN_RCU_FREED_H
#define KXX_FOREIGN_RCU_FREED_H

#include <kxx/foreign/ownable.h>

namespace kxx {

/*
 * Whether an owner's memory stays valid until a grace period after it is
 * dropped, so a reader under rcu::ReadGuard may use a borrow of it even
 * while a writer removes and drops it.  True for RcuBox<T>.
 */
template <class P> inline constexpr bool rcu_freed_v = false;
/* An owner whose memory outlives a grace period: lockless reads are allowed. */
template <class P>
concept rcu_freed = foreign_ownable<P> && rcu_freed_v<P>;

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

#endif /* KXX_FOREIGN_RCU_FREED_H */
