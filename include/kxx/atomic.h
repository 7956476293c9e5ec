/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/atomic.h - Atomic<T>: a value that several contexts may change at once.
 *
 * What RcuBox, Arc and RcuArc lend is read-only, because other CPUs (or
 * lockless readers) may be looking at it.  State that must change in place
 * inside such a value is made of types built for concurrent access, as in
 * Rust: Atomic<T> for an integer or a pointer, or a lock inside T.  Its
 * operations are const (interior mutability, like Rust's `&self` atomics)
 * and are the compiler's __atomic builtins, which for the kernel's word
 * sizes are the same single instructions as the kernel's own atomics
 * (lock xadd, lock cmpxchg, plain moves for relaxed loads and stores).
 *
 *   struct Stats { Atomic<u64> hits; };
 *   xa.load(g, id)->hits.fetch_add(1);      // through a const view
 */
#ifndef KXX_ATOMIC_H
#define KXX_ATOMIC_H

#include <kxx/utility.h>

namespace kxx {

enum class MemoryOrder : int {
	Relaxed = __ATOMIC_RELAXED,
	Acquire = __ATOMIC_ACQUIRE,
	Release = __ATOMIC_RELEASE,
	AcqRel = __ATOMIC_ACQ_REL,
	SeqCst = __ATOMIC_SEQ_CST,
};

template <class T> class Atomic {
	static_assert(is_integral_v<T> || is_pointer_v<T>, "Atomic<T> is for integers and pointers");
	static_assert(sizeof(T) <= sizeof(void *) && __atomic_always_lock_free(sizeof(T), 0),
		      "Atomic<T> must be lock-free (no library calls in the kernel)");

public:
	constexpr explicit Atomic(T v = T()) : value_(v) {}
	Atomic(const Atomic &) = delete;
	Atomic &operator=(const Atomic &) = delete;

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

/*
 * Whether T is made for concurrent access, so that a const T& may be lent
 * to contexts that can interrupt each other (this CPU's instance under a
 * CpuGuard): Atomic<U>.  A driver may specialise it for its own types: a
 * promise that every const operation of T is interrupt-safe.
 */
template <class T> inline constexpr bool concurrent_v = false;
template <class U> inline constexpr bool concurrent_v<Atomic<U>> = true;

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

#endif /* KXX_ATOMIC_H */
