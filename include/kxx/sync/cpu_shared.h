/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/sync/cpu_shared.h - which types several contexts or CPUs may use at once.
 *
 * Wraps:     none.
 * Types:     three traits, each false unless a type's own header says so beside
 *            it:
 *              concurrent_v<T>       every const operation of T is
 *                                    interrupt-safe (Atomic<U>: sync/atomic.h);
 *              cpu_shared_v<T>       one T may be used by every CPU at once
 *                                    (Rust's Sync): Atomic, per-CPU handles
 *                                    (percpu/), XArray (xarray/xarray.h), Rcu
 *                                    (rcu/pointer.h);
 *              cpu_shared_const_v<T> on_each_cpu() lends such a T as const.
 *            A driver's specialisation is a promise (docs/soundness.md, 5).
 * Promises:  docs/soundness.md, "4. Contexts" (on_each_cpu() shares only
 *            cpu_shared_v objects; CpuGuard lends only concurrent T).
 * Tests:     compile-fail: on_each_cpu_shares_guard,
 *            on_each_cpu_shares_rcu_writer, on_each_cpu_assigns_percpu_handle,
 *            on_each_cpu_locks_plain_array, percpu_mutable_under_cpu_guard.
 */
#ifndef KXX_SYNC_CPU_SHARED_H
#define KXX_SYNC_CPU_SHARED_H

namespace kxx {

/*
 * Whether T is made for concurrent access, so that a const T& may be lent
 * to contexts that can interrupt each other (this CPU's instance under a
 * CpuGuard): Atomic<U>.  A driver may specialise it for its own types: a
 * promise that every const operation of T is interrupt-safe.
 */
template <class T> inline constexpr bool concurrent_v = false;

/*
 * Whether one T may be used through a reference by every CPU at once (in
 * Rust's terms, T is Sync): the objects on_each_cpu() shares with its
 * callable.  Types made for it are: Atomic<U> (and every concurrent_v
 * type), per-CPU handles (each CPU reaches its own instance), and the
 * containers that lock inside (XArray, Rcu), each specialised beside it.
 * A guard, cursor, Writer or Reservation never is: it belongs to the
 * thread that holds it.  A driver may specialise it for its own types: a
 * promise that every member reachable through a T& tolerates that.
 */
template <class T> inline constexpr bool cpu_shared_v = concurrent_v<T>;

/*
 * Whether on_each_cpu() lends a shared T as const: for handles whose
 * assignment is not made for concurrency (per-CPU handles, whose every
 * per-CPU operation is const).
 */
template <class T> inline constexpr bool cpu_shared_const_v = false;

} // namespace kxx

#endif /* KXX_SYNC_CPU_SHARED_H */
