/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/rcu/grace_box.h - the owning half RcuBox and SrcuBox share.
 *
 * Wraps:     nothing: each box says how its T is freed (Self::queue()).
 * Types:     detail::GraceBox<Self, T, Inner>: one pointer to an Inner whose
 *            first member is the T (so the foreign pointer is the T*), handed
 *            to Self::queue() (freed a grace period later) when dropped or
 *            overwritten.  Read-only access: once published, readers may be
 *            looking.  Invariant: inner_ is null only after a move or
 *            into_raw(); otherwise a live allocation owned only here.
 * Promises:  docs/soundness.md, "1. Ownership" and "2. Borrows" (the rows of
 *            RcuBox and SrcuBox).
 * Tests:     those of rcu/box.h and rcu/srcu_box.h.
 */
#ifndef KXX_RCU_GRACE_BOX_H
#define KXX_RCU_GRACE_BOX_H

#include <kxx/bindings.h>
#include <kxx/core/move.h>
#include <kxx/core/types.h>

namespace kxx::detail {

/*
 * Self derives from it, befriends it, and defines `static void queue(Inner *)`
 * (the free after its grace period) and `static constexpr const char
 * *moved_from` (the BUG message for the use of a moved-from box).
 */
template <class Self, class T, class Inner> class GraceBox {
public:
	/* Takes other's T; other is left empty (inert). */
	GraceBox(GraceBox &&other) : inner_(exchange(other.inner_, nullptr)) {}
	/* Takes other's pointer first, then drops the old T (see Box). */
	GraceBox &operator=(GraceBox &&other)
	{
		if (Inner *old = exchange(inner_, exchange(other.inner_, nullptr)))
			Self::queue(old);
		return *this;
	}
	GraceBox(const GraceBox &) = delete;
	GraceBox &operator=(const GraceBox &) = delete;
	// SAFETY: inner_ is owned here; after the grace period no reader can
	// still hold a borrow of it, and then Self::queue()'s callback destroys
	// T and frees the memory, once.
	~GraceBox()
	{
		if (Inner *inner = exchange(inner_, nullptr))
			Self::queue(inner);
	}

	/*
	 * Read-only access: once published, lockless readers may be looking
	 * at the T, and after a removal they still may until the grace
	 * period ends, so nobody may change it in place (or move its owned
	 * members out).  A moved-from box has no T: using it stops with BUG().
	 * A temporary box frees its T at the end of the expression.
	 */
	const T &operator*() const & { return checked()->value; }
	const T *operator->() const { return &checked()->value; }
	const T *get() const & { return inner_ ? &inner_->value : nullptr; }
	const T &operator*() const && = delete;
	const T *get() const && = delete;
	explicit operator bool() const { return inner_ != nullptr; }

	/* Gives up ownership: the caller must pass the pointer to from_raw(). */
	[[nodiscard]] void *into_raw() { return exchange(inner_, nullptr); }
	/* Takes back a non-null pointer from into_raw() (as Box::from_raw). */
	[[nodiscard]] static Self from_raw(const void *raw)
	{
		if (!raw)
			__builtin_unreachable();
		return Self(static_cast<Inner *>(const_cast<void *>(raw)));
	}
	// SAFETY: value is at offset 0 of Inner, so the pointers are equal,
	// and null stays null without a branch.
	static const T *borrow_raw(const void *raw) { return static_cast<const T *>(raw); }

	/* How the allocation is aligned (the trait's `align`). */
	static constexpr size_t inner_align = alignof(Inner);

protected:
	explicit GraceBox(Inner *inner) : inner_(inner) {}

	Inner *checked() const
	{
		if (__builtin_expect(!inner_, 0))
			kxx_bug(Self::moved_from);
		return inner_;
	}

private:
	Inner *inner_;
};

} // namespace kxx::detail

#endif /* KXX_RCU_GRACE_BOX_H */
