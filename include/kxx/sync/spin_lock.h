/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/sync/spin_lock.h - SpinLock<T, Flavour>: a spinlock that owns the T it protects.
 *
 * Wraps:     <linux/spinlock.h> (spin_lock_init with a class, spin_lock,
 *            spin_lock_irqsave, spin_lock_bh, their _nested and trylock forms
 *            and their unlocks) through src/lock.c and src/rcu.c.
 * Types:     SpinFlavour (Plain, Irqsave, Bh: how the lock is taken, fixed in
 *            the type); SpinLock<T, Flavour>: a spinlock_t and the T it
 *            protects.  Invariant: data_ is reached only through a live Guard
 *            of this lock or inside with(); the lock is initialised with the
 *            lockdep class of its declaration (or the KXX_LOCK_CLASS() given),
 *            and is not held when the SpinLock is destroyed.  Neither copied nor
 *            moved (LockedBy and held Guards point to it).
 *            SpinLock<T, Flavour>::Guard: the lock held, from construction to
 *            destruction; neither copied nor moved, and scope-bound.
 *            Invariant: lock_ is held by this thread while the Guard lives,
 *            irq_flags_ is the state to restore (Irqsave).
 * Contexts:  Plain: process context, and softirqs only if every user of the
 *            lock runs there; Bh: not in hard interrupts (but one inside an
 *            Irqsave lock's T, reached there, is taken as a plain lock);
 *            Irqsave: any.  Inside
 *            a Guard the context is atomic: nothing may sleep (the Clang pass
 *            rejects Mutex::lock and blocking gfps there:
 *            sync/atomic_context.h).
 * Promises:  docs/soundness.md, "3. Locking" (SpinLock rows: data only under
 *            the lock; lock classes; lock_nested) and "4. Contexts" (the
 *            SpinLock Guard rows; Blocking calls in atomic scopes).
 * Tests:     kunit/spin_lock_test.cpp (kxx_spin_lock: owns_and_drops_its_value,
 *            flavours_mask_what_they_say, try_lock_fails_while_held,
 *            with_returns_the_result, irqsave_lock_used_from_hardirq,
 *            bh_lock_nested_in_irqsave_lock_used_from_hardirq,
 *            bh_xarray_nested_in_irqsave_lock_used_from_hardirq,
 *            bh_lock_used_from_softirq, same_class_nested_with_subclass,
 *            classes_named_after_declaration); compile-fail:
 *            spin_guard_copy, spin_guard_move, spin_guard_temporary_deref,
 *            spin_guard_temporary_get, spin_data_without_guard,
 *            spin_with_returns_reference, spin_plain_lock_in_hardirq,
 *            spin_guard_const_temporary_deref; clang-fail:
 *            spin_borrow_outlives_guard, spin_guard_of_temporary_box, spin_field_without_guard,
 *            spin_lock_under_own_guard,
 *            mutex_lock_under_spin_guard, blocking_gfp_under_spin_guard.
 *
 *   SpinLock<Stats, SpinFlavour::Irqsave> stats;    // class "kxx::SpinLock<Stats> (irq, f.cpp:9)"
 *   {
 *           auto g = stats.lock();                  // spin_lock_irqsave
 *           g->hits++;                              // T only through the Guard
 *   }                                               // spin_unlock_irqrestore
 *   int n = stats.with([](Stats &s) { return s.hits; });
 */
#ifndef KXX_SYNC_SPIN_LOCK_H
#define KXX_SYNC_SPIN_LOCK_H

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

namespace kxx {

/* How a SpinLock is taken, as the kernel's spin_lock{,_irqsave,_bh}(). */
enum class SpinFlavour {
	Plain,	 // spin_lock(): every user in process context (or every one in softirq)
	Irqsave, // spin_lock_irqsave(): users in hard interrupts too; right in any context
	Bh,	 // spin_lock_bh(): users in softirqs (timers, tasklets) and process context
};

namespace detail {
/*
 * What with(f) may return: nothing that is itself a borrow of the data
 * (a reference or a pointer), which would outlive the lock.  A struct
 * holding one is not seen (docs/soundness.md, what C++ cannot enforce).
 */
template <class F, class A> using with_result_t = decltype(declval<F &>()(declval<A>()));
template <class R> inline constexpr bool borrow_free_v = !is_reference_v<R> && !is_pointer_v<R>;
#define KXX_LOCK_WITH_RESULT                                                                       \
	"with(): f returns a value, not a reference or pointer: it would be used after the "       \
	"lock is let go; copy the value out, or take a Guard"
} // namespace detail

/*
 * A spinlock that owns the T it protects (Rust's SpinLock<T>): the T is
 * reached only through a Guard (lock(), try_lock(), lock_nested()) or
 * inside with().  Flavour says how it is taken; while it is held nothing
 * may sleep.  Promises: docs/soundness.md, 3. Locking and 4. Contexts.
 */
template <class T, SpinFlavour Flavour = SpinFlavour::Plain>
class KXX_CAPABILITY("spinlock") SpinLock {
public:
	class Guard;

	/*
	 * The lock, with @value inside.  Lockdep sees one class per place a
	 * SpinLock is declared (and flavour), named after its type and that
	 * place; a LockClassKey (KXX_LOCK_CLASS("what")) names another.
	 */
	explicit SpinLock(T value, detail::Here at = detail::Here())
	    requires is_constructible_v<T, T &&>
	    : data_(move(value))
	{
		init_at(at);
	}
	/* T built in place from what @make() returns (any T, even unmovable). */
	template <class F>
	SpinLock(InPlaceFn, F &&make, detail::Here at = detail::Here()) : data_(make())
	{
		init_at(at);
	}
	explicit SpinLock(detail::Here at = detail::Here()) requires is_constructible_v<T>
	    : data_()
	{
		init_at(at);
	}
	SpinLock(LockClassKey &lock_class, T value) requires is_constructible_v<T, T &&>
	    : data_(move(value))
	{
		// INVARIANT: initialised, with a static key and its name.
		kxx_spin_lock_init(raw(), lock_class.raw(), lock_class.name);
	}

	SpinLock(const SpinLock &) = delete;
	SpinLock &operator=(const SpinLock &) = delete;
	SpinLock(SpinLock &&) = delete;
	SpinLock &operator=(SpinLock &&) = delete;

	/* T is dropped after this, with nothing holding the lock. */
	~SpinLock()
	{
		// A Guard outliving its lock (a SpinLock in a reset Option or
		// a reassigned Box) would unlock freed memory.
		if (__builtin_expect(kxx_spin_is_locked(raw()), 0))
			kxx_bug("kxx::SpinLock destroyed while locked");
	}

	/*
	 * Takes the lock (spins; Irqsave and Bh also mask interrupts or
	 * softirqs on this CPU).  Not on a temporary SpinLock.
	 */
	// (The body hands the Guard's capability to the caller, which Clang
	// cannot see inside it; callers are checked against the annotation.)
	[[nodiscard]] Guard lock() & KXX_LIFETIMEBOUND KXX_ACQUIRE(this) KXX_ENTERS_ATOMIC
	    KXX_NO_THREAD_SAFETY_ANALYSIS
	{
		return Guard(*this);
	}
	Guard lock() && = delete;

	/*
	 * lock() at lockdep subclass @Subclass (1 to 7; lock() is 0), as
	 * spin_lock_nested(): two locks of one class (declared at one place)
	 * held at once, always in the same order, which the driver keeps.
	 */
	template <unsigned int Subclass>
	requires(Subclass >= 1 && Subclass < 8)
	[[nodiscard]] Guard lock_nested() & KXX_LIFETIMEBOUND KXX_ACQUIRE(this) KXX_ENTERS_ATOMIC
	    KXX_NO_THREAD_SAFETY_ANALYSIS
	{
		return Guard(*this, Guard::adopt, lock_nested_raw(Subclass));
	}
	template <unsigned int Subclass> Guard lock_nested() && = delete;

	/* Takes the lock if it is free, without spinning. */
	[[nodiscard]] KXX_EXCLUDES(this) Option<Guard> try_lock() & KXX_LIFETIMEBOUND
	{
		unsigned long irq_flags = 0;
		if (!trylock_raw(irq_flags))
			return None;
		return Option<Guard>(in_place_fn, [&] { return Guard(*this, Guard::adopt, irq_flags); });
	}
	Option<Guard> try_lock() && = delete;

	/*
	 * f(T&) under the lock; its result (a value, not a borrow of T) comes
	 * back.  f must not sleep.
	 */
	template <class F> KXX_EXCLUDES(this) decltype(auto) with(F &&f) &
	{
		static_assert(detail::borrow_free_v<detail::with_result_t<F, T &>>,
			      KXX_LOCK_WITH_RESULT);
		Guard g(*this);
		return f(*g);
	}
	template <class F> decltype(auto) with(F &&f) && = delete;

	/* The name lockdep reports this lock by (null without lockdep). */
	const char *lock_class_name() { return kxx_spin_lock_name(raw()); }

private:
	friend class Guard;

	void init_at(detail::Here at)
	{
		constexpr const char *type =
		    detail::Join<detail::Lit<"kxx::SpinLock<">, detail::TypeName<T>,
				 detail::Lit<">">>::value.s;
		const char *flavour = Flavour == SpinFlavour::Irqsave ? "irq"
				      : Flavour == SpinFlavour::Bh    ? "bh"
								      : nullptr;
		const char *name;
		auto *key = kxx_site_lock_class(type, flavour, at.file, at.line, &name);
		// INVARIANT: initialised, with the declaration's static key.
		kxx_spin_lock_init(raw(), key, name);
	}

	/* Each flavour's lock, as C would call it; returns the state to restore. */
	KXX_INLINE unsigned long lock_raw()
	{
		if constexpr (Flavour == SpinFlavour::Irqsave)
			return kxx_spin_lock_irqsave(raw());
		if constexpr (Flavour == SpinFlavour::Bh)
			kxx_spin_lock_bh(raw());
		if constexpr (Flavour == SpinFlavour::Plain)
			kxx_spin_lock(raw());
		return 0;
	}
	unsigned long lock_nested_raw(unsigned int subclass)
	{
		if constexpr (Flavour == SpinFlavour::Irqsave)
			return kxx_spin_lock_irqsave_nested(raw(), subclass);
		if constexpr (Flavour == SpinFlavour::Bh)
			kxx_spin_lock_bh_nested(raw(), subclass);
		if constexpr (Flavour == SpinFlavour::Plain)
			kxx_spin_lock_nested(raw(), subclass);
		return 0;
	}
	bool trylock_raw(unsigned long &irq_flags)
	{
		if constexpr (Flavour == SpinFlavour::Irqsave)
			return kxx_spin_trylock_irqsave(raw(), &irq_flags);
		if constexpr (Flavour == SpinFlavour::Bh)
			return kxx_spin_trylock_bh(raw());
		return kxx_spin_trylock(raw());
	}
	KXX_INLINE void unlock_raw(unsigned long irq_flags)
	{
		if constexpr (Flavour == SpinFlavour::Irqsave)
			kxx_spin_unlock_irqrestore(raw(), irq_flags);
		if constexpr (Flavour == SpinFlavour::Bh)
			kxx_spin_unlock_bh(raw());
		if constexpr (Flavour == SpinFlavour::Plain)
			kxx_spin_unlock(raw());
	}

	struct spinlock *raw()
	{
		// SAFETY: sized and aligned as spinlock_t (layout header).
		return reinterpret_cast<struct spinlock *>(&lock_);
	}

	Opaque<KXX_SIZEOF_SPINLOCK, KXX_ALIGNOF_SPINLOCK> lock_;
	T data_;
};

/*
 * The lock held: the only way to the T (with() uses one too).  Neither
 * copied nor moved: the lock's extent is the Guard's scope.  Every borrow
 * it lends is &-qualified: `*s.lock()` does not compile, since the lock
 * would be gone at the semicolon.
 */
template <class T, SpinFlavour Flavour>
class KXX_SCOPED_CAPABILITY SpinLock<T, Flavour>::Guard {
public:
	/* A guard: lives in a scope only.  Lock: what it holds (for LockedBy). */
	using kxx_scope_bound = void;
	using Lock = SpinLock;

	/* As s.lock(). */
	explicit Guard(SpinLock &lock) KXX_ACQUIRE(lock) KXX_ENTERS_ATOMIC
	    : lock_(&lock), irq_flags_(lock.lock_raw())
	{}
	~Guard() KXX_RELEASE() { lock_->unlock_raw(irq_flags_); }
	Guard(const Guard &) = delete;
	Guard &operator=(const Guard &) = delete;
	Guard(Guard &&) = delete;
	Guard &operator=(Guard &&) = delete;

	/*
	 * The T, valid while this Guard lives (exclusive: no one else holds
	 * the lock).  Not on a temporary Guard, which lets go at the semicolon.
	 */
	// SAFETY (every accessor): the lock is held while this Guard lives, so no
	// one else reaches data_; the borrow cannot leave the Guard's scope
	// (&-qualified, lifetimebound).
	T &operator*() & KXX_LIFETIMEBOUND { return lock_->data_; }
	const T &operator*() const & KXX_LIFETIMEBOUND { return lock_->data_; }
	T *operator->() & KXX_LIFETIMEBOUND { return &lock_->data_; }
	const T *operator->() const & KXX_LIFETIMEBOUND { return &lock_->data_; }
	T &operator*() && = delete;
	T *operator->() && = delete;
	// A const temporary (a helper returning `const Guard`) lends nothing either.
	const T &operator*() const && = delete;
	const T *operator->() const && = delete;

	/* The T, as operator*(). */
	T &get() & KXX_LIFETIMEBOUND { return lock_->data_; }
	const T &get() const & KXX_LIFETIMEBOUND { return lock_->data_; }
	T &get() && = delete;
	const T &get() const && = delete;

	/* Whether this Guard holds @lock (LockedBy's check). */
	bool holds(const SpinLock &lock) const { return lock_ == &lock; }

private:
	friend class SpinLock;
	static constexpr struct Adopt {
	} adopt{};
	/* The lock already taken (lock_nested, try_lock). */
	Guard(SpinLock &lock, Adopt, unsigned long irq_flags) : lock_(&lock), irq_flags_(irq_flags)
	{}

	SpinLock *lock_;
	unsigned long irq_flags_; // Irqsave: the state to restore
};

/*
 * Every CPU may use one SpinLock at once: that is what it is for.
 * on_each_cpu()'s callable runs in hard interrupts, where only an Irqsave
 * lock may be taken (a plain or BH one would deadlock against a holder the
 * interrupt stopped): the others are lent there as const, which cannot lock.
 */
template <class T, SpinFlavour F> inline constexpr bool cpu_shared_v<SpinLock<T, F>> = true;
template <class T, SpinFlavour F>
inline constexpr bool cpu_shared_const_v<SpinLock<T, F>> = F != SpinFlavour::Irqsave;

} // namespace kxx

#endif /* KXX_SYNC_SPIN_LOCK_H */
