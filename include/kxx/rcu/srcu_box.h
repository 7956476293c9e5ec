/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/rcu/srcu_box.h - SrcuBox<T>: a Box whose T is freed an SRCU grace period after it is dropped.
 *
 * Wraps:     <linux/srcu.h> (call_srcu) through src/srcu.c, and <linux/slab.h>.
 * Types:     SrcuBox<T>: like RcuBox<T> (rcu/box.h), but the free waits for
 *            the readers of one SrcuDomain, which may sleep: destroying it
 *            queues call_srcu() and never blocks; a T with a non-trivial
 *            destructor is destroyed in process context.  Read-only once made.
 *            Invariant: inner_ is null only after a move; otherwise a live
 *            allocation owned only here, whose domain_ is the srcu_struct of a
 *            domain that counts it (kxx_srcu_get) until its callback has
 *            freed it, so the domain is never freed before its boxes are.
 * Contexts:  make() as its gfp says; dropping one: any context.
 * Promises:  docs/soundness.md, "1. Ownership", "2. Borrows" (SRCU rows) and
 *            "4. Contexts" (dropping an SrcuBox never blocks).
 * Tests:     kunit/srcu_test.cpp (kxx_srcu: box_freed_after_readers_leave,
 *            box_drop_does_not_block, destroy_with_box_alive_is_reported),
 *            qemu/test.sh (kxx_unload: SrcuBoxes dropped in the module's exit);
 *            compile-fail: srcu_box_in_temporary_domain.
 */
#ifndef KXX_RCU_SRCU_BOX_H
#define KXX_RCU_SRCU_BOX_H

#include <kxx/alloc/kmalloc.h>
#include <kxx/core/layout.h>
#include <kxx/core/scope_bound.h>
#include <kxx/foreign/ownable.h>
#include <kxx/rcu/grace_box.h>
#include <kxx/rcu/srcu.h>
#include <kxx/result/result.h>

namespace kxx {

namespace detail {
/* An SrcuBox's allocation: T first (the foreign pointer is the T*), then the
 * rcu_head call_srcu() queues, then the domain whose readers the free waits for. */
template <class T> struct SrcuBoxInner {
	using Head = Opaque<KXX_SIZEOF_RCU_HEAD, KXX_ALIGNOF_RCU_HEAD>;
	template <class... Args>
	explicit SrcuBoxInner(struct srcu_struct *ssp, Args &&...args)
	    : value(forward<Args>(args)...), domain(ssp)
	{}
	T value;
	Head head;
	struct srcu_struct *domain;
};
} // namespace detail

/*
 * A uniquely owned, immutable T freed an SRCU grace period of its domain
 * after it is dropped (call_srcu), so that domain's readers, which may
 * sleep, may still look.  make() may sleep if its gfp does; dropping never
 * blocks.  Its move, drop, read-only access and into_raw()/from_raw()/
 * borrow_raw() are detail::GraceBox's (rcu/grace_box.h).  Promises:
 * docs/soundness.md, 1. Ownership and 2. Borrows.
 */
template <class T>
class SrcuBox : public detail::GraceBox<SrcuBox<T>, T, detail::SrcuBoxInner<T>> {
	using Inner = detail::SrcuBoxInner<T>;
	using Base = detail::GraceBox<SrcuBox, T, Inner>;
	using Head = typename Inner::Head;
	using Base::checked;
	static_assert(!scope_bound_v<T>, "a guard lives in a scope, not in an SrcuBox");
	/* Where head is: right after value, aligned (as in RcuBox). */
	static constexpr size_t head_offset =
	    (sizeof(T) + alignof(Head) - 1) / alignof(Head) * alignof(Head);

	static Inner *of(struct callback_head *head)
	{
		return reinterpret_cast<Inner *>(reinterpret_cast<char *>(head) - head_offset);
	}
	static void destroy(struct callback_head *head)
	{
		Inner *inner = of(head);
		struct srcu_struct *ssp = inner->domain; // read before the free
		detail::kfree_delete(inner);
		kxx_srcu_put(ssp);
	}
	// SAFETY: head is the rcu_head of an Inner queued once by queue(); an
	// SRCU grace period of its domain has passed, so no reader of that
	// domain holds a borrow of it any more.
	static void callback(struct callback_head *head)
	{
		if constexpr (is_trivially_destructible_v<T>) {
			destroy(head);
			kxx_rcu_ran();
		} else {
			kxx_rcu_reap(head, &destroy); // ~T may sleep: process context
		}
	}
	static void queue(Inner *inner)
	{
		kxx_call_srcu(inner->domain, reinterpret_cast<struct callback_head *>(&inner->head),
			      &callback);
	}

public:
	/* A T in @domain: its readers are the ones the free waits for. */
	template <srcu_domain Domain, class... Args>
	[[nodiscard]] static Result<SrcuBox> make(const Domain &domain, Gfp gfp, Args &&...args)
	{
		return make_in(domain.raw(), gfp, forward<Args>(args)...);
	}
	/* A temporary domain would end at once, leaked under the box it counts. */
	template <srcu_domain Domain, class... Args>
	static Result<SrcuBox> make(const Domain &&domain, Gfp gfp, Args &&...args) = delete;

private:
	friend struct detail::SrcuFlavour;
	template <class... Args>
	[[nodiscard]] static Result<SrcuBox> make_in(struct srcu_struct *ssp, Gfp gfp, Args &&...args)
	{
		Inner *inner = detail::kmalloc_new<Inner>(gfp, ssp, forward<Args>(args)...);
		if (!inner)
			return code::ENOMEM;
		kxx_srcu_get(ssp);
		// INVARIANT: a live allocation owned only here, counted by its domain.
		return SrcuBox(inner);
	}

public:
	/* Whether its free waits for the readers of @domain. */
	template <srcu_domain Domain> bool in(const Domain &domain) const
	{
		return checked()->domain == domain.raw();
	}

	/* The domain whose readers the free of into_raw()'s @raw waits for. */
	static struct srcu_struct *domain_of(const void *raw)
	{
		return static_cast<const Inner *>(raw)->domain;
	}

private:
	friend Base;
	static constexpr const char *moved_from = "use of a moved-from kxx::SrcuBox";
	explicit SrcuBox(Inner *inner) : Base(inner) {}
};

/* An SrcuBox in a container: the foreign pointer is the T*, lent const only. */
template <class T> struct ForeignOwnable<SrcuBox<T>> : UniqueForeign<SrcuBox<T>, T, const T *> {
	/* The trait's `align`: kmalloc's minimum, or more. */
	static constexpr size_t align =
	    detail::max_align(SrcuBox<T>::inner_align, KXX_KMALLOC_MINALIGN);
};

/* Freed an SRCU grace period of its domain after it is dropped. */
template <class T> inline constexpr bool srcu_freed_v<SrcuBox<T>> = true;

} // namespace kxx

#endif /* KXX_RCU_SRCU_BOX_H */
