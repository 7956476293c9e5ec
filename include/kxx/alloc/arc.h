/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/alloc/arc.h - Arc<T> and RcuArc<T>: shared owners of a kmalloc'd T.
 *
 * Wraps:     <linux/refcount.h> (refcount_set/inc/dec_and_test/read) through
 *            src/core.c; <linux/slab.h>; call_rcu() for RcuArc (rcu/free.h).
 * Types:     BasicArc<T, Free>, spelled Arc<T> (freed at once) and RcuArc<T>
 *            (freed a grace period later: its RCU side, the lockless borrow
 *            RcuArcBorrow, is rcu/arc.h); ArcBorrow<T>, a borrowed reference;
 *            ForeignOwnable<Arc> (below).  Invariant: inner_ is null only after
 *            a move or into_raw; otherwise it points to a live Inner whose
 *            count includes this Arc.  A moved-from Arc is inert: dropping it
 *            does nothing and dereferencing it stops with BUG().  Access is
 *            const only.
 * Contexts:  make() as its gfp says; clone() and drop anywhere (the last drop
 *            of an Arc runs ~T there; an RcuArc's never blocks).
 * Promises:  docs/soundness.md, "1. Ownership" (dropped exactly once; take,
 *            then drop) and "2. Borrows" (read-only; an ArcBorrow clones).
 * Tests:     kunit/alloc_test.cpp (kxx_arc.clone_and_drop_count,
 *            kxx_arc.allocation_failure_is_enomem), kunit/foreign_test.cpp
 *            (kxx_foreign.arc_round_trips_keep_count), kunit/xarray_test.cpp
 *            (kxx_xarray.arc_entries_share_ownership,
 *            kxx_xarray.arc_borrow_clones_under_the_lock); compile-fail:
 *            arc_mutate, arc_borrow_mutate, arc_borrowed_store,
 *            arc_borrow_of_temporary; clang-fail: arc_borrow_outlives_guard.
 *
 *   Arc<T>           `Arc<T>::make(gfp, args...)` allocates the T next to a
 *                    kernel refcount_t (through the shims, so saturation and
 *                    the refcount warnings are the kernel's).  Copying an
 *                    Arc, or clone(), adds a reference; destroying one drops
 *                    it, and the last one runs ~T and kfrees.  Access is
 *                    `const T&` only: shared data is immutable unless T
 *                    itself provides interior mutability (kxx::Atomic, a
 *                    lock), as in Rust.
 *   RcuArc<T>        the same, but the last reference frees the T a grace
 *                    period later (see rcu/arc.h).
 *   ArcBorrow<T>     a borrowed reference, as Rust's ArcBorrow: what an
 *                    XArray<Arc<T>> lends under its lock.  While it is
 *                    valid the count is at least one (the container holds
 *                    a reference), so clone() makes an owned Arc: "look up,
 *                    clone, unlock", as C's xa_load() + kref_get().
 */
#ifndef KXX_ALLOC_ARC_H
#define KXX_ALLOC_ARC_H

#include <kxx/alloc/kmalloc.h>
#include <kxx/core/annotations.h>
#include <kxx/core/layout.h>
#include <kxx/core/scope_bound.h>
#include <kxx/foreign/ownable.h>
#include <kxx/result/result.h>
#include <kxx/rcu/free.h>

namespace kxx {

/* When an Arc's last reference frees the T: at once, or a grace period later. */
enum class ArcFree {
	Now,
	AfterGracePeriod,
};

template <class T, ArcFree Free> class BasicArc;
template <class T, ArcFree Free = ArcFree::Now> class ArcBorrow;
template <class T> class RcuArcBorrow;
template <class T, ArcFree Free> struct ArcForeign;
template <class P> struct ForeignOwnable;

/*
 * Arc frees its T at once when the last reference goes; RcuArc a grace period
 * later, so lockless readers may still look (rcu/arc.h).
 */
template <class T> using Arc = BasicArc<T, ArcFree::Now>;
template <class T> using RcuArc = BasicArc<T, ArcFree::AfterGracePeriod>;

namespace detail {

struct NoRcuHead {};
using RcuHeadStorage = Opaque<KXX_SIZEOF_RCU_HEAD, KXX_ALIGNOF_RCU_HEAD>;

/*
 * The allocation: for RcuArc the rcu_head (first, so the callback gets
 * back to the allocation by a plain cast), then the count and the T.
 */
template <class T, ArcFree Free> struct ArcInner {
	template <class... Args> explicit ArcInner(Args &&...args) : value(forward<Args>(args)...)
	{
		kxx_refcount_set(refcount(), 1);
	}
	struct refcount_struct *refcount()
	{
		// SAFETY: count is storage of exactly the size and alignment of
		// refcount_t (from the layout header), and only the refcount
		// shims touch it.
		return reinterpret_cast<struct refcount_struct *>(&count);
	}

	[[no_unique_address]] conditional_t<Free == ArcFree::AfterGracePeriod, RcuHeadStorage,
					    NoRcuHead> head;
	Opaque<KXX_SIZEOF_REFCOUNT, KXX_ALIGNOF_REFCOUNT> count;
	T value;
};

} // namespace detail

/*
 * A reference-counted, shared, immutable T (refcount_t): clone() adds a
 * reference, dropping the last frees.  Any context, except that dropping the
 * last one runs ~T there.  Promises: docs/soundness.md, 1. Ownership and
 * 2. Borrows.
 */
template <class T, ArcFree Free> class BasicArc {
	using Inner = detail::ArcInner<T, Free>;
	static_assert(!scope_bound_v<T>, "a guard lives in a scope, not in an Arc");

public:
	/* Allocates a T constructed from @args with one reference. */
	template <class... Args> [[nodiscard]] static Result<BasicArc> make(Gfp gfp, Args &&...args)
	{
		Inner *inner = detail::kmalloc_new<Inner>(gfp, forward<Args>(args)...);
		if (!inner)
			return code::ENOMEM;
		// INVARIANT: the count is 1, and this Arc is that reference.
		return BasicArc(inner);
	}

	/* A copy is another reference (refcount_inc); a move takes this one over. */
	BasicArc(const BasicArc &other) : inner_(other.inner_)
	{
		if (inner_)
			kxx_refcount_inc(inner_->refcount());
	}
	BasicArc(BasicArc &&other) : inner_(exchange(other.inner_, nullptr)) {}
	/*
	 * By value: the new reference is taken (copied or moved into @other)
	 * before the old one is dropped, so assigning from an Arc that lives
	 * inside the old T is right.
	 */
	BasicArc &operator=(BasicArc other)
	{
		swap(inner_, other.inner_);
		return *this;
	}
	~BasicArc() { drop(); }

	/* Another reference to the same T. */
	[[nodiscard]] BasicArc clone() const { return BasicArc(*this); }

	/* The shared T, const only; BUG() on a moved-from Arc. */
	const T &operator*() const & KXX_LIFETIMEBOUND { return checked()->value; }
	const T *operator->() const KXX_LIFETIMEBOUND { return &checked()->value; }
	/* The T, or null for a moved-from Arc. */
	const T *get() const & KXX_LIFETIMEBOUND { return inner_ ? &inner_->value : nullptr; }
	/* A temporary Arc may hold the last reference. */
	const T &operator*() const && = delete;
	const T *get() const && = delete;
	explicit operator bool() const { return inner_ != nullptr; }

	/* A borrow of this reference (valid while this Arc is). */
	ArcBorrow<T, Free> borrow() const & KXX_LIFETIMEBOUND { return ArcBorrow<T, Free>(inner_); }
	/* A temporary Arc may hold the last reference: the borrow would dangle. */
	ArcBorrow<T, Free> borrow() const && = delete;

	/* Current count; only meaningful as a snapshot (tests, debugging). */
	unsigned int ref_count() const
	{
		return inner_ ? kxx_refcount_read(inner_->refcount()) : 0;
	}

	/* Whether two Arcs share one allocation. */
	bool ptr_eq(const BasicArc &other) const { return inner_ == other.inner_; }

	/*
	 * Gives up this reference without dropping it: the caller must pass
	 * the pointer to from_raw() exactly once.
	 */
	[[nodiscard]] void *into_raw() { return exchange(inner_, nullptr); }
	/* Takes back a reference released by into_raw() (never null). */
	[[nodiscard]] static BasicArc from_raw(void *raw)
	{
		if (!raw)
			__builtin_unreachable();
		return BasicArc(static_cast<Inner *>(raw));
	}
	/* The T behind a pointer from into_raw(), without taking the reference. */
	static const T *borrow_raw(const void *raw)
	{
		return &static_cast<const Inner *>(raw)->value;
	}

	/* How the allocation is aligned (the trait's `align`). */
	static constexpr size_t inner_align = alignof(Inner);

private:
	friend class ArcBorrow<T, Free>;
	friend class RcuArcBorrow<T>;
	explicit BasicArc(Inner *inner) : inner_(inner) {}

	Inner *checked() const
	{
		if (__builtin_expect(!inner_, 0))
			kxx_bug("use of a moved-from kxx::Arc");
		return inner_;
	}

	void drop()
	{
		// SAFETY: by the invariant this Arc holds one reference; when it
		// was the last, nobody else can reach inner_ any more (an RcuArc
		// reader under a read guard may, hence the grace period).
		Inner *inner = exchange(inner_, nullptr);
		if (inner && kxx_refcount_dec_and_test(inner->refcount())) {
			if constexpr (Free == ArcFree::Now)
				detail::kfree_delete(inner);
			else // head is Inner's first member
				detail::RcuFree<Inner, 0>::queue(inner);
		}
	}

	Inner *inner_;
};

namespace detail {
/* What both borrows of an Arc read: a nullable, const view of the T. */
template <class T, ArcFree Free> class ArcView {
public:
	const T *get() const { return inner_ ? &inner_->value : nullptr; }
	const T &operator*() const { return checked()->value; }
	const T *operator->() const { return &checked()->value; }
	explicit operator bool() const { return inner_ != nullptr; }
	bool operator==(const ArcView &) const = default;
	bool operator==(const T *p) const { return get() == p; }
	bool operator==(decltype(nullptr)) const { return inner_ == nullptr; }

protected:
	using Inner = ArcInner<T, Free>;
	explicit constexpr ArcView(Inner *inner) : inner_(inner) {}

	Inner *checked() const
	{
		if (__builtin_expect(!inner_, 0))
			kxx_bug("use of a null kxx::ArcBorrow");
		return inner_;
	}

	Inner *inner_;
};
} // namespace detail

/*
 * A reference lent by an owner that holds one (a container under its lock,
 * an Arc, an Rcu<Arc<T>> under a read guard): null, or a T whose count is
 * at least one for as long as the borrow is valid.
 */
template <class T, ArcFree Free> class ArcBorrow : public detail::ArcView<T, Free> {
	using Inner = detail::ArcInner<T, Free>;

public:
	/* A null borrow (an empty slot); using it is a BUG(). */
	constexpr ArcBorrow(decltype(nullptr)) : detail::ArcView<T, Free>(nullptr) {}

	/* An owned reference to the same T (refcount_inc: the count is >= 1). */
	[[nodiscard]] BasicArc<T, Free> clone() const
	{
		Inner *inner = this->checked();
		kxx_refcount_inc(inner->refcount());
		return BasicArc<T, Free>(inner);
	}

private:
	friend class BasicArc<T, Free>;
	friend struct ArcForeign<T, Free>;
	explicit ArcBorrow(Inner *inner) : detail::ArcView<T, Free>(inner) {}
};

/*
 * Arc and RcuArc: the foreign pointer carries one reference.  A borrow is
 * an ArcBorrow (never mutable), which can be cloned into an owned Arc while
 * the container's reference keeps the count above zero.
 */
template <class T, ArcFree Free>
struct ArcForeign : detail::RawForeign<ArcForeign<T, Free>, BasicArc<T, Free>> {
	/* The owner (the trait's types: foreign/ownable.h). */
	using Owner = BasicArc<T, Free>;
	/* Its allocation: the count and the T. */
	using Inner = detail::ArcInner<T, Free>;
	/* The foreign pointer's alignment: kmalloc's minimum, or more. */
	static constexpr size_t align = detail::max_align(Owner::inner_align, KXX_KMALLOC_MINALIGN);
	/* A borrow: an ArcBorrow, which can clone() a new reference. */
	using Borrowed = ArcBorrow<T, Free>;
	/* The same: shared ownership never lends a mutable T. */
	using BorrowedMut = ArcBorrow<T, Free>;

	/* Takes back the one reference into_foreign() left in the container. */
	static Owner from_foreign(void *ptr)
	{
		// SAFETY: ptr came from into_foreign(), which kept the reference
		// it carried; this takes that one reference back.
		return Owner::from_raw(ptr);
	}
	/* A view of the container's reference, valid while the container keeps it. */
	// SAFETY: the container still holds ptr's reference while the borrow
	// lives (that is what a borrow is), so the count is at least one.
	static Borrowed borrow(void *ptr) { return Borrowed(static_cast<Inner *>(ptr)); }
	/* As borrow(). */
	static BorrowedMut borrow_mut(void *ptr) { return borrow(ptr); }
};

template <class T> struct ForeignOwnable<Arc<T>> : ArcForeign<T, ArcFree::Now> {};

} // namespace kxx

/* RcuArc's RCU side: never an RcuArc without its lockless borrow. */
#include <kxx/rcu/arc.h>

#endif /* KXX_ALLOC_ARC_H */
