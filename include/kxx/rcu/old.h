/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/rcu/old.h - RcuOld<P>: a value taken out of an Rcu, not yet freed.
 *
 * Wraps:     <linux/rcupdate.h> (synchronize_rcu, call_rcu) through src/rcu.c;
 *            might_sleep().
 * Types:     RcuOld<P, Flavour>: an unpublished old value, handed back by Rcu's
 *            writers (rcu/pointer.h; Flavour, rcu/flavour.h, says whose grace
 *            period its drop waits for: RCU's, or an SrcuDomain's for Srcu<P>).  Invariant: ptr_ is null (moved from, dropped or
 *            deferred) or came from into_foreign() and is owned here,
 *            unreachable for new readers.  For owners freed after a grace
 *            period (rcu_freed: RcuBox, RcuArc) dropping it never blocks; for
 *            others it waits for one (synchronize_rcu, after might_sleep()),
 *            and defer(gfp) frees it after a grace period without blocking
 *            instead.
 * Contexts:  dropping RcuOld<RcuBox/RcuArc>: any; RcuOld<Box/Arc>: process
 *            context; defer(gfp): any, as its gfp says.
 * Promises:  docs/soundness.md, "1. Ownership" (moved-from is inert) and "4.
 *            Contexts" (the RcuOld rows).
 * Tests:     kunit/rcu_free_test.cpp (kxx_rcu: defer_does_not_sleep,
 *            defer_of_moved_from_old_is_empty,
 *            disposal_never_blocks_where_it_must_not), kunit/fault_test.cpp
 *            (kxx_fault.cyclic_reserve_at_rcuarc_page_and_defer); compile-fail:
 *            rcuold_defer_box; clang-fail (a drop that waits, in an atomic
 *            scope: sync/atomic_context.h): rcu_old_drop_under_spin_guard.
 */
#ifndef KXX_RCU_OLD_H
#define KXX_RCU_OLD_H

#include <kxx/alloc/kmalloc.h>
#include <kxx/bindings.h>
#include <kxx/core/layout.h>
#include <kxx/foreign/rcu_freed.h>
#include <kxx/rcu/flavour.h>
#include <kxx/rcu/free.h>
#include <kxx/rcu/read.h>
#include <kxx/result/result.h>

namespace kxx {

/* How an Rcu's writers serialise (rcu/pointer.h). */
enum class RcuWriters;

/*
 * The value an Rcu update replaced: dropping it waits for a grace period
 * (synchronize_rcu, so it may sleep) unless P is freed after one by
 * itself (RcuBox, RcuArc).  Promises: docs/soundness.md, 1. Ownership.
 */
template <class P, class Flavour = detail::RcuFlavour> class [[nodiscard]] RcuOld {
	using Foreign = ForeignOwnable<P>;

public:
	/* Takes other's value; other is left empty. */
	RcuOld(RcuOld &&other) : ptr_(exchange(other.ptr_, nullptr)), flavour_(other.flavour_) {}
	RcuOld(const RcuOld &) = delete;
	RcuOld &operator=(const RcuOld &) = delete;
	RcuOld &operator=(RcuOld &&) = delete;

	/*
	 * Drops the value once no reader can see it.  For owners freed after
	 * a grace period that is now (the owner defers its own free), and
	 * never blocks.  For others it waits for a grace period, so it may
	 * sleep: might_sleep() first, so a drop in atomic context is reported
	 * every time.  (An RcuOld holds a value unless it was moved from or
	 * deferred, which blocks nothing.)
	 */
	// (Two destructors, so that only the one that may sleep says so to
	// the Clang pass: sync/atomic_context.h.)
	~RcuOld() requires(Flavour::template may_self_free<P>)
	{
		drop();
	}
	KXX_MIGHT_SLEEP ~RcuOld() requires(!Flavour::template may_self_free<P>)
	{
		drop();
	}

	/* A shared view, for a writer that wants to look at the old value. */
	typename Foreign::Borrowed get() const KXX_LIFETIMEBOUND { return Foreign::borrow(ptr_); }

	/* Drops it now (the owner frees after a grace period): never blocks. */
	void defer() && requires(Flavour::template may_self_free<P>)
	{
		RcuOld dropped(move(*this)); // its destructor: at once, or waits if misused
	}

	/*
	 * Drops it a grace period from now, in process context, without
	 * blocking: for owners that do not defer their own free (Box, Arc),
	 * from any context.  It needs a small node, allocated with @gfp; if
	 * that fails, the RcuOld comes back untouched (ENOMEM is a value).
	 */
	Result<void, RcuOld> defer(Gfp gfp) && requires(Flavour::rcu && !rcu_freed<P>)
	{
		void *mem = detail::kmalloc_constant<sizeof(Deferred)>(gfp.bits());
		if (!mem)
			return RcuOld(exchange(ptr_, nullptr), flavour_);
		auto *node = new (mem) Deferred{ {}, exchange(ptr_, nullptr) };
		detail::RcuFree<Deferred, 0>::queue(node);
		return Ok();
	}

private:
	void drop()
	{
		if (void *p = exchange(ptr_, nullptr)) {
			if (flavour_.template self_frees<P>(p)) {
				Foreign::from_foreign(p);
			} else {
				kxx_might_sleep();
				// SAFETY: unpublished before the grace period, so
				// no reader can still see it; the value is ours.
				// (An SRCU flavour inside its own read section
				// cannot wait: it reports and frees later.)
				flavour_.template drop_after_grace<P>(p);
			}
		}
	}

	template <foreign_ownable, RcuWriters, class> friend class Rcu;
	explicit RcuOld(void *ptr, const Flavour &flavour = Flavour()) : ptr_(ptr), flavour_(flavour) {}

	/* defer(gfp)'s node: its destructor drops the owner (in process context). */
	struct Deferred {
		Opaque<KXX_SIZEOF_RCU_HEAD, KXX_ALIGNOF_RCU_HEAD> head; // first
		void *ptr;
		~Deferred()
		{
			if (ptr)
				Foreign::from_foreign(ptr);
		}
	};

	void *ptr_; // from into_foreign(), unpublished; null once dropped
	[[no_unique_address]] Flavour flavour_; // whose grace period the drop waits for
};

} // namespace kxx

#endif /* KXX_RCU_OLD_H */
