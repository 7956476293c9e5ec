/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/alloc/box.h - Box<T>, the unique owner of a kmalloc'd T.
 *
 * Wraps:     <linux/slab.h> (kmalloc, kfree) through src/core.c.
 * Types:     Box<T>.  Invariant: ptr_ is either null (only after it was moved
 *            from or released with into_raw) or points to a live T in memory
 *            from kmalloc that this Box alone owns.  A null Box is inert:
 *            dropping it frees nothing, and dereferencing it is a reported bug
 *            (BUG()), never a wild access.  ForeignOwnable<Box> (below): the
 *            foreign pointer is the T*; borrows are const T* and T*.
 * Contexts:  make() as its gfp says; dropping one runs ~T and kfree() (never
 *            sleeps unless ~T does).
 * Promises:  docs/soundness.md, "1. Ownership" (dropped exactly once; no copy;
 *            take, then drop; moved-from is inert; no reference into a
 *            temporary) and "2. Borrows" (deep const).
 * Tests:     kunit/alloc_test.cpp (kxx_box: make_destroys_once,
 *            gfp_zero_memory_is_zeroed, over_aligned_type_is_aligned,
 *            allocation_failure_is_enomem, raw_round_trip),
 *            kunit/foreign_test.cpp (kxx_foreign.box_round_trip); compile-fail:
 *            box_copy, box_make_discarded, box_larger_than_kmalloc,
 *            box_of_option_guard, owner_deref_of_temporary,
 *            rcubox_nested_box_is_read_only.
 *
 * `Box<T>::make(gfp, args...)` allocates and constructs a T and returns a
 * `Result<Box<T>>`: ENOMEM is a value, never a null pointer to forget to
 * check.  A Box is move-only; destroying it runs ~T and kfrees the memory,
 * exactly once.  `into_raw()`/`from_raw()` hand the ownership to C and take
 * it back (this is what ForeignOwnable builds on).
 */
#ifndef KXX_ALLOC_BOX_H
#define KXX_ALLOC_BOX_H

#include <kxx/alloc/kmalloc.h>
#include <kxx/core/annotations.h>
#include <kxx/core/scope_bound.h>
#include <kxx/foreign/ownable.h>
#include <kxx/result/result.h>

namespace kxx {

/*
 * A uniquely owned T in kmalloc'd memory (Rust's Box): freed exactly once,
 * when the Box is dropped.  make() may sleep if its gfp does.  Promises:
 * docs/soundness.md, 1. Ownership.
 */
template <class T> class Box {
	static_assert(!scope_bound_v<T>, "a guard lives in a scope, not in a Box");

public:
	/* Allocates a T constructed from @args; ENOMEM if allocation fails. */
	template <class... Args> [[nodiscard]] static Result<Box> make(Gfp gfp, Args &&...args)
	{
		T *p = detail::kmalloc_new<T>(gfp, forward<Args>(args)...);
		if (!p)
			return code::ENOMEM;
		// INVARIANT: p is a live T from kmalloc, owned by no one else.
		return Box(p);
	}

	/* Takes other's T; other is left empty (inert). */
	Box(Box &&other) : ptr_(exchange(other.ptr_, nullptr)) {}
	/*
	 * Takes other's pointer first, then drops the old T: other may live
	 * inside that T (`head = move(head->next)`), as with
	 * unique_ptr::reset(other.release()).  Self-assignment keeps the T.
	 */
	Box &operator=(Box &&other)
	{
		T *old = exchange(ptr_, exchange(other.ptr_, nullptr));
		if (old)
			detail::kfree_delete(old);
		return *this;
	}
	Box(const Box &) = delete;
	Box &operator=(const Box &) = delete;
	~Box() { drop(); }

	/*
	 * The T; a moved-from Box has none, and using it stops with BUG().
	 * Deep const, as Rust's Box: a const Box lends a const T, so what a
	 * container shares read-only (an RcuBox's or an Arc's T) stays
	 * read-only down through the Boxes it owns.
	 */
	T &operator*() & KXX_LIFETIMEBOUND { return *checked(); }
	const T &operator*() const & KXX_LIFETIMEBOUND { return *checked(); }
	T *operator->() KXX_LIFETIMEBOUND { return checked(); }
	const T *operator->() const KXX_LIFETIMEBOUND { return checked(); }
	/* The pointer, null for a moved-from Box. */
	T *get() & KXX_LIFETIMEBOUND { return ptr_; }
	const T *get() const & KXX_LIFETIMEBOUND { return ptr_; }
	/* A temporary Box frees its T at the end of the expression. */
	T &operator*() && = delete;
	const T &operator*() const && = delete;
	T *get() && = delete;
	const T *get() const && = delete;
	explicit operator bool() const { return ptr_ != nullptr; }

	/* Gives up ownership: the caller must pass the pointer to from_raw(). */
	[[nodiscard]] T *into_raw() { return exchange(ptr_, nullptr); }

	/*
	 * Takes back ownership of a pointer from into_raw().  The caller
	 * guarantees that, that no other Box owns it, and that it is not null
	 * (into_raw() of a moved-from Box): as Rust's Box::from_raw, this is
	 * the unsafe edge.  The compiler is told so, which lets it drop the
	 * moved-from checks of everything the Box passes through next.
	 */
	[[nodiscard]] static Box from_raw(T *p)
	{
		if (!p)
			__builtin_unreachable();
		return Box(p);
	}
	/* The T behind a pointer from into_raw(), without taking it back. */
	static T *borrow_raw(void *raw) { return static_cast<T *>(raw); }

private:
	explicit Box(T *p) : ptr_(p) {}

	T *checked() const
	{
		if (__builtin_expect(!ptr_, 0))
			kxx_bug("use of a moved-from kxx::Box");
		return ptr_;
	}

	void drop()
	{
		// SAFETY: by the invariant, ptr_ is a live T from kmalloc that
		// only this Box owns.  It is nulled first, so ~T cannot reach it
		// through this Box again, and this runs once.
		if (T *p = exchange(ptr_, nullptr))
			detail::kfree_delete(p);
	}

	T *ptr_;
};

/* A Box in a container: the foreign pointer is the T* (UniqueForeign). */
template <class T> struct ForeignOwnable<Box<T>> : UniqueForeign<Box<T>, T> {
	/* kmalloc's minimum, or T's own when Box over-aligns (alloc_size). */
	static constexpr size_t align = detail::max_align(alignof(T), KXX_KMALLOC_MINALIGN);
};

} // namespace kxx

#endif /* KXX_ALLOC_BOX_H */
