/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/sync/atomic_context.h - atomic_context: the Clang pass's "may not sleep here".
 *
 * Wraps:     none (Clang thread-safety attributes; at run time the kernel's
 *            might_sleep() checks the same, under DEBUG_ATOMIC_SLEEP).
 * Types:     AtomicContext, a capability type, and atomic_context, its one
 *            object: declared, never defined (only attributes name it, so no
 *            symbol is emitted).  Macros: KXX_ENTERS_ATOMIC (on a guard's
 *            constructor, or on a function returning a guard: the scope of that
 *            guard is atomic) and KXX_MIGHT_SLEEP (on a function that may block:
 *            refused in such a scope).
 * Contexts:  n/a (compile time).
 * Promises:  docs/soundness.md, "4. Contexts" (Blocking calls in atomic
 *            scopes).
 * Tests:     the Clang pass (scripts/clang-pass.sh) and kunit/clang-fail/:
 *            mutex_lock_under_spin_guard, mutex_lock_under_irq_guard,
 *            mutex_lock_under_cpu_guard, mutex_lock_under_read_guard,
 *            mutex_lock_under_xarray_guard, mutex_lock_under_spinning_writer,
 *            blocking_gfp_under_spin_guard, blocking_gfp_under_read_guard,
 *            synchronize_rcu_under_irq_guard, rcu_old_drop_under_spin_guard,
 *            rcu_mutex_writers_under_read_guard.
 *
 * The guards that make their scope atomic (spinlock Guards, XArray Guards,
 * IrqGuard, CpuGuard, rcu::ReadGuard, spinning Rcu Writers) hold the
 * capability atomic_context while they live; what may sleep (Mutex::lock,
 * a blocking gfp turned into a Gfp, rcu::synchronize(), the writes of an
 * Rcu with mutex writers, the drop of an RcuOld that waits for a grace
 * period) excludes it.  Clang then rejects
 * `cannot call function 'lock' while atomic context 'atomic_context' is
 * held` where it sees both in one function.
 *
 * Guards nest (a spinlock inside an IrqGuard), and Clang 19 has no
 * reentrant capabilities: acquiring one twice is a "double lock" warning.
 * So a guard *asserts* the capability (an assertion of what is held never
 * warns) and then *adopts* it (requires it: the guard's scope manages it,
 * and its end releases it, silently when already released).  The order of
 * the two attributes matters: the assertion first.  The price: where an
 * inner guard ends inside an outer one, the rest of the outer scope counts
 * as not atomic (a missed rejection, never a false one); might_sleep()
 * still reports it at run time.
 */
#ifndef KXX_SYNC_ATOMIC_CONTEXT_H
#define KXX_SYNC_ATOMIC_CONTEXT_H

#include <kxx/core/annotations.h>

namespace kxx {

/* Sleeping is not allowed: a spinlock, interrupts or preemption off, RCU read side. */
struct KXX_CAPABILITY("atomic context") AtomicContext {
	AtomicContext(const AtomicContext &) = delete;
	AtomicContext &operator=(const AtomicContext &) = delete;
};
/* Named only by attributes: never defined, never emitted. */
extern AtomicContext atomic_context;

} // namespace kxx

#if defined(__clang__)
#define KXX_ENTERS_ATOMIC                                                                          \
	__attribute__((assert_capability(::kxx::atomic_context)))                                  \
	__attribute__((requires_capability(::kxx::atomic_context)))
#define KXX_MIGHT_SLEEP __attribute__((locks_excluded(::kxx::atomic_context)))
#else
#define KXX_ENTERS_ATOMIC
#define KXX_MIGHT_SLEEP
#endif

#endif /* KXX_SYNC_ATOMIC_CONTEXT_H */
