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
#include <kxx/rcu/srcu.h>
#include <kxx/result/result.h>

namespace kxx {

/*
 * A uniquely owned, immutable T freed an SRCU grace period of its domain
 * after it is dropped (call_srcu), so that domain's readers, which may
 * sleep, may still look.  make() may sleep if its gfp does; dropping never
 * blocks.  Promises: docs/soundness.md, 1. Ownership and 2. Borrows.
 */
template <class T> class SrcuBox {
	using Head = Opaque<KXX_SIZEOF_RCU_HEAD, KXX_ALIGNOF_RCU_HEAD>;
	struct Inner {
		template <class... Args> explicit Inner(struct srcu_struct *ssp, Args &&...args)
		    : value(forward<Args>(args)...), domain(ssp)
		{}
		T value;
		Head head;
		struct srcu_struct *domain;
	};
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
	template <class... Args>
	[[nodiscard]] static Result<SrcuBox> make(const SrcuDomain &domain, Gfp gfp, Args &&...args)
	{
		return make_in(domain.raw(), gfp, forward<Args>(args)...);
	}
	/* A temporary domain would end at once, leaked under the box it counts. */
	template <class... Args>
	static Result<SrcuBox> make(const SrcuDomain &&domain, Gfp gfp, Args &&...args) = delete;

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
	/* Takes other's T; other is left empty (inert). */
	SrcuBox(SrcuBox &&other) : inner_(exchange(other.inner_, nullptr)) {}
	/* Takes other's pointer first, then drops the old T (see Box). */
	SrcuBox &operator=(SrcuBox &&other)
	{
		if (Inner *old = exchange(inner_, exchange(other.inner_, nullptr)))
			queue(old);
		return *this;
	}
	SrcuBox(const SrcuBox &) = delete;
	SrcuBox &operator=(const SrcuBox &) = delete;
	~SrcuBox()
	{
		if (Inner *inner = exchange(inner_, nullptr))
			queue(inner);
	}

	/* Read-only, as RcuBox: readers of the domain may be looking at it. */
	const T &operator*() const & { return checked()->value; }
	const T *operator->() const { return &checked()->value; }
	const T *get() const & { return inner_ ? &inner_->value : nullptr; }
	const T &operator*() const && = delete;
	const T *get() const && = delete;
	explicit operator bool() const { return inner_ != nullptr; }

	/* Whether its free waits for the readers of @domain. */
	bool in(const SrcuDomain &domain) const { return checked()->domain == domain.raw(); }

	/* Gives up ownership: the caller must pass the pointer to from_raw(). */
	[[nodiscard]] void *into_raw() { return exchange(inner_, nullptr); }
	/* Takes back a non-null pointer from into_raw() (as Box::from_raw). */
	[[nodiscard]] static SrcuBox from_raw(const void *raw)
	{
		if (!raw)
			__builtin_unreachable();
		return SrcuBox(static_cast<Inner *>(const_cast<void *>(raw)));
	}
	// SAFETY: value is at offset 0 of Inner.
	static const T *borrow_raw(const void *raw) { return static_cast<const T *>(raw); }
	/* The domain whose readers the free of into_raw()'s @raw waits for. */
	static struct srcu_struct *domain_of(const void *raw)
	{
		return static_cast<const Inner *>(raw)->domain;
	}

	/* How the allocation is aligned (the trait's `align`). */
	static constexpr size_t inner_align = alignof(Inner);

private:
	explicit SrcuBox(Inner *inner) : inner_(inner) {}

	Inner *checked() const
	{
		if (__builtin_expect(!inner_, 0))
			kxx_bug("use of a moved-from kxx::SrcuBox");
		return inner_;
	}

	Inner *inner_;
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
