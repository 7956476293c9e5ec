/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/rcu.h - RCU read guards, RCU-protected owning pointers, deferred frees.
 *
 *   rcu::ReadGuard   rcu_read_lock() for its lifetime.  Every lockless read
 *                    takes a `const ReadGuard&`, so a read outside a
 *                    read-side critical section cannot be written.
 *   Rcu<P>           an RCU-protected owning pointer to a P (or empty).
 *                    Readers dereference() under a ReadGuard; writers
 *                    replace() or copy_update() and get the old value back
 *                    as an RcuOld<P>.  Writers serialise on a spinlock
 *                    inside the Rcu, so concurrent writers are impossible
 *                    (they wait; lockdep checks the lock).  Readers never
 *                    block, and a writer may run anywhere a spinlock may be
 *                    taken, even inside a read-side section; copy_update()'s
 *                    function runs under that lock and must not sleep.
 *   RcuOld<P>        an unpublished old value.  Destroying it waits for a
 *                    grace period (synchronize_rcu) and then drops it;
 *                    defer() instead frees it later without blocking, for
 *                    owners freed after a grace period (RcuBox).
 *   RcuBox<T>        like Box<T>, but destroying it frees T after a grace
 *                    period through call_rcu(): never blocks, safe in atomic
 *                    context.  It is foreign_ownable, and it is what makes
 *                    lockless XArray::load() sound.
 *
 * A module that destroys RcuBoxes must call rcu::barrier() before its exit
 * returns (the callback and T's destructor are module code).
 */
#ifndef KXX_RCU_H
#define KXX_RCU_H

#include <kxx/alloc.h>
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

/* Waits until every pending call_rcu() callback (RcuBox frees) has run. */
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
			defer_free(old);
		return *this;
	}
	RcuBox(const RcuBox &) = delete;
	RcuBox &operator=(const RcuBox &) = delete;
	~RcuBox()
	{
		if (inner_)
			defer_free(exchange(inner_, nullptr));
	}

	/*
	 * Read-only access: once published, lockless readers may be looking
	 * at the T, and after a removal they still may until the grace
	 * period ends, so nobody may change it in place (or move its owned
	 * members out).  Build the T complete with make(); change shared
	 * state through types made for it (kxx::Atomic).  A moved-from
	 * RcuBox has no T: using it stops with BUG().
	 */
	const T &operator*() const { return checked()->value; }
	const T *operator->() const { return &checked()->value; }
	const T *get() const { return inner_ ? &inner_->value : nullptr; }
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

	/* The call_rcu() callback, a grace period after the drop. */
	static void free(struct callback_head *head)
	{
		// SAFETY: head is the head of an Inner that defer_free() queued;
		// no reader can hold a borrow any more, and the callback runs
		// once.
		detail::kfree_delete(
		    reinterpret_cast<Inner *>(reinterpret_cast<char *>(head) - head_offset));
	}

	static void defer_free(Inner *inner)
	{
		// SAFETY: inner was owned by this RcuBox; after a grace period
		// no reader can still hold a borrow of it, and then the
		// callback destroys T and frees the memory, once.
		kxx_call_rcu(reinterpret_cast<struct callback_head *>(
				 reinterpret_cast<char *>(inner) + head_offset),
			     &free);
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

template <class P> class [[nodiscard]] RcuOld {
public:
	RcuOld(RcuOld &&other) : ptr_(exchange(other.ptr_, nullptr)) {}
	RcuOld(const RcuOld &) = delete;
	RcuOld &operator=(const RcuOld &) = delete;
	RcuOld &operator=(RcuOld &&) = delete;

	/* Waits for a grace period, then drops the value.  May sleep. */
	~RcuOld()
	{
		if (!ptr_)
			return;
		rcu::synchronize();
		// SAFETY: unpublished before the grace period, so no reader
		// can still see it; the value is ours alone.
		ForeignOwnable<P>::from_foreign(ptr_);
	}

	/* A shared view, for a writer that wants to look at the old value. */
	typename ForeignOwnable<P>::Borrowed get() const { return ForeignOwnable<P>::borrow(ptr_); }

	/*
	 * Drops the value now, without waiting: its memory is only freed after
	 * a grace period (RcuBox), so this never blocks.
	 */
	void defer() && requires rcu_freed<P>
	{
		// SAFETY: the owner defers the free past a grace period itself.
		// A moved-from RcuOld holds nothing (and from_foreign() takes
		// no null).
		if (void *ptr = exchange(ptr_, nullptr))
			ForeignOwnable<P>::from_foreign(ptr);
	}

private:
	template <foreign_ownable> friend class Rcu;
	explicit RcuOld(void *ptr) : ptr_(ptr) {}

	void *ptr_; // from into_foreign(), unpublished; null once dropped
};

/* --- Rcu ------------------------------------------------------------------- */

template <foreign_ownable P> class Rcu {
	using Foreign = ForeignOwnable<P>;

public:
	using Borrowed = typename Foreign::Borrowed;
	using ReaderBorrowed =
	    conditional_t<rcu_freed<P>, typename detail::RcuBorrowOf<P>::type, Borrowed>;

	/*
	 * The writers' spinlock gets one lockdep class per Rcu<P> type, named
	 * after it, unless @lock_class names another (see KXX_LOCK_CLASS()).
	 */
	explicit Rcu(LockClassKey &lock_class = type_lock_class()) : ptr_(nullptr)
	{
		kxx_spin_lock_init(writer_lock(), lock_class.raw(), lock_class.name);
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

	/* Waits for a grace period, then drops the value.  May sleep. */
	~Rcu()
	{
		// Emptied first, so a ~T that writes this Rcu again finds it
		// empty instead of the value being dropped.
		if (void *p = exchange(ptr_, nullptr)) {
			rcu::synchronize();
			// SAFETY: destruction is exclusive, and the grace period
			// ended every reader that could have seen p.
			Foreign::from_foreign(p);
		}
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

	/* The name lockdep reports the writers' lock by (null without lockdep). */
	const char *lock_class_name() { return kxx_spin_lock_name(writer_lock()); }

	/* Publishes @value; the old one (if any) comes back to be freed. */
	Option<RcuOld<P>> replace(P value)
	{
		void *next = Foreign::into_foreign(move(value));
		kxx_spin_lock(writer_lock());
		void *old = kxx_rcu_dereference_writer(&ptr_, writer_lock());
		kxx_rcu_assign_pointer(&ptr_, next);
		kxx_spin_unlock(writer_lock());
		return unpublished(old);
	}

	/*
	 * Read-copy-update: @f gets the current value (null if empty) and
	 * returns the next (None to empty the pointer).  The new value is
	 * published with release ordering; the old one comes back.  @f runs
	 * under the writers' spinlock: it must not sleep (allocate with
	 * GFP_ATOMIC, or before calling).
	 */
	template <class F> Option<RcuOld<P>> copy_update(F &&f)
	{
		kxx_spin_lock(writer_lock());
		void *old = kxx_rcu_dereference_writer(&ptr_, writer_lock());
		Option<P> next = f(Foreign::borrow(old));
		void *next_ptr =
		    next.is_some() ? Foreign::into_foreign(move(next).value()) : nullptr;
		kxx_rcu_assign_pointer(&ptr_, next_ptr);
		kxx_spin_unlock(writer_lock());

		return unpublished(old);
	}

private:
	/* The value just taken out of the pointer, as an RcuOld (or None). */
	static Option<RcuOld<P>> unpublished(void *old)
	{
		if (!old)
			return None;
		return Option<RcuOld<P>>(in_place_fn, [old] { return RcuOld<P>(old); });
	}

	struct spinlock *writer_lock()
	{
		// SAFETY: sized and aligned as spinlock_t (layout header).
		return reinterpret_cast<struct spinlock *>(&writer_);
	}

	struct TypeSite {
		constexpr const char *operator()() const
		{
			return detail::Join<detail::Lit<"kxx::Rcu<">, detail::TypeName<P>,
					    detail::Lit<">::writer">>::value.s;
		}
	};
	static LockClassKey &type_lock_class() { return detail::lock_class_at(TypeSite{}); }

	// INVARIANT: null, or from into_foreign() and owned by this Rcu.
	// Written only under writer_, with rcu_assign_pointer().
	void *ptr_;
	Opaque<KXX_SIZEOF_SPINLOCK, KXX_ALIGNOF_SPINLOCK> writer_;
};

} // namespace kxx

#endif /* KXX_RCU_H */
