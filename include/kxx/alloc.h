/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/alloc.h - allocation flags and Box<T>, the unique owner of a kmalloc'd T.
 *
 * Allocation flags say the context, as gfp_t does in C, and their types say
 * whether an allocation may sleep:
 *
 *   Gfp        any gfp_t: GFP_KERNEL, which may block (process context only),
 *              or a non-blocking one converted from AtomicGfp.
 *   AtomicGfp  a gfp_t that never blocks: GFP_ATOMIC, GFP_NOWAIT.  What an
 *              operation under a kxx lock takes (XArray::Guard's store,
 *              alloc, ...): GFP_KERNEL there does not compile.
 *   GfpFlag    a modifier, combined with `|`: GFP_ZERO, GFP_NOWARN,
 *              GFP_ACCOUNT (`GFP_ATOMIC | GFP_ZERO` is still an AtomicGfp).
 *
 * `Box<T>::make(gfp, args...)` allocates and constructs a T and returns a
 * `Result<Box<T>>`: ENOMEM is a value, never a null pointer to forget to
 * check.  A Box is move-only; destroying it runs ~T and kfrees the memory,
 * exactly once.  `into_raw()`/`from_raw()` hand the ownership to C and take
 * it back (this is what ForeignOwnable builds on).
 *
 * Invariant: a Box's pointer is either null (only after it was moved from or
 * released with into_raw) or points to a live T in memory from kmalloc that
 * this Box alone owns.  A null Box is inert: dropping it frees nothing, and
 * dereferencing it is a reported bug (BUG()), never a wild access.
 */
#ifndef KXX_ALLOC_H
#define KXX_ALLOC_H

#include <kxx/bindings.h>
#include <kxx/layout.h>
#include <kxx/result.h>
#include <kxx/utility.h>

namespace kxx {

/*
 * The three types are made only from the named constants below: their bits
 * are private, so no cast or aggregate spelling can put a blocking gfp in
 * an AtomicGfp (kxx's own code reads them with bits()).
 */
namespace detail {
struct GfpMaker;
}

/* A modifier: combined with a Gfp or an AtomicGfp, it keeps that type. */
class GfpFlag {
public:
	constexpr GfpFlag operator|(GfpFlag other) const { return GfpFlag(bits_ | other.bits_); }
	constexpr unsigned int bits() const { return bits_; }

private:
	friend struct detail::GfpMaker;
	// A modifier never adds reclaim (blocking) bits, whatever it is.
	constexpr explicit GfpFlag(unsigned int bits) : bits_(bits & ~KXX_GFP_DIRECT_RECLAIM) {}
	unsigned int bits_;
};

class Gfp {
public:
	constexpr Gfp operator|(GfpFlag flag) const { return Gfp(bits_ | flag.bits()); }
	constexpr bool operator==(const Gfp &) const = default;
	/* Whether an allocation with these flags may sleep (direct reclaim). */
	constexpr bool may_block() const { return bits_ & KXX_GFP_DIRECT_RECLAIM; }
	constexpr unsigned int bits() const { return bits_; }

private:
	friend struct detail::GfpMaker;
	friend class AtomicGfp;
	constexpr explicit Gfp(unsigned int bits) : bits_(bits) {}
	unsigned int bits_;
};

class AtomicGfp {
public:
	constexpr AtomicGfp operator|(GfpFlag flag) const { return AtomicGfp(bits_ | flag.bits()); }
	constexpr operator Gfp() const { return Gfp(bits_); }
	constexpr bool operator==(const AtomicGfp &) const = default;
	constexpr unsigned int bits() const { return bits_; }

private:
	friend struct detail::GfpMaker;
	constexpr explicit AtomicGfp(unsigned int bits) : bits_(bits) {}
	unsigned int bits_;
};

namespace detail {
struct GfpMaker {
	static constexpr Gfp gfp(unsigned int bits) { return Gfp(bits); }
	static constexpr AtomicGfp atomic(unsigned int bits) { return AtomicGfp(bits); }
	static constexpr GfpFlag flag(unsigned int bits) { return GfpFlag(bits); }
};
} // namespace detail

inline constexpr Gfp GFP_KERNEL = detail::GfpMaker::gfp(KXX_GFP_KERNEL);
/* May block, but never starts I/O to reclaim memory: for block drivers' I/O paths. */
inline constexpr Gfp GFP_NOIO = detail::GfpMaker::gfp(KXX_GFP_NOIO);
inline constexpr AtomicGfp GFP_ATOMIC = detail::GfpMaker::atomic(KXX_GFP_ATOMIC);
inline constexpr AtomicGfp GFP_NOWAIT = detail::GfpMaker::atomic(KXX_GFP_NOWAIT);
inline constexpr GfpFlag GFP_ZERO = detail::GfpMaker::flag(KXX_GFP_ZERO);
inline constexpr GfpFlag GFP_NOWARN = detail::GfpMaker::flag(KXX_GFP_NOWARN);
inline constexpr GfpFlag GFP_ACCOUNT = detail::GfpMaker::flag(KXX_GFP_ACCOUNT);

static_assert((KXX_GFP_ATOMIC & KXX_GFP_DIRECT_RECLAIM) == 0 &&
		      (KXX_GFP_NOWAIT & KXX_GFP_DIRECT_RECLAIM) == 0,
	      "GFP_ATOMIC and GFP_NOWAIT never block");
static_assert((KXX_GFP_KERNEL & KXX_GFP_DIRECT_RECLAIM) != 0);

namespace detail {

/*
 * kmalloc guarantees ARCH_KMALLOC_MINALIGN, and natural alignment for
 * power-of-two sizes.  For an over-aligned T, ask for a power-of-two size of
 * at least alignof(T), so the memory is aligned for T.
 */
template <class T> constexpr unsigned long alloc_size()
{
	unsigned long size = sizeof(T);

	if (alignof(T) <= KXX_KMALLOC_MINALIGN)
		return size;
	unsigned long pow2 = alignof(T);
	while (pow2 < size)
		pow2 <<= 1;
	return pow2;
}

/* Allocates and constructs a T; null on allocation failure. */
template <class T, class... Args> T *kmalloc_new(Gfp gfp, Args &&...args)
{
	static_assert(alloc_size<T>() <= KXX_KMALLOC_MAX_SIZE,
		      "this T is larger than kmalloc() can allocate (KMALLOC_MAX_SIZE): the page "
		      "allocator would warn and fail; allocate its parts separately");
	void *mem = kxx_kmalloc(alloc_size<T>(), gfp.bits());
	if (!mem)
		return nullptr;
	// SAFETY: mem is a fresh allocation of at least sizeof(T) bytes,
	// aligned for T (see alloc_size()).
	return new (mem) T(forward<Args>(args)...);
}

/* Destroys and frees a T that kmalloc_new() made. */
template <class T> void kfree_delete(T *p)
{
	p->~T();
	kxx_kfree(p);
}

/*
 * Frees an Inner (made by kmalloc_new, with an rcu_head at @HeadOffset) a
 * grace period after queue(): what RcuBox and RcuArc drop with.  The call_rcu()
 * callback runs in softirq: an Inner whose destructor is trivial is freed
 * there, as C's kfree_rcu(); any other is destroyed in process context
 * (kxx_rcu_reap), where its destructor may sleep or take locks that are
 * also taken with BH enabled (a T holding an XArray, an Rcu, a mutex).
 */
template <class Inner, size_t HeadOffset> struct RcuFree {
	static Inner *of(struct callback_head *head)
	{
		return reinterpret_cast<Inner *>(reinterpret_cast<char *>(head) - HeadOffset);
	}
	static void destroy(struct callback_head *head) { kfree_delete(of(head)); }
	static void callback(struct callback_head *head)
	{
		// SAFETY: head is the rcu_head of an Inner queued once by
		// queue(); a grace period has passed, so no reader holds a
		// borrow of it any more.
		if constexpr (is_trivially_destructible_v<Inner>) {
			destroy(head);
			kxx_rcu_ran();
		} else {
			kxx_rcu_reap(head, &destroy);
		}
	}
	static void queue(Inner *inner)
	{
		kxx_call_rcu(reinterpret_cast<struct callback_head *>(
				 reinterpret_cast<char *>(inner) + HeadOffset),
			     &callback);
	}
};

} // namespace detail

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

} // namespace kxx

#endif /* KXX_ALLOC_H */
