/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/rcu/box.h - RcuBox<T>: a Box whose T is freed a grace period after it is dropped.
 *
 * Wraps:     <linux/rcupdate.h> (call_rcu) through src/rcu.c (rcu/free.h), and
 *            <linux/slab.h>.
 * Types:     RcuBox<T>: like Box<T>, but destroying it frees T after a grace
 *            period through call_rcu(), so it never blocks; a T with a
 *            non-trivial destructor is destroyed in process context. Read-only
 *            once made: lockless readers may be looking at it. Invariant:
 *            inner_ is null only after a move or into_raw; otherwise it is a
 *            live allocation owned only here, and its T is at offset 0 (the
 *            foreign pointer is the T*). ForeignOwnable<RcuBox> (borrows: const
 *            T* only) and rcu_freed_v<RcuBox> (below): what makes lockless
 *            XArray::load() and Rcu readers sound.
 * Contexts:  make() as its gfp says; dropping one: any context.
 * Promises:  docs/soundness.md, "1. Ownership", "2. Borrows" (read-only; valid
 *            until the reader's grace period ends) and "4. Contexts" (dropping
 *            an RcuBox never blocks).
 * Tests:     kunit/rcu_free_test.cpp (kxx_rcu:
 *            rcubox_freed_only_after_grace_period,
 *            rcubox_callback_frees_from_the_start, xarray_load_without_lock,
 *            disposal_never_blocks_where_it_must_not,
 *            nontrivial_destructors_run_in_process_context); compile-fail:
 *            rcubox_entry_mutated_in_place, rcubox_member_moved_out,
 *            rcubox_nested_box_is_read_only.
 *
 * The callbacks and destructors are module code: KXX_MODULE_EXIT()
 * (kxx/module.h) waits for them before the module goes.
 */
#ifndef KXX_RCU_BOX_H
#define KXX_RCU_BOX_H

#include <kxx/alloc/kmalloc.h>
#include <kxx/core/layout.h>
#include <kxx/core/scope_bound.h>
#include <kxx/foreign/rcu_freed.h>
#include <kxx/rcu/free.h>
#include <kxx/result/result.h>

namespace kxx {

/*
 * A uniquely owned, immutable T freed a grace period after it is dropped
 * (kfree_rcu-like), so lockless readers under rcu::read_lock() may still
 * look.  Dropping never blocks.  Promises: docs/soundness.md, 1. Ownership and
 * 2. Borrows.
 */
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
	/* A new T built from @args; ENOMEM. May sleep if @gfp does. */
	template <class... Args> [[nodiscard]] static Result<RcuBox> make(Gfp gfp, Args &&...args)
	{
		Inner *inner = detail::kmalloc_new<Inner>(gfp, forward<Args>(args)...);
		if (!inner)
			return code::ENOMEM;
		// INVARIANT: a live allocation owned only here.
		return RcuBox(inner);
	}

	/* Takes other's T; other is left empty (inert). */
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

	/* Gives up ownership: the caller must pass the pointer to from_raw(). */
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

	/* How the allocation is aligned (the trait's `align`). */
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

/* An RcuBox in a container: the foreign pointer is the T*, lent const only. */
template <class T> struct ForeignOwnable<RcuBox<T>> : UniqueForeign<RcuBox<T>, T, const T *> {
	/* The trait's `align`: kmalloc's minimum, or more. */
	static constexpr size_t align =
	    detail::max_align(RcuBox<T>::inner_align, KXX_KMALLOC_MINALIGN);
};

/* An RcuBox outlives a grace period: lockless load() works on it. */
template <class T> inline constexpr bool rcu_freed_v<RcuBox<T>> = true;

} // namespace kxx

#endif /* KXX_RCU_BOX_H */
