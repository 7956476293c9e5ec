/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/alloc/gfp.h - allocation flags whose types say whether they may sleep.
 *
 * Wraps:     <linux/gfp_types.h> (GFP_KERNEL, GFP_NOIO, GFP_ATOMIC, GFP_NOWAIT,
 *            __GFP_ZERO, __GFP_NOWARN, __GFP_ACCOUNT), through the generated
 *            layout header.
 * Types:     Gfp (any gfp_t), AtomicGfp (one that never blocks: what an
 *            operation under a kxx lock takes), BlockingGfp (GFP_KERNEL,
 *            GFP_NOIO: one that may block), GfpFlag (a modifier).
 *            Invariant: an AtomicGfp never has __GFP_DIRECT_RECLAIM; the bits
 *            are private, so only the named constants make one, and a GfpFlag
 *            never adds reclaim bits.
 * Contexts:  GFP_KERNEL and GFP_NOIO: process context; the others: any.
 * Promises:  docs/soundness.md, "3. Locking" (under a Guard only an AtomicGfp
 *            compiles) and "4. Contexts".
 * Tests:     compile-fail: gfp_forged_atomic, guard_store_blocking_gfp,
 *            guard_store_order_blocking_gfp; clang-fail:
 *            blocking_gfp_under_spin_guard, blocking_gfp_under_read_guard;
 *            kunit/alloc_test.cpp
 *            (kxx_box.gfp_zero_memory_is_zeroed).
 *
 * As gfp_t does in C, the flags say the context:
 *
 *   Gfp        any gfp_t: GFP_KERNEL, which may block (process context only),
 *              or a non-blocking one converted from AtomicGfp.
 *   AtomicGfp  a gfp_t that never blocks: GFP_ATOMIC, GFP_NOWAIT.  What an
 *              operation under a kxx lock takes (XArray::Guard's store,
 *              alloc, ...): GFP_KERNEL there does not compile.
 *   BlockingGfp  GFP_KERNEL and GFP_NOIO as written: a Gfp that may block.
 *              It becomes a Gfp where an allocation takes one, and that
 *              conversion is KXX_MIGHT_SLEEP: the Clang pass rejects it in
 *              the scope of a guard that makes the context atomic
 *              (sync/atomic_context.h), wherever the allocation is.
 *   GfpFlag    a modifier, combined with `|`: GFP_ZERO, GFP_NOWARN,
 *              GFP_ACCOUNT (`GFP_ATOMIC | GFP_ZERO` is still an AtomicGfp).
 */
#ifndef KXX_ALLOC_GFP_H
#define KXX_ALLOC_GFP_H

#include <kxx/core/layout.h>
#include <kxx/sync/atomic_context.h>

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
	/* Two modifiers at once; bits() is the kernel's gfp_t, for the shims. */
	constexpr GfpFlag operator|(GfpFlag other) const { return GfpFlag(bits_ | other.bits_); }
	constexpr unsigned int bits() const { return bits_; }

private:
	friend struct detail::GfpMaker;
	// A modifier never adds reclaim (blocking) bits, whatever it is.
	constexpr explicit GfpFlag(unsigned int bits) : bits_(bits & ~KXX_GFP_DIRECT_RECLAIM) {}
	unsigned int bits_;
};

/*
 * Allocation flags that may block (GFP_KERNEL, GFP_NOIO): process context
 * only, no spinlock or RCU read section held.
 */
class Gfp {
public:
	/* The flags with a modifier added; equality. */
	constexpr Gfp operator|(GfpFlag flag) const { return Gfp(bits_ | flag.bits()); }
	constexpr bool operator==(const Gfp &) const = default;
	/* Whether an allocation with these flags may sleep (direct reclaim). */
	constexpr bool may_block() const { return bits_ & KXX_GFP_DIRECT_RECLAIM; }
	constexpr unsigned int bits() const { return bits_; }

private:
	friend struct detail::GfpMaker;
	friend class AtomicGfp;
	friend class BlockingGfp;
	constexpr explicit Gfp(unsigned int bits) : bits_(bits) {}
	unsigned int bits_;
};

/*
 * Allocation flags that never block (GFP_ATOMIC, GFP_NOWAIT): any context;
 * what a Guard's operations take.  It converts to Gfp.
 */
class AtomicGfp {
public:
	/* The flags with a modifier added; as a Gfp; equality; the kernel's gfp_t. */
	constexpr AtomicGfp operator|(GfpFlag flag) const { return AtomicGfp(bits_ | flag.bits()); }
	constexpr operator Gfp() const { return Gfp(bits_); }
	constexpr bool operator==(const AtomicGfp &) const = default;
	constexpr unsigned int bits() const { return bits_; }

private:
	friend struct detail::GfpMaker;
	constexpr explicit AtomicGfp(unsigned int bits) : bits_(bits) {}
	unsigned int bits_;
};

/* GFP_KERNEL and GFP_NOIO: turned into a Gfp where used, which may sleep. */
class BlockingGfp {
public:
	/*
	 * The flags with a modifier added; as a Gfp (marked as a call that may
	 * sleep, so the Clang pass rejects it in an atomic scope:
	 * sync/atomic_context.h); equality; always blocking; the kernel's gfp_t.
	 */
	constexpr BlockingGfp operator|(GfpFlag flag) const { return BlockingGfp(bits_ | flag.bits()); }
	constexpr operator Gfp() const KXX_MIGHT_SLEEP { return Gfp(bits_); }
	constexpr bool operator==(const BlockingGfp &) const = default;
	constexpr bool may_block() const { return true; }
	constexpr unsigned int bits() const { return bits_; }

private:
	friend struct detail::GfpMaker;
	constexpr explicit BlockingGfp(unsigned int bits) : bits_(bits) {}
	unsigned int bits_;
};

namespace detail {
struct GfpMaker {
	static constexpr BlockingGfp blocking(unsigned int bits) { return BlockingGfp(bits); }
	static constexpr AtomicGfp atomic(unsigned int bits) { return AtomicGfp(bits); }
	static constexpr GfpFlag flag(unsigned int bits) { return GfpFlag(bits); }
};
} // namespace detail

/* May block to reclaim memory: process context, no lock held. */
inline constexpr BlockingGfp GFP_KERNEL = detail::GfpMaker::blocking(KXX_GFP_KERNEL);
/* May block, but never starts I/O to reclaim memory: for block drivers' I/O paths. */
inline constexpr BlockingGfp GFP_NOIO = detail::GfpMaker::blocking(KXX_GFP_NOIO);
inline constexpr AtomicGfp GFP_ATOMIC = detail::GfpMaker::atomic(KXX_GFP_ATOMIC);
inline constexpr AtomicGfp GFP_NOWAIT = detail::GfpMaker::atomic(KXX_GFP_NOWAIT);
inline constexpr GfpFlag GFP_ZERO = detail::GfpMaker::flag(KXX_GFP_ZERO);
inline constexpr GfpFlag GFP_NOWARN = detail::GfpMaker::flag(KXX_GFP_NOWARN);
inline constexpr GfpFlag GFP_ACCOUNT = detail::GfpMaker::flag(KXX_GFP_ACCOUNT);

static_assert((KXX_GFP_ATOMIC & KXX_GFP_DIRECT_RECLAIM) == 0 &&
		      (KXX_GFP_NOWAIT & KXX_GFP_DIRECT_RECLAIM) == 0,
	      "GFP_ATOMIC and GFP_NOWAIT never block");
static_assert((KXX_GFP_KERNEL & KXX_GFP_DIRECT_RECLAIM) != 0);

} // namespace kxx

#endif /* KXX_ALLOC_GFP_H */
