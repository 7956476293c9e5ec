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
#include <kxx/rcu/grace_box.h>
#include <kxx/result/result.h>

namespace kxx {

namespace detail {
/*
 * T first, so the pointer handed to C *is* the T*: borrowing costs nothing.
 * The rcu_head follows it, as in a C struct freed by call_rcu(), and the
 * callback is RcuFree's: one per T, so nothing but call_rcu()'s own stores
 * is written to queue the free.
 */
template <class T> struct RcuBoxInner {
	using Head = Opaque<KXX_SIZEOF_RCU_HEAD, KXX_ALIGNOF_RCU_HEAD>;
	template <class... Args> explicit RcuBoxInner(Args &&...args) : value(forward<Args>(args)...)
	{}
	T value;
	Head head;
};
} // namespace detail

/*
 * A uniquely owned, immutable T freed a grace period after it is dropped
 * (kfree_rcu-like), so lockless readers under rcu::read_lock() may still
 * look.  Dropping never blocks.  Its move, drop, read-only access (`*`,
 * `->`, get()) and into_raw()/from_raw()/borrow_raw() are
 * detail::GraceBox's (rcu/grace_box.h).  Promises: docs/soundness.md,
 * 1. Ownership and 2. Borrows.
 */
template <class T>
class RcuBox : public detail::GraceBox<RcuBox<T>, T, detail::RcuBoxInner<T>> {
	using Inner = detail::RcuBoxInner<T>;
	using Base = detail::GraceBox<RcuBox, T, Inner>;
	using Head = typename Inner::Head;
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

private:
	friend Base;
	static constexpr const char *moved_from = "use of a moved-from kxx::RcuBox";
	explicit RcuBox(Inner *inner) : Base(inner) {}
	/* The free, a grace period from now (in process context unless ~T is trivial). */
	static void queue(Inner *inner) { Free::queue(inner); }
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
