/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/rcu.h - RCU read guards, RCU-protected owning pointers, deferred frees.
 *
 *   rcu::ReadGuard   rcu_read_lock() for its lifetime.  Every lockless read
 *                    takes a `const ReadGuard&`, so a read outside a
 *                    read-side critical section cannot be written.
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
 *   RcuOld<P>        an unpublished old value.  For owners freed after a
 *                    grace period (RcuBox, RcuArc) dropping it never blocks;
 *                    for others it waits for one (synchronize_rcu: it says
 *                    might_sleep() first, so DEBUG_ATOMIC_SLEEP reports a
 *                    drop in atomic context at once), and defer(gfp) frees
 *                    it after a grace period without blocking instead.
 *   RcuBox<T>        like Box<T>, but destroying it frees T after a grace
 *                    period through call_rcu(): never blocks, safe in atomic
 *                    context.  A T with a non-trivial destructor is destroyed
 *                    in process context, where it may sleep and take any
 *                    lock.  It is foreign_ownable, and it is what makes
 *                    lockless XArray::load() sound.
 *
 * A module that frees through RCU (RcuBox, RcuArc, RcuOld) must call
 * rcu::barrier() before its exit returns: the callbacks and destructors are
 * module code.
 */
#ifndef KXX_RCU_H
#define KXX_RCU_H

#include <kxx/alloc.h>
#include <kxx/atomic.h>
#include <kxx/bindings.h>
#include <kxx/foreign.h>
#include <kxx/layout.h>
#include <kxx/result.h>
#include <kxx/utility.h>

namespace kxx {
namespace rcu {

/* Evidence that this thread is in an RCU read-side critical section. */
class [[nodiscard]] ReadGuard {
public:
	using kxx_scope_bound = void; // lives in a scope, never in an Option or a heap object

	ReadGuard() { kxx_rcu_read_lock(); }
	~ReadGuard() { kxx_rcu_read_unlock(); }
	ReadGuard(const ReadGuard &) = delete;
	ReadGuard &operator=(const ReadGuard &) = delete;
	ReadGuard(ReadGuard &&) = delete;
	ReadGuard &operator=(ReadGuard &&) = delete;
};

/* Enters a read-side critical section (guaranteed copy elision). */
[[nodiscard]] inline ReadGuard read_lock()
{
	return ReadGuard();
}

/* Waits for a grace period: every reader that started before has finished. */
inline void synchronize()
{
	kxx_synchronize_rcu();
}

/*
 * Waits until every deferred free of this module has run: RCU callbacks,
 * the destructors they handed to process context, and whatever those freed
 * through RCU in turn.  Call it from the module's exit.
 */
inline void barrier()
{
	kxx_rcu_barrier();
}

} // namespace rcu

/*
 * Whether an owner's memory stays valid until a grace period after it is
 * dropped, so a reader under rcu::ReadGuard may use a borrow of it even
 * while a writer removes and drops it.  True for RcuBox<T>.
 */
template <class P> inline constexpr bool rcu_freed_v = false;
template <class P>
concept rcu_freed = foreign_ownable<P> && rcu_freed_v<P>;

/* --- RcuBox ------------------------------------------------------------------ */

template <class T> class RcuBox {
	/*
	 * T first, so the pointer handed to C *is* the T*: borrowing costs
	 * nothing.  The rcu_head follows it, as in a C struct freed by
	 * call_rcu(), and the callback is free() below: one per T, so nothing
	 * but call_rcu()'s own stores is written to queue the free.
	 */
	using Head = Opaque<KXX_SIZEOF_RCU_HEAD, KXX_ALIGNOF_RCU_HEAD>;
	struct Inner {
		template <class... Args> explicit Inner(Args &&...args)
		    : value(forward<Args>(args)...)
		{}
		T value;
		Head head;
	};
	/* Where head is: right after value, aligned (Inner has no other members). */
	static constexpr size_t head_offset =
	    (sizeof(T) + alignof(Head) - 1) / alignof(Head) * alignof(Head);
	using Free = detail::RcuFree<Inner, head_offset>;
	static_assert(!scope_bound_v<T>, "a guard lives in a scope, not in an RcuBox");

public:
	template <class... Args> [[nodiscard]] static Result<RcuBox> make(Gfp gfp, Args &&...args)
	{
		Inner *inner = detail::kmalloc_new<Inner>(gfp, forward<Args>(args)...);
		if (!inner)
			return code::ENOMEM;
		// INVARIANT: a live allocation owned only here.
		return RcuBox(inner);
	}

	RcuBox(RcuBox &&other) : inner_(exchange(other.inner_, nullptr)) {}
	/* Takes other's pointer first, then drops the old T (see Box). */
	RcuBox &operator=(RcuBox &&other)
	{
		Inner *old = exchange(inner_, exchange(other.inner_, nullptr));
		if (old)
			Free::queue(old);
		return *this;
	}
	RcuBox(const RcuBox &) = delete;
	RcuBox &operator=(const RcuBox &) = delete;
	// SAFETY: inner_ is owned here; after a grace period no reader can
	// still hold a borrow of it, and then Free destroys T and frees the
	// memory, once (in process context unless ~T is trivial).
	~RcuBox()
	{
		if (Inner *inner = exchange(inner_, nullptr))
			Free::queue(inner);
	}

	/*
	 * Read-only access: once published, lockless readers may be looking
	 * at the T, and after a removal they still may until the grace
	 * period ends, so nobody may change it in place (or move its owned
	 * members out).  Build the T complete with make(); change shared
	 * state through types made for it (kxx::Atomic).  A moved-from
	 * RcuBox has no T: using it stops with BUG().
	 */
	const T &operator*() const & { return checked()->value; }
	const T *operator->() const { return &checked()->value; }
	const T *get() const & { return inner_ ? &inner_->value : nullptr; }
	/* A temporary RcuBox frees its T (after a grace period) at the end of the expression. */
	const T &operator*() const && = delete;
	const T *get() const && = delete;
	explicit operator bool() const { return inner_ != nullptr; }

	[[nodiscard]] void *into_raw() { return exchange(inner_, nullptr); }
	/* Takes back a non-null pointer from into_raw() (as Box::from_raw). */
	[[nodiscard]] static RcuBox from_raw(const void *raw)
	{
		if (!raw)
			__builtin_unreachable();
		return RcuBox(static_cast<Inner *>(const_cast<void *>(raw)));
	}
	// SAFETY: value is at offset 0 of Inner, so the pointers are equal,
	// and null stays null without a branch.
	static const T *borrow_raw(const void *raw) { return static_cast<const T *>(raw); }

	static constexpr size_t inner_align = alignof(Inner);

private:
	explicit RcuBox(Inner *inner) : inner_(inner) {}

	Inner *checked() const
	{
		if (__builtin_expect(!inner_, 0))
			kxx_bug("use of a moved-from kxx::RcuBox");
		return inner_;
	}

	Inner *inner_;
};

template <class T> struct ForeignOwnable<RcuBox<T>> : UniqueForeign<RcuBox<T>, T, const T *> {
	static constexpr size_t align =
	    detail::max_align(RcuBox<T>::inner_align, KXX_KMALLOC_MINALIGN);
};

template <class T> inline constexpr bool rcu_freed_v<RcuBox<T>> = true;
template <class T> inline constexpr bool rcu_freed_v<RcuArc<T>> = true;

/* --- RcuOld ------------------------------------------------------------------ */

enum class RcuWriters {
	Mutex,	     // writers may sleep; process context only
	SpinIrqsave, // writers may run anywhere; they must not sleep
};

template <class P> class [[nodiscard]] RcuOld {
	using Foreign = ForeignOwnable<P>;

public:
	RcuOld(RcuOld &&other) : ptr_(exchange(other.ptr_, nullptr)) {}
	RcuOld(const RcuOld &) = delete;
	RcuOld &operator=(const RcuOld &) = delete;
	RcuOld &operator=(RcuOld &&) = delete;

	/*
	 * Drops the value once no reader can see it.  For owners freed after
	 * a grace period that is now (the owner defers its own free), and
	 * never blocks.  For others it waits for a grace period, so it may
	 * sleep: might_sleep() first, so a drop in atomic context is reported
	 * every time.  (An RcuOld holds a value unless it was moved from or
	 * deferred, which blocks nothing.)
	 */
	~RcuOld()
	{
		if constexpr (rcu_freed<P>) {
			if (void *p = exchange(ptr_, nullptr))
				Foreign::from_foreign(p);
		} else {
			if (void *p = exchange(ptr_, nullptr)) {
				kxx_might_sleep();
				rcu::synchronize();
				// SAFETY: unpublished before the grace period, so
				// no reader can still see it; the value is ours.
				Foreign::from_foreign(p);
			}
		}
	}

	/* A shared view, for a writer that wants to look at the old value. */
	typename Foreign::Borrowed get() const KXX_LIFETIMEBOUND { return Foreign::borrow(ptr_); }

	/* Drops it now (the owner frees after a grace period): never blocks. */
	void defer() && requires rcu_freed<P>
	{
		if (void *p = exchange(ptr_, nullptr))
			Foreign::from_foreign(p);
	}

	/*
	 * Drops it a grace period from now, in process context, without
	 * blocking: for owners that do not defer their own free (Box, Arc),
	 * from any context.  It needs a small node, allocated with @gfp; if
	 * that fails, the RcuOld comes back untouched (ENOMEM is a value).
	 */
	Result<void, RcuOld> defer(Gfp gfp) && requires(!rcu_freed<P>)
	{
		void *mem = kxx_kmalloc(sizeof(Deferred), gfp.bits());
		if (!mem)
			return RcuOld(exchange(ptr_, nullptr));
		auto *node = new (mem) Deferred{ {}, exchange(ptr_, nullptr) };
		detail::RcuFree<Deferred, 0>::queue(node);
		return Ok();
	}

private:
	template <foreign_ownable, RcuWriters> friend class Rcu;
	explicit RcuOld(void *ptr) : ptr_(ptr) {}

	/* defer(gfp)'s node: its destructor drops the owner (in process context). */
	struct Deferred {
		Opaque<KXX_SIZEOF_RCU_HEAD, KXX_ALIGNOF_RCU_HEAD> head; // first
		void *ptr;
		~Deferred()
		{
			if (ptr)
				Foreign::from_foreign(ptr);
		}
	};

	void *ptr_; // from into_foreign(), unpublished; null once dropped
};

/* --- Rcu ------------------------------------------------------------------- */

#define KXX_RCU_OLD_UNDER_SPINNING_WRITER                                                          \
	"an update through a spinning Writer hands back an RcuOld whose drop waits for a grace "    \
	"period, under the writers' lock with interrupts off: use Rcu::replace()/copy_update() "    \
	"(they let the lock go first), RcuBox/RcuArc, or RcuWriters::Mutex"

template <foreign_ownable P, RcuWriters Writers = RcuWriters::Mutex>
class KXX_CAPABILITY("rcu writers") Rcu {
	using Foreign = ForeignOwnable<P>;
	static constexpr bool sleepable = Writers == RcuWriters::Mutex;

public:
	using Borrowed = typename Foreign::Borrowed;
	using ReaderBorrowed =
	    conditional_t<rcu_freed<P>, typename detail::RcuBorrowOf<P>::type, Borrowed>;
	class Writer;

	/*
	 * The writers' lock gets one lockdep class per Rcu<P, Writers> type,
	 * named after it, unless @lock_class names another (KXX_LOCK_CLASS()).
	 */
	explicit Rcu(LockClassKey &lock_class = type_lock_class()) : ptr_(nullptr)
	{
		if constexpr (sleepable)
			kxx_mutex_init(mutex(), lock_class.raw(), lock_class.name);
		else
			kxx_spin_lock_init(spinlock(), lock_class.raw(), lock_class.name);
	}
	explicit Rcu(P value, LockClassKey &lock_class = type_lock_class()) : Rcu(lock_class)
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
		if constexpr (rcu_freed<P>) {
			if (p)
				Foreign::from_foreign(p);
		} else {
			kxx_might_sleep();
			if (p) {
				rcu::synchronize();
				// SAFETY: destruction is exclusive, and the grace
				// period ended every reader that could have seen p.
				Foreign::from_foreign(p);
			}
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
	ReaderBorrowed dereference(const rcu::ReadGuard &guard KXX_LIFETIMEBOUND) const
	{
		(void)guard;
		void *p = kxx_rcu_dereference(&ptr_);
		if constexpr (rcu_freed<P>)
			return detail::RcuBorrowOf<P>::borrow(p);
		else
			return Foreign::borrow(p);
	}
	/* A temporary guard would end before the borrow is used. */
	ReaderBorrowed dereference(const rcu::ReadGuard &&) const = delete;

	/* Takes the writers' lock (may sleep for RcuWriters::Mutex). */
	[[nodiscard]] Writer write() & KXX_ACQUIRE(this) KXX_NO_THREAD_SAFETY_ANALYSIS
	{
		return Writer(*this);
	}
	Writer write() && = delete;

	/* Publishes @value; the old one (if any) comes back to be freed. */
	// (No Writer local: GCC's INIT_STACK_ALL_ZERO would clear it on
	// every call.  The lock is this function's own, from here to unlock.)
	KXX_EXCLUDES(this) Option<RcuOld<P>> replace(P value) KXX_NO_THREAD_SAFETY_ANALYSIS
	{
		void *next = Foreign::into_foreign(move(value));
		unsigned long irq_flags = lock();
		void *old = current();
		kxx_rcu_assign_pointer(&ptr_, next);
		unlock(irq_flags);
		return unpublished(old);
	}

	/*
	 * Read-copy-update: @f gets the current value (null if empty) and
	 * returns the next (None to empty the pointer), with the writers'
	 * lock held: for RcuWriters::Mutex @f may sleep (allocate with
	 * GFP_KERNEL); for SpinIrqsave it must not.  @f must not write this
	 * Rcu itself (it holds the lock).
	 */
	template <class F> KXX_EXCLUDES(this) Option<RcuOld<P>> copy_update(F &&f)
	{
		Writer w(*this);
		return w.update(forward<F>(f)); // the old value outlives w
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
		using kxx_scope_bound = void;

		explicit Writer(Rcu &rcu) KXX_ACQUIRE(rcu) : rcu_(&rcu), irq_flags_(rcu.lock()) {}
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
		Option<RcuOld<P>> replace(P value)
		{
			static_assert(sleepable || rcu_freed<P>, KXX_RCU_OLD_UNDER_SPINNING_WRITER);
			check_not_in_update();
			void *next = Foreign::into_foreign(move(value));
			void *old = rcu_->current();
			kxx_rcu_assign_pointer(&rcu_->ptr_, next);
			return unpublished(old);
		}

		/* Read-copy-update, as Rcu::copy_update(). */
		/*
		 * @f must not update this Rcu through this Writer: it would free
		 * the value @f is reading.  That stops with BUG() (the lock is
		 * already held, so a self-locking update deadlocks instead).
		 */
		template <class F> Option<RcuOld<P>> copy_update(F &&f)
		{
			static_assert(sleepable || rcu_freed<P>, KXX_RCU_OLD_UNDER_SPINNING_WRITER);
			return update(forward<F>(f));
		}

	private:
		friend class Rcu;

		template <class F> Option<RcuOld<P>> update(F &&f)
		{
			check_not_in_update();
			void *old = rcu_->current();
			in_update_ = true;
			Option<P> next = f(Foreign::borrow(old));
			in_update_ = false;
			void *next_ptr =
			    next.is_some() ? Foreign::into_foreign(move(next).value()) : nullptr;
			kxx_rcu_assign_pointer(&rcu_->ptr_, next_ptr);
			return unpublished(old);
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
	/* The value just taken out of the pointer, as an RcuOld (or None). */
	static Option<RcuOld<P>> unpublished(void *old)
	{
		if (!old)
			return None;
		return Option<RcuOld<P>>(in_place_fn, [old] { return RcuOld<P>(old); });
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
			return detail::Join<detail::Lit<"kxx::Rcu<">, detail::TypeName<P>,
					    conditional_t<sleepable, detail::Lit<">::writers (mutex)">,
							  detail::Lit<">::writers (spin)">>>::value.s;
		}
	};
	static LockClassKey &type_lock_class() { return detail::lock_class_at(TypeSite{}); }

	// INVARIANT: null, or from into_foreign() and owned by this Rcu.
	// Written only with the writers' lock held, with rcu_assign_pointer().
	void *ptr_;
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

#endif /* KXX_RCU_H */
