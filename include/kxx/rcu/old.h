/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/rcu/old.h - RcuOld<P>: a value taken out of an Rcu, not yet freed.
 *
 * Wraps:     <linux/rcupdate.h> (synchronize_rcu, call_rcu) through src/rcu.c;
 *            might_sleep().
 * Types:     RcuOld<P>: an unpublished old value, handed back by Rcu's writers
 *            (rcu/pointer.h).  Invariant: ptr_ is null (moved from, dropped or
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
#include <kxx/rcu/free.h>
#include <kxx/rcu/read.h>
#include <kxx/result/result.h>

namespace kxx {

/* How an Rcu's writers serialise (rcu/pointer.h). */
enum class RcuWriters;

template <class P> class [[nodiscard]] RcuOld {
	using Foreign = ForeignOwnable<P>;

public:
	RcuOld(RcuOld &&other) : ptr_(exchange(other.ptr_, nullptr)) {}
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
	~RcuOld() requires rcu_freed<P>
	{
		if (void *p = exchange(ptr_, nullptr))
			Foreign::from_foreign(p);
	}
	KXX_MIGHT_SLEEP ~RcuOld() requires(!rcu_freed<P>)
	{
		if (void *p = exchange(ptr_, nullptr)) {
			kxx_might_sleep();
			rcu::synchronize();
			// SAFETY: unpublished before the grace period, so
			// no reader can still see it; the value is ours.
			Foreign::from_foreign(p);
		}
	}

	/* A shared view, for a writer that wants to look at the old value. */
	typename Foreign::Borrowed get() const KXX_LIFETIMEBOUND { return Foreign::borrow(ptr_); }

	/* Drops it now (the owner frees after a grace period): never blocks. */
	void defer() && requires rcu_freed<P>
	{
		if (void *p = exchange(ptr_, nullptr))
			Foreign::from_foreign(p);
	}

	/*
	 * Drops it a grace period from now, in process context, without
	 * blocking: for owners that do not defer their own free (Box, Arc),
	 * from any context.  It needs a small node, allocated with @gfp; if
	 * that fails, the RcuOld comes back untouched (ENOMEM is a value).
	 */
	Result<void, RcuOld> defer(Gfp gfp) && requires(!rcu_freed<P>)
	{
		void *mem = kxx_kmalloc(sizeof(Deferred), gfp.bits());
		if (!mem)
			return RcuOld(exchange(ptr_, nullptr));
		auto *node = new (mem) Deferred{ {}, exchange(ptr_, nullptr) };
		detail::RcuFree<Deferred, 0>::queue(node);
		return Ok();
	}

private:
	template <foreign_ownable, RcuWriters> friend class Rcu;
	explicit RcuOld(void *ptr) : ptr_(ptr) {}

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
};

} // namespace kxx

#endif /* KXX_RCU_OLD_H */
