/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/sync/atomic.h - Atomic<T>: a value that several contexts may change at once.
 *
 * Wraps:     none: the compiler's __atomic builtins, which for the kernel's
 *            word sizes are the instructions of the kernel's own atomics (lock
 *            xadd, lock cmpxchg, plain moves for relaxed accesses).
 * Types:     Atomic<T> (T an integer or a pointer, lock-free): every operation
 *            is const (interior mutability, as Rust's `&self` atomics);
 *            MemoryOrder.  Neither copied nor moved. concurrent_v<Atomic<U>> is
 *            true (sync/cpu_shared.h).
 * Contexts:  any.
 * Promises:  docs/soundness.md, "2. Borrows" (shared state changes through
 *            types made for it) and "4. Contexts" (CpuGuard, on_each_cpu).
 * Tests:     kunit/rcu_test.cpp (kxx_rcu.shared_state_changes_through_atomics),
 *            kunit/percpu_test.cpp (kxx_percpu.on_each_cpu_counts_every_cpu).
 *
 * What RcuBox, Arc and RcuArc lend is read-only, because other CPUs (or
 * lockless readers) may be looking at it.  State that must change in place
 * inside such a value is made of types built for concurrent access, as in
 * Rust: Atomic<T> for an integer or a pointer, or a lock inside T.
 *
 *   struct Stats { Atomic<u64> hits; };
 *   xa.load(g, id)->hits.fetch_add(1);      // through a const view
 */
#ifndef KXX_SYNC_ATOMIC_H
#define KXX_SYNC_ATOMIC_H

#include <kxx/core/traits.h>
#include <kxx/sync/cpu_shared.h>

namespace kxx {

/* C++'s memory orders, as the compiler's __atomic builtins take them. */
enum class MemoryOrder : int {
	Relaxed = __ATOMIC_RELAXED,
	Acquire = __ATOMIC_ACQUIRE,
	Release = __ATOMIC_RELEASE,
	AcqRel = __ATOMIC_ACQ_REL,
	SeqCst = __ATOMIC_SEQ_CST,
};

/*
 * An integer or pointer that several CPUs and contexts may change at once.
 * Every operation is const, so it can change inside what RcuBox, Arc and
 * RcuArc lend read-only.  Any context.  Promises: docs/soundness.md,
 * 2. Borrows and 4. Contexts.
 */
template <class T> class Atomic {
	static_assert(is_integral_v<T> || is_pointer_v<T>, "Atomic<T> is for integers and pointers");
	static_assert(sizeof(T) <= sizeof(void *) && __atomic_always_lock_free(sizeof(T), 0),
		      "Atomic<T> must be lock-free (no library calls in the kernel)");

public:
	/* Starts at @v. */
	constexpr explicit Atomic(T v = T()) : value_(v) {}
	Atomic(const Atomic &) = delete;
	Atomic &operator=(const Atomic &) = delete;

	/* Reads, stores, or swaps in @v and returns the old value, with ordering @o. */
	T load(MemoryOrder o = MemoryOrder::Relaxed) const
	{
		return __atomic_load_n(&value_, static_cast<int>(o));
	}
	void store(T v, MemoryOrder o = MemoryOrder::Relaxed) const
	{
		__atomic_store_n(&value_, v, static_cast<int>(o));
	}
	T exchange(T v, MemoryOrder o = MemoryOrder::SeqCst) const
	{
		return __atomic_exchange_n(&value_, v, static_cast<int>(o));
	}
	/* Stores @desired if the value is @expected; else @expected becomes the value. */
	bool compare_exchange(T &expected, T desired, MemoryOrder o = MemoryOrder::SeqCst) const
	{
		return __atomic_compare_exchange_n(&value_, &expected, desired, false,
						   static_cast<int>(o), __ATOMIC_RELAXED);
	}
	T fetch_add(T v, MemoryOrder o = MemoryOrder::Relaxed) const requires is_integral_v<T>
	{
		return __atomic_fetch_add(&value_, v, static_cast<int>(o));
	}
	T fetch_sub(T v, MemoryOrder o = MemoryOrder::Relaxed) const requires is_integral_v<T>
	{
		return __atomic_fetch_sub(&value_, v, static_cast<int>(o));
	}
	T fetch_or(T v, MemoryOrder o = MemoryOrder::Relaxed) const requires is_integral_v<T>
	{
		return __atomic_fetch_or(&value_, v, static_cast<int>(o));
	}
	T fetch_and(T v, MemoryOrder o = MemoryOrder::Relaxed) const requires is_integral_v<T>
	{
		return __atomic_fetch_and(&value_, v, static_cast<int>(o));
	}

private:
	mutable T value_;
};

/* Atomic<U> is made for concurrent access (sync/cpu_shared.h). */
template <class U> inline constexpr bool concurrent_v<Atomic<U>> = true;

} // namespace kxx

#endif /* KXX_SYNC_ATOMIC_H */
