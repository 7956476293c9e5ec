/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/arc.h - Arc<T>, a shared owner of a kmalloc'd T counted by refcount_t.
 *
 * `Arc<T>::make(gfp, args...)` allocates the T next to a kernel refcount_t
 * (through the shims, so saturation and the refcount warnings are the
 * kernel's).  Copying an Arc, or `clone()`, adds a reference; destroying one
 * drops it, and the last one runs ~T and kfrees.  Access is `const T&` only:
 * shared data is immutable unless T itself provides interior mutability
 * (atomics, a lock), as in Rust.
 *
 * Invariant: inner_ is null only after a move or into_raw; otherwise it
 * points to a live Inner whose count includes this Arc.
 */
#ifndef KXX_ARC_H
#define KXX_ARC_H

#include <kxx/alloc.h>
#include <kxx/bindings.h>
#include <kxx/layout.h>
#include <kxx/result.h>

namespace kxx {

template <class T> class Arc {
	struct Inner {
		template <class... Args> explicit Inner(Args &&...args)
		    : value(forward<Args>(args)...)
		{
			kxx_refcount_set(refcount(), 1);
		}
		struct refcount_struct *refcount()
		{
			// SAFETY: count is storage of exactly the size and
			// alignment of refcount_t (from the layout header), and
			// only the refcount shims touch it.
			return reinterpret_cast<struct refcount_struct *>(&count);
		}

		Opaque<KXX_SIZEOF_REFCOUNT, KXX_ALIGNOF_REFCOUNT> count;
		T value;
	};

public:
	/* Allocates a T constructed from @args with one reference. */
	template <class... Args> [[nodiscard]] static Result<Arc> make(Gfp gfp, Args &&...args)
	{
		Inner *inner = detail::kmalloc_new<Inner>(gfp, forward<Args>(args)...);
		if (!inner)
			return code::ENOMEM;
		// INVARIANT: the count is 1, and this Arc is that reference.
		return Arc(inner);
	}

	Arc(const Arc &other) : inner_(other.inner_)
	{
		if (inner_)
			kxx_refcount_inc(inner_->refcount());
	}
	Arc(Arc &&other) : inner_(exchange(other.inner_, nullptr)) {}
	Arc &operator=(Arc other)
	{
		swap(inner_, other.inner_);
		return *this;
	}
	~Arc() { drop(); }

	/* Another reference to the same T. */
	[[nodiscard]] Arc clone() const { return Arc(*this); }

	const T &operator*() const { return inner_->value; }
	const T *operator->() const { return &inner_->value; }
	const T *get() const { return &inner_->value; }

	/* Current count; only meaningful as a snapshot (tests, debugging). */
	unsigned int ref_count() const
	{
		return inner_ ? kxx_refcount_read(inner_->refcount()) : 0;
	}

	/* Whether two Arcs share one allocation. */
	bool ptr_eq(const Arc &other) const { return inner_ == other.inner_; }

	/*
	 * Gives up this reference without dropping it: the caller must pass
	 * the pointer to from_raw() exactly once.
	 */
	[[nodiscard]] void *into_raw() { return exchange(inner_, nullptr); }
	/* Takes back a reference released by into_raw(). */
	[[nodiscard]] static Arc from_raw(void *raw) { return Arc(static_cast<Inner *>(raw)); }
	/* The T behind a pointer from into_raw(), without taking the reference. */
	static const T *borrow_raw(const void *raw)
	{
		return &static_cast<const Inner *>(raw)->value;
	}

	static constexpr size_t inner_align = alignof(Inner);

private:
	explicit Arc(Inner *inner) : inner_(inner) {}

	void drop()
	{
		// SAFETY: by the invariant this Arc holds one reference; when it
		// was the last, nobody else can reach inner_ any more.
		if (inner_ && kxx_refcount_dec_and_test(inner_->refcount()))
			detail::kfree_delete(inner_);
		inner_ = nullptr;
	}

	Inner *inner_;
};

} // namespace kxx

#endif /* KXX_ARC_H */
