/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/sync/locked_by.h - LockedBy<T, Owner>: data protected by another object's lock.
 *
 * Wraps:     none of its own (the owner's lock: sync/spin_lock.h, sync/mutex.h).
 * Types:     LockedBy<T, Owner>, Owner a SpinLock<U, F> or a Mutex<U>: a T that
 *            is reached only with a Guard of one particular owner, the one
 *            named at construction (as Rust's LockedBy: a field of an object
 *            whose lock is elsewhere, such as each device's state behind the
 *            driver's one list lock).  Invariant: owner_ points to the owner
 *            given at construction, which outlives this object (the caller's
 *            promise, as an XArray borrow's); data_ is reached only through
 *            get()/with() with a Guard that holds *owner_.  Neither copied nor
 *            moved.
 * Contexts:  those of the owner's Guard.
 * Promises:  docs/soundness.md, "3. Locking" (LockedBy row: a Guard of another
 *            owner is refused at run time, with a report and no access).
 * Tests:     kunit/locked_by_test.cpp (kxx_locked_by: reached_through_its_owner,
 *            wrong_owner_is_reported_and_changes_nothing,
 *            mutex_owner_and_drop_count); compile-fail:
 *            locked_by_without_guard, locked_by_temporary_guard,
 *            locked_by_wrong_owner_type, locked_by_temporary_owner.
 *
 *   SpinLock<List> devices;
 *   LockedBy<Stats, SpinLock<List>> stats(devices, Stats{});
 *   {
 *           auto g = devices.lock();
 *           if (Stats *s = stats.get(g))     // null, and reported, for another lock's Guard
 *                   s->opens++;
 *   }
 *
 * Which owner a Guard holds is a run-time fact (two SpinLock<List>s have one
 * type), so the check is at run time: a pointer compare.  A wrong owner is
 * a misuse report (WARN once per call site, or counted in a test) and the
 * caller gets nothing, never the data.
 */
#ifndef KXX_SYNC_LOCKED_BY_H
#define KXX_SYNC_LOCKED_BY_H

#include <kxx/core/annotations.h>
#include <kxx/core/misuse.h>
#include <kxx/core/move.h>
#include <kxx/core/traits.h>
#include <kxx/result/option.h>
#include <kxx/sync/spin_lock.h>

namespace kxx {

/* Owner is a lock kxx knows: SpinLock or Mutex (whose Guard says what it holds). */
template <class Owner>
concept lock_owner = requires(const typename Owner::Guard &g, const Owner &o) {
	{ g.holds(o) } -> same_as<bool>;
	requires same_as<typename Owner::Guard::Lock, Owner>;
};

/*
 * A T protected by another object's lock (Rust's LockedBy): reached only
 * with a Guard of the one owner named at construction, checked at run
 * time (another lock's Guard is reported and gets nothing).  Contexts: the
 * owner's Guard's.  Promises: docs/soundness.md, 3. Locking.
 */
template <class T, lock_owner Owner> class LockedBy {
public:
	/* The Guard type of Owner, which get() and with() take. */
	using OwnerGuard = typename Owner::Guard;

	/* @value, reached only with a Guard of @owner, which outlives this. */
	LockedBy(const Owner &owner KXX_LIFETIMEBOUND, T value) requires is_constructible_v<T, T &&>
	    : owner_(&owner), data_(move(value))
	{}
	template <class F>
	LockedBy(const Owner &owner KXX_LIFETIMEBOUND, InPlaceFn, F &&make) : owner_(&owner), data_(make())
	{}

	/* Not of a temporary owner: it is gone at the semicolon. */
	LockedBy(const Owner &&, T) = delete;
	template <class F> LockedBy(const Owner &&, InPlaceFn, F &&) = delete;

	LockedBy(const LockedBy &) = delete;
	LockedBy &operator=(const LockedBy &) = delete;
	LockedBy(LockedBy &&) = delete;
	LockedBy &operator=(LockedBy &&) = delete;

	/*
	 * The data, valid while @guard lives, if @guard holds this data's
	 * owner; otherwise a misuse report and null.  Exclusive through a
	 * mutable Guard, shared through a const one.
	 */
	T *get(OwnerGuard &guard KXX_LIFETIMEBOUND) & KXX_LIFETIMEBOUND
	{
		// SAFETY: the owner's lock is held while guard lives, and
		// every access to data_ holds it (the invariant).
		return owned_by(guard) ? &data_ : nullptr;
	}
	const T *get(const OwnerGuard &guard KXX_LIFETIMEBOUND) const & KXX_LIFETIMEBOUND
	{
		return owned_by(guard) ? &data_ : nullptr;
	}
	/* A temporary Guard ends before the borrow is used; a temporary LockedBy dies. */
	const T *get(const OwnerGuard &&) const = delete;
	T *get(OwnerGuard &) && = delete;

	/*
	 * f(T&) if @guard holds the owner: Some(result) (true for a void f);
	 * otherwise a misuse report and None (false), f not called.
	 */
	template <class F> auto with(OwnerGuard &guard, F &&f) &
	{
		using R = detail::with_result_t<F, T &>;
		static_assert(detail::borrow_free_v<R>, KXX_LOCK_WITH_RESULT);
		if constexpr (is_same_v<R, void>) {
			if (!owned_by(guard))
				return false;
			f(data_);
			return true;
		} else {
			if (!owned_by(guard))
				return Option<R>();
			return Option<R>(f(data_));
		}
	}
	template <class F> auto with(const OwnerGuard &&, F &&) = delete;

	/* The owner named at construction. */
	const Owner &owner() const { return *owner_; }

private:
	bool owned_by(const OwnerGuard &guard) const
	{
		if (__builtin_expect(guard.holds(*owner_), 1))
			return true;
		KXX_WARN_MISUSE("kxx::LockedBy reached with a Guard of another lock than its owner");
		return false;
	}

	const Owner *owner_;
	T data_;
};

} // namespace kxx

#endif /* KXX_SYNC_LOCKED_BY_H */
