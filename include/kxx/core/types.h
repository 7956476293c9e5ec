/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/core/types.h - the fixed-width integer types and limits.
 *
 * Wraps:     none (compiler builtins: kxx is built with -nostdinc -nostdinc++,
 *            so no standard header exists).
 * Types:     u8 ... u64, s8 ... s64, size_t, ptrdiff_t, uintptr_t, nullptr_t;
 *            ULONG_MAX, U32_MAX.  u64 is unsigned long long, as the kernel's
 *            (int-ll64.h), so %llu fits.
 * Promises:  none of its own (vocabulary).
 * Tests:     kunit/pipeline_test.cpp (kxx_pipeline.layout_header_matches_kernel
 *            compares the sizes C++ and C see); used by every suite.
 */
#ifndef KXX_CORE_TYPES_H
#define KXX_CORE_TYPES_H

namespace kxx {

/* The kernel's integer types (and std's size_t family), from the compiler. */
using size_t = __SIZE_TYPE__;
using ptrdiff_t = __PTRDIFF_TYPE__;
using uintptr_t = __UINTPTR_TYPE__;
using u8 = __UINT8_TYPE__;
using u16 = __UINT16_TYPE__;
using u32 = __UINT32_TYPE__;
using u64 = unsigned long long; // as the kernel's (int-ll64.h), so %llu fits
using s8 = __INT8_TYPE__;
using s16 = __INT16_TYPE__;
using s32 = __INT32_TYPE__;
using s64 = long long;
using nullptr_t = decltype(nullptr);

/* The kernel's limits of the same names. */
inline constexpr unsigned long ULONG_MAX = ~0UL;
inline constexpr u32 U32_MAX = ~0U;

} // namespace kxx

#endif /* KXX_CORE_TYPES_H */
