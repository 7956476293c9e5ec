/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/rcu/free.h - RcuFree: destroy and free a grace period later.
 *
 * Wraps:     <linux/rcupdate.h> (call_rcu) through src/rcu.c, and kxx's own
 *            process-context reaper (kxx_rcu_reap) for destructors that may
 *            sleep.
 * Types:     detail::RcuFree<Inner, HeadOffset>: queue(inner) frees an Inner
 *            made by kmalloc_new() (its rcu_head at HeadOffset) a grace period
 *            later, exactly once: in the RCU callback when ~Inner is trivial,
 *            else in process context.  What RcuBox, RcuArc and RcuOld::defer()
 *            drop with.
 * Contexts:  queue() never blocks: any context.
 * Promises:  docs/soundness.md, "2. Borrows" (an RcuBox/RcuArc removed while a
 *            reader holds a borrow stays valid until its grace period ends) and
 *            "4. Contexts" (running ~T of an RcuBox's or RcuArc's T: process
 *            context, always).
 * Tests:     kunit/rcu_free_test.cpp (kxx_rcu:
 *            rcubox_freed_only_after_grace_period,
 *            rcubox_callback_frees_from_the_start,
 *            nontrivial_destructors_run_in_process_context,
 *            disposal_never_blocks_where_it_must_not).
 */
#ifndef KXX_RCU_FREE_H
#define KXX_RCU_FREE_H

#include <kxx/alloc/kmalloc.h>
#include <kxx/bindings.h>
#include <kxx/core/traits.h>

namespace kxx::detail {

/*
 * Frees an Inner (made by kmalloc_new, with an rcu_head at @HeadOffset) a
 * grace period after queue(): what RcuBox and RcuArc drop with.  The call_rcu()
 * callback runs in softirq: an Inner whose destructor is trivial is freed
 * there, as C's kfree_rcu(); any other is destroyed in process context
 * (kxx_rcu_reap), where its destructor may sleep or take locks that are
 * also taken with BH enabled (a T holding an XArray, an Rcu, a mutex).
 */
template <class Inner, size_t HeadOffset> struct RcuFree {
	static Inner *of(struct callback_head *head)
	{
		return reinterpret_cast<Inner *>(reinterpret_cast<char *>(head) - HeadOffset);
	}
	static void destroy(struct callback_head *head) { kfree_delete(of(head)); }
	static void callback(struct callback_head *head)
	{
		// SAFETY: head is the rcu_head of an Inner queued once by
		// queue(); a grace period has passed, so no reader holds a
		// borrow of it any more.
		if constexpr (is_trivially_destructible_v<Inner>) {
			destroy(head);
			kxx_rcu_ran();
		} else {
			kxx_rcu_reap(head, &destroy);
		}
	}
	static void queue(Inner *inner)
	{
		kxx_call_rcu(reinterpret_cast<struct callback_head *>(
				 reinterpret_cast<char *>(inner) + HeadOffset),
			     &callback);
	}
};

} // namespace kxx::detail

#endif /* KXX_RCU_FREE_H */
