/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/sync/mutex.h - Mutex<T>: a sleeping lock that owns the T it protects.
 *
 * Wraps:     <linux/mutex.h> (__mutex_init with a class, mutex_lock,
 *            mutex_lock_nested, mutex_trylock, mutex_unlock, mutex_destroy) and
 *            <linux/kernel.h> (might_sleep) through src/lock.c and src/rcu.c.
 * Types:     Mutex<T>: a struct mutex and the T it protects.  Invariant: data_
 *            is reached only through a live Guard of this mutex or inside
 *            with(); the mutex is initialised with the lockdep class of its
 *            declaration (or the KXX_LOCK_CLASS() given), and is not held when
 *            the Mutex is destroyed.  Neither copied nor moved.
 *            Mutex<T>::Guard: the mutex held, from construction to
 *            destruction; neither copied nor moved, and scope-bound.
 *            Invariant: mutex_ is held by this thread while the Guard lives.
 * Contexts:  process context only, never in an atomic scope: lock() says
 *            might_sleep() first, so DEBUG_ATOMIC_SLEEP reports a lock in
 *            atomic context even when uncontended, and the Clang pass rejects
 *            lock(), lock_nested() and with() inside a spinlock or XArray
 *            Guard, an IrqGuard, a CpuGuard, an rcu::ReadGuard or a spinning
 *            Rcu Writer (sync/atomic_context.h).  Sleeping under a Mutex
 *            Guard is allowed (GFP_KERNEL, other mutexes).
 * Promises:  docs/soundness.md, "3. Locking" (Mutex rows) and "4. Contexts"
 *            (the Mutex Guard row; Blocking calls in atomic scopes).
 * Tests:     kunit/mutex_test.cpp (kxx_mutex: owns_and_drops_its_value,
 *            try_lock_fails_while_held,
 *            try_lock_in_interrupt_is_a_misuse_that_changes_nothing, sleeps_under_its_guard,
 *            same_class_nested_with_subclass, classes_named_after_declaration);
 *            compile-fail: mutex_guard_copy, mutex_guard_move,
 *            mutex_guard_temporary_deref, mutex_data_without_guard,
 *            mutex_in_hardirq, mutex_guard_const_temporary_get;
 *            clang-fail: mutex_guard_of_temporary_box, mutex_lock_under_own_guard,
 *            mutex_lock_under_spin_guard, mutex_lock_under_irq_guard,
 *            mutex_lock_under_cpu_guard, mutex_lock_under_read_guard,
 *            mutex_lock_under_xarray_guard, mutex_lock_under_spinning_writer.
 *
 *   Mutex<Config> config(Config{ 8 });
 *   {
 *           auto g = config.lock();      // mutex_lock: may sleep
 *           g->max = 16;
 *   }
 */
#ifndef KXX_SYNC_MUTEX_H
#define KXX_SYNC_MUTEX_H

#include <kxx/bindings.h>
#include <kxx/core/annotations.h>
#include <kxx/core/layout.h>
#include <kxx/core/move.h>
#include <kxx/core/traits.h>
#include <kxx/core/type_name.h>
#include <kxx/result/option.h>
#include <kxx/sync/atomic_context.h>
#include <kxx/sync/cpu_shared.h>
#include <kxx/sync/lock_class.h>
#include <kxx/sync/spin_lock.h> // detail::borrow_free_v, the with() rule both share

namespace kxx {

/*
 * A sleeping lock that owns the T it protects (Rust's Mutex<T>): the T is
 * reached only through a Guard or inside with().  Taking it may sleep:
 * process context only, never in an atomic scope; sleeping under it is fine.
 * Promises: docs/soundness.md, 3. Locking and 4. Contexts.
 */
template <class T> class KXX_CAPABILITY("mutex") Mutex {
public:
	class Guard;

	/*
	 * The mutex, with @value inside; lockdep classes as SpinLock's: one
	 * per declaration, or the LockClassKey given.
	 */
	explicit Mutex(T value, detail::Here at = detail::Here()) requires is_constructible_v<T, T &&>
	    : data_(move(value))
	{
		init_at(at);
	}
	template <class F>
	Mutex(InPlaceFn, F &&make, detail::Here at = detail::Here()) : data_(make())
	{
		init_at(at);
	}
	explicit Mutex(detail::Here at = detail::Here()) requires is_constructible_v<T> : data_()
	{
		init_at(at);
	}
	Mutex(LockClassKey &lock_class, T value) requires is_constructible_v<T, T &&>
	    : data_(move(value))
	{
		// INVARIANT: initialised, with a static key and its name.
		kxx_mutex_init(raw(), lock_class.raw(), lock_class.name);
	}

	Mutex(const Mutex &) = delete;
	Mutex &operator=(const Mutex &) = delete;
	Mutex(Mutex &&) = delete;
	Mutex &operator=(Mutex &&) = delete;

	~Mutex()
	{
		if (__builtin_expect(kxx_mutex_is_locked(raw()), 0))
			kxx_bug("kxx::Mutex destroyed while locked");
		kxx_mutex_destroy(raw());
	}

	/* Takes the mutex; may sleep (process context only). */
	[[nodiscard]] Guard lock() & KXX_LIFETIMEBOUND KXX_ACQUIRE(this) KXX_MIGHT_SLEEP
	    KXX_NO_THREAD_SAFETY_ANALYSIS
	{
		return Guard(*this);
	}
	Guard lock() && = delete;

	/* lock() at lockdep subclass @Subclass (1 to 7), as mutex_lock_nested(). */
	template <unsigned int Subclass>
	requires(Subclass >= 1 && Subclass < 8)
	[[nodiscard]] Guard lock_nested() & KXX_LIFETIMEBOUND KXX_ACQUIRE(this) KXX_MIGHT_SLEEP
	    KXX_NO_THREAD_SAFETY_ANALYSIS
	{
		kxx_mutex_lock_nested(raw(), Subclass);
		return Guard(*this, Guard::adopt);
	}
	template <unsigned int Subclass> Guard lock_nested() && = delete;

	/*
	 * Takes the mutex if it is free, without sleeping.  Not in an interrupt
	 * (a Mutex inside an Irqsave SpinLock's T gets there): a misuse report,
	 * and None.
	 */
	[[nodiscard]] KXX_EXCLUDES(this) Option<Guard> try_lock() & KXX_LIFETIMEBOUND
	{
		if (!kxx_mutex_trylock(raw()))
			return None;
		return Option<Guard>(in_place_fn, [&] { return Guard(*this, Guard::adopt); });
	}
	Option<Guard> try_lock() && = delete;

	/* f(T&) with the mutex held (f may sleep); its result comes back. */
	template <class F> KXX_EXCLUDES(this) KXX_MIGHT_SLEEP decltype(auto) with(F &&f) &
	{
		static_assert(detail::borrow_free_v<detail::with_result_t<F, T &>>,
			      KXX_LOCK_WITH_RESULT);
		Guard g(*this);
		return f(*g);
	}
	template <class F> decltype(auto) with(F &&f) && = delete;

	/* The name lockdep reports this mutex by (null without lockdep). */
	const char *lock_class_name() { return kxx_mutex_name(raw()); }

private:
	friend class Guard;

	void init_at(detail::Here at)
	{
		constexpr const char *type =
		    detail::Join<detail::Lit<"kxx::Mutex<">, detail::TypeName<T>,
				 detail::Lit<">">>::value.s;
		const char *name;
		auto *key = kxx_site_lock_class(type, nullptr, at.file, at.line, &name);
		// INVARIANT: initialised, with the declaration's static key.
		kxx_mutex_init(raw(), key, name);
	}

	struct mutex *raw()
	{
		// SAFETY: sized and aligned as struct mutex (layout header).
		return reinterpret_cast<struct mutex *>(&mutex_);
	}

	Opaque<KXX_SIZEOF_MUTEX, KXX_ALIGNOF_MUTEX> mutex_;
	T data_;
};

/* The mutex held: the only way to the T.  As SpinLock's Guard. */
template <class T> class KXX_SCOPED_CAPABILITY Mutex<T>::Guard {
public:
	/* A guard: lives in a scope only.  Lock: what it holds (for LockedBy). */
	using kxx_scope_bound = void;
	using Lock = Mutex;

	/* As m.lock(): might_sleep(), then mutex_lock(). */
	explicit Guard(Mutex &mutex) KXX_ACQUIRE(mutex) KXX_MIGHT_SLEEP : mutex_(&mutex)
	{
		kxx_mutex_lock_checked(mutex.raw());
	}
	~Guard() KXX_RELEASE() { kxx_mutex_unlock(mutex_->raw()); }
	Guard(const Guard &) = delete;
	Guard &operator=(const Guard &) = delete;
	Guard(Guard &&) = delete;
	Guard &operator=(Guard &&) = delete;

	/*
	 * The T, valid while this Guard lives (exclusive: no one else holds
	 * the mutex).  Not on a temporary Guard, which lets go at the semicolon.
	 */
	// SAFETY (every accessor): the mutex is held while this Guard lives; the
	// borrow cannot leave the Guard's scope (&-qualified, lifetimebound).
	T &operator*() & KXX_LIFETIMEBOUND { return mutex_->data_; }
	const T &operator*() const & KXX_LIFETIMEBOUND { return mutex_->data_; }
	T *operator->() & KXX_LIFETIMEBOUND { return &mutex_->data_; }
	const T *operator->() const & KXX_LIFETIMEBOUND { return &mutex_->data_; }
	T &operator*() && = delete;
	T *operator->() && = delete;
	// A const temporary (a helper returning `const Guard`) lends nothing either.
	const T &operator*() const && = delete;
	const T *operator->() const && = delete;

	/* The T, as operator*(). */
	T &get() & KXX_LIFETIMEBOUND { return mutex_->data_; }
	const T &get() const & KXX_LIFETIMEBOUND { return mutex_->data_; }
	T &get() && = delete;
	const T &get() const && = delete;

	/* Whether this Guard holds @mutex (LockedBy's check). */
	bool holds(const Mutex &mutex) const { return mutex_ == &mutex; }

private:
	friend class Mutex;
	static constexpr struct Adopt {
	} adopt{};
	Guard(Mutex &mutex, Adopt) : mutex_(&mutex) {}

	Mutex *mutex_;
};

/* Shared by every CPU, but lent as const to hard interrupts: it sleeps. */
template <class T> inline constexpr bool cpu_shared_v<Mutex<T>> = true;
template <class T> inline constexpr bool cpu_shared_const_v<Mutex<T>> = true;

} // namespace kxx

#endif /* KXX_SYNC_MUTEX_H */
