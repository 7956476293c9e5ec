/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/xarray/flags.h - XaFlags and XaLimit: what xa_init_flags() and xa_limit say.
 *
 * Wraps:     <linux/xarray.h> (XA_FLAGS_ALLOC, XA_FLAGS_ALLOC1,
 *            XA_FLAGS_LOCK_IRQ, XA_FLAGS_LOCK_BH, XA_FLAGS_ACCOUNT, struct
 *            xa_limit), through the generated layout header.
 * Types:     XaFlags (with `|` and has_flag()), xa_runtime_flags (XArray's
 *            second template argument when the flags are the constructor's),
 *            XaLimit (an inclusive range of ids).  No invariants: which
 *            combinations an array accepts is xarray/xarray.h's and
 *            xarray/lock.h's to say.
 * Promises:  docs/soundness.md, "3. Locking" (the lock flavour the flags name;
 *            alloc() only where the flags allocate).
 * Tests:     kunit/xarray_flags_test.cpp (kxx_xarray:
 *            rust_example_alloc1_starts_at_one, alloc_with_flags_in_the_type,
 *            alloc_limits_and_full_range, alloc1_never_returns_zero,
 *            alloc_cyclic_wraps, alloc_on_plain_array_is_einval),
 *            kunit/xarray_lock_test.cpp (kxx_xarray:
 *            lock_flavours_follow_flags, lock_flavours_fixed_in_the_type);
 *            compile-fail: xarray_fixed_flags_twice, xarray_fixed_irq_and_bh,
 *            xarray_fixed_alloc_without_alloc_flag.
 */
#ifndef KXX_XARRAY_FLAGS_H
#define KXX_XARRAY_FLAGS_H

#include <kxx/core/layout.h>

namespace kxx {

/*
 * The flags an XArray is made with (xa_init_flags): how its lock is taken and
 * whether it allocates ids.
 */
enum class XaFlags : unsigned int {
	None = 0,
	Alloc = KXX_XA_FLAGS_ALLOC,
	Alloc1 = KXX_XA_FLAGS_ALLOC1,
	LockIrq = KXX_XA_FLAGS_LOCK_IRQ,
	LockBh = KXX_XA_FLAGS_LOCK_BH,
	Account = KXX_XA_FLAGS_ACCOUNT,
};

static_assert((KXX_XA_FLAGS_ALLOC & KXX_XA_FLAGS_TRACK_FREE) != 0 &&
		  (KXX_XA_FLAGS_ALLOC1 & KXX_XA_FLAGS_TRACK_FREE) != 0,
	      "Alloc and Alloc1 arrays track free entries");

/*
 * XArray's second template argument when it is not given: the flags are
 * the constructor's, at run time.  Not a combination of real flags.
 */
inline constexpr XaFlags xa_runtime_flags = static_cast<XaFlags>(~0u);

/* Both sets of flags. */
constexpr XaFlags operator|(XaFlags a, XaFlags b)
{
	return static_cast<XaFlags>(static_cast<unsigned int>(a) | static_cast<unsigned int>(b));
}
/* Whether @set has @flag. */
constexpr bool has_flag(XaFlags set, XaFlags flag)
{
	return (static_cast<unsigned int>(set) & static_cast<unsigned int>(flag)) ==
	       static_cast<unsigned int>(flag);
}

/* An inclusive range of ids for alloc(), like struct xa_limit. */
struct XaLimit {
	/* The lowest and highest id alloc() may give. */
	u32 min;
	u32 max;

	/* Every id (xa_limit_32b). */
	static constexpr XaLimit all() { return { 0, U32_MAX }; }
};

} // namespace kxx

#endif /* KXX_XARRAY_FLAGS_H */
