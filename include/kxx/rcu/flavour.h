/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/rcu/flavour.h - detail::RcuFlavour: which grace period an Rcu waits for.
 *
 * Wraps:     <linux/rcupdate.h> (rcu_dereference, synchronize_rcu) through
 *            src/rcu.c.
 * Types:     detail::RcuFlavour: the read side and the grace period of
 *            classic RCU, empty.  Rcu<P> and RcuOld<P> take the flavour as a
 *            parameter, so one writer model serves RCU and SRCU (Srcu<P> is
 *            Rcu<P, W, detail::SrcuFlavour>, rcu/srcu_pointer.h).  A flavour
 *            has: ReadGuard (what dereference() takes), dereference(slot,
 *            guard), drop_after_grace<P>(ptr) (waits for a grace period, then
 *            drops the owner), may_self_free<P> (P may defer its own free
 *            past this flavour's grace period) and self_frees<P>(ptr) (whether
 *            this one does), ReaderBorrowed<P>/reader_borrow<P>(ptr), rcu (true
 *            only here), and the name of the pointer type for lock classes.
 * Contexts:  drop_after_grace(): process context.
 * Promises:  docs/soundness.md, "2. Borrows" (Rcu and Srcu rows).
 * Tests:     kunit/rcu_test.cpp, kunit/srcu_pointer_test.cpp.
 */
#ifndef KXX_RCU_FLAVOUR_H
#define KXX_RCU_FLAVOUR_H

#include <kxx/bindings.h>
#include <kxx/core/traits.h>
#include <kxx/foreign/rcu_freed.h>
#include <kxx/rcu/read.h>

namespace kxx::detail {

struct RcuFlavour {
	using ReadGuard = rcu::ReadGuard;
	static constexpr bool rcu = true;
	static constexpr const char name[] = "kxx::Rcu<";

	template <class P> static constexpr bool may_self_free = rcu_freed<P>;
	template <class P> static constexpr bool self_frees(void *) { return rcu_freed<P>; }

	template <class P>
	using ReaderBorrowed = conditional_t<rcu_freed<P>, typename RcuBorrowOf<P>::type,
					     typename ForeignOwnable<P>::Borrowed>;
	template <class P> static ReaderBorrowed<P> reader_borrow(void *p)
	{
		if constexpr (rcu_freed<P>)
			return RcuBorrowOf<P>::borrow(p);
		else
			return ForeignOwnable<P>::borrow(p);
	}

	static void *dereference(void *const *slot, const ReadGuard &) { return kxx_rcu_dereference(slot); }
	/* Waits for a grace period, then drops @p (from into_foreign()). */
	template <class P> static void drop_after_grace(void *p)
	{
		rcu::synchronize();
		ForeignOwnable<P>::from_foreign(p);
	}
};

} // namespace kxx::detail

#endif /* KXX_RCU_FLAVOUR_H */
