/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/sync/revocable.h - Revocable<T>: a T that readers reach under RCU until it is revoked.
 *
 * Wraps:     <linux/rcupdate.h> (rcu_read_lock/unlock, synchronize_rcu)
 *            through src/rcu.c; the read-section check through src/srcu.c.
 * Types:     Revocable<T>: a T and its state (available, revoked, dropping,
 *            dropped).
 *            try_access() gives a Revocable::Guard: an RCU read section and a
 *            const T& while available, or nothing.  revoke() ends every access
 *            (the state leaves "available", then synchronize_rcu()) and then
 *            drops the T, exactly once.  The T has no other accessor.
 *            Invariants: value_ is alive until the revoke() that moved the
 *            state to Dropping destroys it (then Dropped); a Guard that
 *            holds a value holds an RCU read section begun before the state
 *            left Available, so the T it points at is dropped only after it
 *            ends.  A Guard is neither copied nor moved, and scope-bound.
 * Contexts:  try_access(), the Guard: any context; the Guard is an RCU read
 *            section (atomic: no sleeping inside).  revoke(), destruction:
 *            process context (might_sleep()); from inside an access (an RCU
 *            read section) revoke() cannot wait: it is reported, ends the
 *            accesses that start later, and leaves the drop to the next
 *            revoke() or the destructor.
 * Promises:  docs/soundness.md, "2. Borrows" (Revocable rows) and "4.
 *            Contexts" (Revocable rows).
 * Tests:     kunit/revocable_test.cpp (kxx_revocable: access_until_revoked,
 *            revoked_under_readers_on_every_cpu, revoke_inside_access_is_reported,
 *            racing_revoke_returns_after_every_access,
 *            guard_as_temporary, destructor_drops_once); compile-fail:
 *            revocable_access_without_try_access, revocable_guard_copy,
 *            revocable_borrow_from_temporary_guard.
 */
#ifndef KXX_SYNC_REVOCABLE_H
#define KXX_SYNC_REVOCABLE_H

#include <kxx/bindings.h>
#include <kxx/core/annotations.h>
#include <kxx/core/misuse.h>
#include <kxx/core/move.h>
#include <kxx/core/scope_bound.h>
#include <kxx/sync/atomic_context.h>

namespace kxx {

/*
 * A T that readers reach, under RCU, until revoke() (Rust's Revocable):
 * try_access() from any context; revoke() and destruction wait for a grace
 * period, so process context, outside any RCU read section.
 * Promises: docs/soundness.md, 2. Borrows and 4. Contexts.
 */
template <class T> class Revocable {
	enum State : int { Dropped, Dropping, Revoked, Available };
	static_assert(!scope_bound_v<T>, "a guard lives in a scope, not in a Revocable");

public:
	/* The T, built from @args in place; available until revoked. */
	template <class... Args> explicit Revocable(Args &&...args) : value_(forward<Args>(args)...)
	{
		// INVARIANT: the T is alive; no reader can see it yet.
		state_ = Available;
	}
	Revocable(const Revocable &) = delete;
	Revocable &operator=(const Revocable &) = delete;
	Revocable(Revocable &&) = delete;
	Revocable &operator=(Revocable &&) = delete;

	/*
	 * Revokes (waiting for the accesses) if not yet done.  Inside an RCU
	 * read section it cannot wait: reported, and the T is leaked.
	 */
	~Revocable()
	{
		if (__builtin_expect(kxx_rcu_read_held(), 0) &&
		    __atomic_load_n(&state_, __ATOMIC_RELAXED) != Dropped) {
			KXX_WARN_MISUSE("kxx::Revocable destroyed inside an RCU read section: its "
					"T is leaked");
			return;
		}
		drop();
	}

	/* An RCU read section and the T while it is available; else empty. */
	class [[nodiscard]] Guard {
	public:
		/* A guard: lives in a scope only. */
		using kxx_scope_bound = void;

		~Guard()
		{
			if (value_)
				kxx_rcu_read_unlock();
		}
		Guard(const Guard &) = delete;
		Guard &operator=(const Guard &) = delete;
		Guard(Guard &&) = delete;
		Guard &operator=(Guard &&) = delete;

		/* Whether it holds the T (false once revoked: test before use). */
		explicit operator bool() const { return value_ != nullptr; }
		/* The T, valid while this guard lives (a temporary guard ends first). */
		const T &operator*() const & KXX_LIFETIMEBOUND { return *checked(); }
		const T *operator->() const & KXX_LIFETIMEBOUND { return checked(); }
		const T *get() const & KXX_LIFETIMEBOUND { return value_; }
		const T &operator*() const && = delete;
		const T *operator->() const && = delete;
		const T *get() const && = delete;

	private:
		friend class Revocable;
		explicit Guard(const Revocable &r)
		{
			kxx_rcu_read_lock();
			if (__builtin_expect(r.available(), 1)) {
				value_ = &r.value_;
			} else {
				kxx_rcu_read_unlock();
				value_ = nullptr;
			}
		}

		const T *checked() const
		{
			if (__builtin_expect(!value_, 0))
				kxx_bug("access through an empty kxx::Revocable::Guard (revoked)");
			return value_;
		}

		// INVARIANT: null, or the T, with an RCU read section held that
		// began while it was available.
		const T *value_;
	};

	/* The T if not revoked, as a Guard (test it before use). */
	[[nodiscard]] Guard try_access() const & { return Guard(*this); }
	Guard try_access() const && = delete;

	/* Calls @f(const T&) inside an access if not revoked; whether it did. */
	template <class F> bool try_access_with(F &&f) const &
	{
		Guard g(*this);
		if (!g)
			return false;
		f(*g);
		return true;
	}

	/*
	 * Ends every access, then drops the T: true if this call dropped it
	 * (once: a second revoke, or a racing one, returns false, the racing
	 * one also after every access has ended).  Waits for
	 * a grace period, so it may sleep.  Inside an access (any RCU read
	 * section) it would wait for itself: that is reported; accesses
	 * that start later fail, and the drop is left to the next revoke() or
	 * the destructor.
	 */
	bool revoke() KXX_MIGHT_SLEEP
	{
		int available = Available;
		__atomic_compare_exchange_n(&state_, &available, Revoked, false, __ATOMIC_SEQ_CST,
					    __ATOMIC_RELAXED);
		if (__builtin_expect(kxx_rcu_read_held(), 0)) {
			KXX_WARN_MISUSE("kxx::Revocable::revoke() inside an RCU read section (an "
					"access): it cannot wait for itself; the T is dropped later");
			return false;
		}
		return drop();
	}

	/* Whether accesses still succeed (a hint: it may be revoked next). */
	bool is_available() const { return available(); }

private:
	bool available() const { return __atomic_load_n(&state_, __ATOMIC_RELAXED) == Available; }

	/* Revoked (or now revoking) and not dropped: drop it, once. */
	bool drop()
	{
		int available = Available;
		__atomic_compare_exchange_n(&state_, &available, Revoked, false, __ATOMIC_SEQ_CST,
					    __ATOMIC_RELAXED);
		int revoked = Revoked;
		if (!__atomic_compare_exchange_n(&state_, &revoked, Dropping, false,
						 __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
			// Another revoke() is dropping it: its accesses may still
			// run, so this one too waits for them before it returns.
			if (revoked == Dropping) {
				kxx_might_sleep();
				kxx_synchronize_rcu();
			}
			return false;
		}
		kxx_might_sleep();
		kxx_synchronize_rcu();
		// SAFETY: the state left Available before the grace period, so
		// every Guard holding the T began earlier and has ended; this
		// call alone moved the state to Dropping.
		value_.~T();
		__atomic_store_n(&state_, Dropped, __ATOMIC_RELEASE);
		return true;
	}

	union {
		T value_;
	};
	int state_;
};

} // namespace kxx

#endif /* KXX_SYNC_REVOCABLE_H */
