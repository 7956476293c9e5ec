/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/core/misuse.h - misuse reports: a WARN once per call site, or BUG().
 *
 * Wraps:     <asm-generic/bug.h> (WARN, BUG) through src/core.c (kxx_warn,
 *            kxx_bug).
 * Types:     none.  KXX_WARN_MISUSE(why): a misuse kxx recovers from, reported
 *            once per call site (counted instead while a test's
 *            kunit::ExpectMisuse lives); detail::bad_access(why): the "no value
 *            to give" misuses (Option and Result accessors), which stop with
 *            BUG().
 * Promises:  docs/soundness.md, introduction (*report* and *BUG* mechanisms).
 * Tests:     every `report` row of docs/soundness.md, e.g.
 *            kunit/xarray_guard_test.cpp
 *            (kxx_xarray.mark0_refused_on_allocating_arrays),
 *            kunit/result_test.cpp (kxx_error.invalid_errno_becomes_einval).
 */
#ifndef KXX_CORE_MISUSE_H
#define KXX_CORE_MISUSE_H

#include <kxx/bindings.h>

/*
 * WARN once per call site, naming the site; evaluates to nothing.  Used where
 * kxx detects a misuse and can fall back to a safe state instead of undefined
 * behaviour.
 */
#define KXX_WARN_MISUSE(why)                                                                       \
	do {                                                                                       \
		static bool kxx_warned_;                                                           \
		kxx_warn(&kxx_warned_, __FILE__, __LINE__, why);                                   \
	} while (0)

namespace kxx::detail {

/*
 * The one place the "no value to give" misuses stop.  Under Clang it is
 * always inlined, so the call is to kxx_bug() itself: objtool must see that
 * a call ends the path, and it never assumes that of a weak (inline,
 * COMDAT) function, as Clang leaves this one.  GCC's link-time merge
 * leaves no weak copy, and forcing the inlining there costs (46
 * instructions per multi-index store in make bench).
 */
#ifdef __clang__
#define KXX_BAD_ACCESS_INLINE gnu::always_inline
#else
#define KXX_BAD_ACCESS_INLINE
#endif
[[noreturn, gnu::cold, KXX_BAD_ACCESS_INLINE]] inline void bad_access(const char *why)
{
	kxx_bug(why);
}

} // namespace kxx::detail

#endif /* KXX_CORE_MISUSE_H */
