/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/rcu/read.h - rcu::ReadGuard and the grace-period waits.
 *
 * Wraps:     <linux/rcupdate.h> (rcu_read_lock, rcu_read_unlock,
 *            synchronize_rcu; rcu_barrier, plus kxx's own deferred destructors)
 *            through src/rcu.c.
 * Types:     rcu::ReadGuard: rcu_read_lock() for its lifetime; neither copied
 *            nor moved, and scope-bound.  Every lockless read takes a `const
 *            rcu::ReadGuard&`, so a read outside a read-side critical section
 *            cannot be written.  rcu::read_lock(), rcu::synchronize() (waits
 *            for a grace period: may sleep) and rcu::barrier() (waits until
 *            every deferred free of this module has run: call it from the
 *            module's exit).
 * Contexts:  ReadGuard: any.  synchronize(), barrier(): process context.
 * Promises:  docs/soundness.md, "2. Borrows" (lockless reads need a live, named
 *            read guard) and "4. Contexts" (the rcu::read_lock and
 *            rcu::synchronize/barrier rows; Interrupt state: barrier()).
 * Tests:     compile-fail: readguard_copy, readguard_move,
 *            rcu_dereference_without_guard, rcu_dereference_temporary_guard;
 *            clang-fail: rcu_borrow_outlives_read_guard, and (its scope is
 *            atomic, synchronize() may sleep: sync/atomic_context.h)
 *            mutex_lock_under_read_guard, blocking_gfp_under_read_guard,
 *            synchronize_rcu_under_irq_guard;
 *            kunit/rcu_free_test.cpp
 *            (kxx_rcu.barrier_from_a_deferred_destructor_does_not_wait_for_itself),
 *            kunit/percpu_test.cpp (kxx_percpu.barrier_waits_for_nowait_calls).
 */
#ifndef KXX_RCU_READ_H
#define KXX_RCU_READ_H

#include <kxx/bindings.h>
#include <kxx/sync/atomic_context.h>

namespace kxx {
namespace rcu {

/* Evidence that this thread is in an RCU read-side critical section. */
class [[nodiscard]] KXX_SCOPED_CAPABILITY ReadGuard {
public:
	/* A guard: lives in a scope only. */
	using kxx_scope_bound = void; // lives in a scope, never in an Option or a heap object

	ReadGuard() KXX_ENTERS_ATOMIC { kxx_rcu_read_lock(); }
	~ReadGuard() KXX_RELEASE() { kxx_rcu_read_unlock(); }
	ReadGuard(const ReadGuard &) = delete;
	ReadGuard &operator=(const ReadGuard &) = delete;
	ReadGuard(ReadGuard &&) = delete;
	ReadGuard &operator=(ReadGuard &&) = delete;
};

/* Enters a read-side critical section (guaranteed copy elision). */
[[nodiscard]] inline ReadGuard read_lock() KXX_ENTERS_ATOMIC KXX_NO_THREAD_SAFETY_ANALYSIS
{
	return ReadGuard();
}

/* Waits for a grace period: every reader that started before has finished. */
inline void synchronize() KXX_MIGHT_SLEEP
{
	kxx_synchronize_rcu();
}

/*
 * Waits until every deferred free of this module has run: RCU callbacks,
 * the destructors they handed to process context, and whatever those freed
 * through RCU in turn.  Call it from the module's exit.
 */
inline void barrier() KXX_MIGHT_SLEEP
{
	kxx_rcu_barrier();
}

} // namespace rcu

} // namespace kxx

#endif /* KXX_RCU_READ_H */
