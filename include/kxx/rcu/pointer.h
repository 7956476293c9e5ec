/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/rcu/pointer.h - Rcu<P>: an RCU-protected owning pointer.
 *
 * Wraps:     <linux/rcupdate.h> (rcu_dereference, rcu_assign_pointer,
 *            rcu_dereference_protected), <linux/mutex.h> and <linux/spinlock.h>
 *            (the writers' lock) through src/rcu.c.
 * Types:     Rcu<P, RcuWriters, Flavour> (Flavour: detail::RcuFlavour by
 *            default; Srcu<P> is the SRCU one, rcu/srcu_pointer.h) and its
 *            Writer (the writers' lock held; neither copied nor moved,
 *            scope-bound).  Invariant: ptr_ is null, or came
 *            from into_foreign() and is owned by this Rcu; it is written only
 *            with the writers' lock held, with rcu_assign_pointer().
 *            cpu_shared_v<Rcu> (below).
 * Contexts:  dereference(): any, under a read guard.  Writers:
 *            RcuWriters::Mutex, process context (may sleep);
 *            RcuWriters::SpinIrqsave, any (must not sleep).
 * Promises:  docs/soundness.md, "2. Borrows" (lockless reads need a live read
 *            guard), "3. Locking" (an Rcu's writers are exclusive) and "4.
 *            Contexts" (the Rcu writer rows).
 * Tests:     kunit/rcu_test.cpp (kxx_rcu: rust_example_replace_under_reader,
 *            copy_update_builds_from_old_and_none_empties,
 *            concurrent_writers_are_serialised, readers_clone_owned_arcs,
 *            writer_lock_named_after_the_type,
 *            spinning_writers_from_hard_interrupts, mutex_writers_may_sleep,
 *            readers_on_every_cpu_see_whole_objects), kunit/stress_test.cpp
 *            (kxx_stress.rcu_replaced_under_readers); compile-fail: rcu_copy,
 *            rcu_dereference_without_guard, rcu_dereference_temporary_guard,
 *            rcu_spinning_writer_copy_update_box,
 *            rcu_spinning_writer_drops_box_under_lock,
 *            on_each_cpu_shares_rcu_writer; clang-fail:
 *            rcu_write_under_own_writer, rcu_borrow_outlives_read_guard,
 *            mutex_lock_under_spinning_writer, rcu_mutex_writers_under_read_guard
 *            (a spinning Writer's scope is atomic; mutex writers' write(),
 *            replace() and copy_update() may sleep: sync/atomic_context.h).
 *
 *   Rcu<P, RcuWriters::Mutex>
 *                    an RCU-protected owning pointer to a P (or empty).
 *                    Readers dereference() under a ReadGuard, in any
 *                    context; writers replace() or copy_update() and get
 *                    the old value back as an RcuOld<P>.  Writers are
 *                    exclusive: they serialise on a mutex inside the Rcu,
 *                    so they may sleep (copy_update()'s function may
 *                    allocate with GFP_KERNEL) and run in process context
 *                    only (mutex_lock's might_sleep() reports any other).
 *                    The default.
 *   Rcu<P, RcuWriters::SpinIrqsave>
 *                    the same with writers serialised on a spinlock taken
 *                    irqsave: a writer may run in any context (hard and soft
 *                    interrupts, under other spinlocks, inside a read-side
 *                    section), and copy_update()'s function must not sleep
 *                    (GFP_ATOMIC).
 *   Rcu<P>::Writer   the writers' lock held, for several updates at once,
 *                    and get(): the current value as a writer sees it
 *                    (rcu_dereference_protected(p, lockdep_is_held(lock))).
 *
 * Frees through RCU (RcuBox, RcuArc, RcuOld) run module code:
 * KXX_MODULE_EXIT() (kxx/module.h) waits for them before the module goes.
 */
#ifndef KXX_RCU_POINTER_H
#define KXX_RCU_POINTER_H

#include <kxx/bindings.h>
#include <kxx/core/annotations.h>
#include <kxx/core/layout.h>
#include <kxx/core/type_name.h>
#include <kxx/foreign/rcu_freed.h>
#include <kxx/rcu/flavour.h>
#include <kxx/rcu/old.h>
#include <kxx/rcu/read.h>
#include <kxx/result/result.h>
#include <kxx/sync/cpu_shared.h>
#include <kxx/sync/atomic_context.h>
#include <kxx/sync/lock_class.h>

namespace kxx {

/*
 * How an Rcu's writers exclude each other: Mutex (they may sleep; process
 * context) or SpinIrqsave (any context, never sleeping).
 */
enum class RcuWriters {
	Mutex,	     // writers may sleep; process context only
	SpinIrqsave, // writers may run anywhere; they must not sleep
};

#define KXX_RCU_OLD_UNDER_SPINNING_WRITER                                                          \
	"an update through a spinning Writer hands back an RcuOld whose drop waits for a grace "    \
	"period, under the writers' lock with interrupts off: use Rcu::replace()/copy_update() "    \
	"(they let the lock go first), RcuBox/RcuArc, or RcuWriters::Mutex"

/*
 * An RCU-protected pointer owning its P (__rcu, rcu_assign_pointer):
 * readers dereference() it under an rcu::ReadGuard, never blocking;
 * writers replace it, one at a time (RcuWriters), and get the old value
 * back as an RcuOld.  Promises: docs/soundness.md, 2. Borrows, 3. Locking.
 *
 * @Flavour: whose readers and grace periods (detail::RcuFlavour, classic
 * RCU; detail::SrcuFlavour for Srcu<P>, rcu/srcu_pointer.h, which holds its
 * domain).  Everything else is the one writer model.
 */
template <foreign_ownable P, RcuWriters Writers = RcuWriters::Mutex,
	  class Flavour = detail::RcuFlavour>
class KXX_CAPABILITY("rcu writers") Rcu {
	using Foreign = ForeignOwnable<P>;
	using Old = RcuOld<P, Flavour>;
	static constexpr bool sleepable = Writers == RcuWriters::Mutex;
	static constexpr bool may_self_free = Flavour::template may_self_free<P>;

public:
	/* What dereference() lends: under a writer, and under a read guard. */
	using Borrowed = typename Foreign::Borrowed;
	using ReaderBorrowed = typename Flavour::template ReaderBorrowed<P>;
	using ReadGuard = typename Flavour::ReadGuard;
	class Writer;

	/*
	 * The writers' lock gets one lockdep class per Rcu<P, Writers> type,
	 * named after it, unless @lock_class names another (KXX_LOCK_CLASS()).
	 */
	explicit Rcu(LockClassKey &lock_class = type_lock_class()) requires Flavour::rcu
	    : Rcu(Flavour(), lock_class)
	{}
	explicit Rcu(P value, LockClassKey &lock_class = type_lock_class()) requires Flavour::rcu
	    : Rcu(Flavour(), move(value), lock_class)
	{}
	/* With the flavour's state: an Srcu<P> is made from its SrcuDomain. */
	explicit Rcu(Flavour flavour, LockClassKey &lock_class = type_lock_class())
	    : ptr_(nullptr), flavour_(move(flavour))
	{
		if constexpr (sleepable)
			kxx_mutex_init(mutex(), lock_class.raw(), lock_class.name);
		else
			kxx_spin_lock_init(spinlock(), lock_class.raw(), lock_class.name);
	}
	explicit Rcu(Flavour flavour, P value, LockClassKey &lock_class = type_lock_class())
	    : Rcu(move(flavour), lock_class)
	{
		// No reader can see this Rcu yet: a plain store publishes it.
		ptr_ = Foreign::into_foreign(move(value));
	}

	Rcu(const Rcu &) = delete;
	Rcu &operator=(const Rcu &) = delete;
	Rcu(Rcu &&) = delete;
	Rcu &operator=(Rcu &&) = delete;

	/*
	 * Drops the value.  Emptied first, so a ~T that writes this Rcu again
	 * finds it empty.  As RcuOld: never blocks for RcuBox/RcuArc; for
	 * other owners waits for a grace period, and says might_sleep() even
	 * when empty, so destroying one in atomic context is reported on the
	 * first run, not only on the rare one where it holds a value.
	 */
	~Rcu()
	{
		// A Writer outliving its Rcu (the Rcu in a reset Option or a
		// reassigned Box) would unlock freed memory.
		if (__builtin_expect(writers_locked(), 0))
			kxx_bug("kxx::Rcu destroyed while a Writer holds its lock");
		void *p = exchange(ptr_, nullptr);
		if constexpr (!may_self_free)
			kxx_might_sleep();
		if (p) {
			// SAFETY: destruction is exclusive; an owner that frees
			// itself after a grace period does; otherwise the grace
			// period ended every reader that could have seen p.
			Old dropped(p, flavour_);
		}
		if constexpr (sleepable)
			kxx_mutex_destroy(mutex());
	}

	/*
	 * The current value, valid while @guard lives; null when empty.  For
	 * owners freed after a grace period (RcuBox, RcuArc) the old value is
	 * dropped at once when replaced, so the borrow is theirs for lockless
	 * readers (an RcuArc's may only try_clone()); for others RcuOld keeps
	 * the old owner alive through the grace period.
	 */
	ReaderBorrowed dereference(const ReadGuard &guard KXX_LIFETIMEBOUND) const
	{
		return Flavour::template reader_borrow<P>(flavour_.dereference(&ptr_, guard));
	}
	/* A temporary guard would end before the borrow is used. */
	ReaderBorrowed dereference(const ReadGuard &&) const = delete;

	/* Takes the writers' lock (may sleep for RcuWriters::Mutex). */
	// (Two forms, so that a spinning Writer's scope is atomic to the
	// Clang pass and a mutex Writer's lock may sleep: atomic_context.h.)
	[[nodiscard]] KXX_ACQUIRE(this) KXX_MIGHT_SLEEP KXX_NO_THREAD_SAFETY_ANALYSIS
	Writer write() & requires sleepable
	{
		return Writer(*this);
	}
	[[nodiscard]] KXX_ACQUIRE(this) KXX_ENTERS_ATOMIC KXX_NO_THREAD_SAFETY_ANALYSIS
	Writer write() & requires(!sleepable)
	{
		return Writer(*this);
	}
	Writer write() && = delete;

	/*
	 * Publishes @value; the old one (if any) comes back to be freed.
	 * (Two forms, as write(): with mutex writers it may sleep.)
	 */
	KXX_EXCLUDES(this) KXX_MIGHT_SLEEP Option<Old> replace(P value) requires sleepable
	{
		return replace_locked(move(value));
	}
	KXX_EXCLUDES(this) Option<Old> replace(P value) requires(!sleepable)
	{
		return replace_locked(move(value));
	}

	/*
	 * Read-copy-update: @f gets the current value (null if empty) and
	 * returns the next (None to empty the pointer), with the writers'
	 * lock held: for RcuWriters::Mutex @f may sleep (allocate with
	 * GFP_KERNEL); for SpinIrqsave it must not.  @f must not write this
	 * Rcu itself (it holds the lock).
	 */
	template <class F>
	KXX_EXCLUDES(this) KXX_MIGHT_SLEEP Option<Old> copy_update(F &&f) requires sleepable
	{
		Writer w(*this);
		return w.update(forward<F>(f)); // the old value outlives w
	}
	template <class F>
	KXX_EXCLUDES(this) Option<Old> copy_update(F &&f) requires(!sleepable)
	{
		Writer w(*this);
		return w.update(forward<F>(f));
	}

	/* The name lockdep reports the writers' lock by (null without lockdep). */
	const char *lock_class_name()
	{
		if constexpr (sleepable)
			return kxx_mutex_name(mutex());
		else
			return kxx_spin_lock_name(spinlock());
	}

	/* The writers' lock held: exclusive access to the pointer. */
	class KXX_SCOPED_CAPABILITY Writer {
	public:
		/* A guard: lives in a scope only. */
		using kxx_scope_bound = void;

		/* Takes the writers' lock (Mutex: may sleep). */
		KXX_ACQUIRE(rcu) KXX_MIGHT_SLEEP explicit Writer(Rcu &rcu) requires sleepable
		    : rcu_(&rcu), irq_flags_(rcu.lock())
		{}
		KXX_ACQUIRE(rcu) KXX_ENTERS_ATOMIC explicit Writer(Rcu &rcu) requires(!sleepable)
		    : rcu_(&rcu), irq_flags_(rcu.lock())
		{}
		~Writer() KXX_RELEASE() { rcu_->unlock(irq_flags_); }
		Writer(const Writer &) = delete;
		Writer &operator=(const Writer &) = delete;
		Writer(Writer &&) = delete;
		Writer &operator=(Writer &&) = delete;

		/*
		 * The current value (null if empty), valid while this Writer
		 * lives and until the next update through it (which hands the
		 * value back as an RcuOld; dropping that frees it).
		 */
		Borrowed get() const & KXX_LIFETIMEBOUND { return Foreign::borrow(rcu_->current()); }
		Borrowed get() const && = delete;

		/*
		 * Publishes @value; the old one (if any) comes back to be freed.
		 * Under a spinning Writer only for RcuBox/RcuArc: the RcuOld of
		 * another owner waits for a grace period when dropped, and C++
		 * drops it before the Writer declared ahead of it, under the lock
		 * with interrupts off.
		 */
		Option<Old> replace(P value)
		{
			static_assert(sleepable || may_self_free, KXX_RCU_OLD_UNDER_SPINNING_WRITER);
			check_not_in_update();
			void *next = Foreign::into_foreign(move(value));
			void *old = rcu_->current();
			kxx_rcu_assign_pointer(&rcu_->ptr_, next);
			return unpublished(old, rcu_->flavour_);
		}

		/*
		 * Read-copy-update, as Rcu::copy_update().  @f must not update this Rcu through this Writer: it would free
		 * the value @f is reading.  That stops with BUG() (the lock is
		 * already held, so a self-locking update deadlocks instead).
		 */
		template <class F> Option<Old> copy_update(F &&f)
		{
			static_assert(sleepable || may_self_free, KXX_RCU_OLD_UNDER_SPINNING_WRITER);
			return update(forward<F>(f));
		}

	private:
		friend class Rcu;

		template <class F> Option<Old> update(F &&f)
		{
			check_not_in_update();
			void *old = rcu_->current();
			in_update_ = true;
			Option<P> next = f(Foreign::borrow(old));
			in_update_ = false;
			void *next_ptr =
			    next.is_some() ? Foreign::into_foreign(move(next).value()) : nullptr;
			kxx_rcu_assign_pointer(&rcu_->ptr_, next_ptr);
			return unpublished(old, rcu_->flavour_);
		}

	private:
		/* Folds away unless a copy_update() function can reach this Writer. */
		void check_not_in_update() const
		{
			if (__builtin_expect(in_update_, 0))
				kxx_bug("kxx::Rcu::Writer updated from inside its own copy_update()");
		}

		Rcu *rcu_;
		unsigned long irq_flags_; // SpinIrqsave: the state to restore
		bool in_update_ = false;   // inside copy_update()'s function
	};

private:
	// (No Writer local: GCC's INIT_STACK_ALL_ZERO would clear it on
	// every call.  The lock is this function's own, from here to unlock.)
	// (No Writer local: GCC's INIT_STACK_ALL_ZERO would clear it on
	// every call.  The lock is this function's own, from here to unlock.)
	KXX_INLINE Option<Old> replace_locked(P value) KXX_NO_THREAD_SAFETY_ANALYSIS
	{
		void *next = Foreign::into_foreign(move(value));
		unsigned long irq_flags = lock();
		void *old = current();
		kxx_rcu_assign_pointer(&ptr_, next);
		unlock(irq_flags);
		return unpublished(old, flavour_);
	}

	/* The value just taken out of the pointer, as an RcuOld (or None). */
	static Option<Old> unpublished(void *old, const Flavour &flavour)
	{
		if (!old)
			return None;
		return Option<Old>(in_place_fn, [old, &flavour] { return Old(old, flavour); });
	}

	bool writers_locked()
	{
		if constexpr (sleepable)
			return kxx_mutex_is_locked(mutex());
		else
			return kxx_spin_is_locked(spinlock());
	}
	unsigned long lock()
	{
		if constexpr (sleepable) {
			kxx_mutex_lock(mutex());
			return 0;
		} else {
			return kxx_spin_lock_irqsave(spinlock());
		}
	}
	void unlock(unsigned long irq_flags)
	{
		if constexpr (sleepable)
			kxx_mutex_unlock(mutex());
		else
			kxx_spin_unlock_irqrestore(spinlock(), irq_flags);
	}
	/* The pointer, for a writer (lockdep checks the lock is held). */
	void *current()
	{
		if constexpr (sleepable)
			return kxx_rcu_dereference_mutex(&ptr_, mutex());
		else
			return kxx_rcu_dereference_writer(&ptr_, spinlock());
	}

	struct mutex *mutex()
	{
		// SAFETY: sized and aligned as struct mutex (layout header).
		return reinterpret_cast<struct mutex *>(&writers_);
	}
	struct spinlock *spinlock()
	{
		// SAFETY: sized and aligned as spinlock_t (layout header).
		return reinterpret_cast<struct spinlock *>(&writers_);
	}

	struct TypeSite {
		constexpr const char *operator()() const
		{
			return detail::Join<detail::Lit<Flavour::name>, detail::TypeName<P>,
					    conditional_t<sleepable, detail::Lit<">::writers (mutex)">,
							  detail::Lit<">::writers (spin)">>>::value.s;
		}
	};
	static LockClassKey &type_lock_class() { return detail::lock_class_at(TypeSite{}); }

	// INVARIANT: null, or from into_foreign() and owned by this Rcu.
	// Written only with the writers' lock held, with rcu_assign_pointer().
	void *ptr_;
	[[no_unique_address]] Flavour flavour_; // RCU: empty; SRCU: the domain
	conditional_t<sleepable, Opaque<KXX_SIZEOF_MUTEX, KXX_ALIGNOF_MUTEX>,
		      Opaque<KXX_SIZEOF_SPINLOCK, KXX_ALIGNOF_SPINLOCK>>
	    writers_;
};

/*
 * Every CPU may use one Rcu at once: readers need a read guard, writers
 * lock.  In on_each_cpu()'s hard-interrupt callable a mutex writer would
 * sleep: a mutex-writer Rcu is lent as const there, for readers only.
 */
template <foreign_ownable P, RcuWriters W> inline constexpr bool cpu_shared_v<Rcu<P, W>> = true;
template <foreign_ownable P, RcuWriters W>
inline constexpr bool cpu_shared_const_v<Rcu<P, W>> = W == RcuWriters::Mutex;

} // namespace kxx

#endif /* KXX_RCU_POINTER_H */
