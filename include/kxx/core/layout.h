/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/core/layout.h - the target kernel's sizes and constants, for C++.
 *
 * Wraps:     the kernel headers src/layout-headers.h lists, through the
 *            generated generated/kxx_layout.h (see kxx/layout.def).
 * Types:     Opaque<Size, Align>: raw storage of exactly a kernel struct's size
 *            and alignment, which only the shims interpret (through a pointer
 *            they cast back to the real type); layout::table, the values as C++
 *            sees them.  Invariant: every Opaque kxx embeds has the kernel's
 *            size and alignment (static_asserts below).
 * Promises:  docs/soundness.md, introduction (kxx never guesses a layout).
 * Tests:     kunit/pipeline_test.cpp (kxx_pipeline.layout_header_matches_kernel
 *            compares every value with the C side at run time).
 *
 * `struct xarray` is 80 bytes with lockdep and 16 without, and guessing
 * either one corrupts memory.
 */
#ifndef KXX_CORE_LAYOUT_H
#define KXX_CORE_LAYOUT_H

#include <kxx/core/types.h>
#include <kxx_layout.h>

namespace kxx::layout {

/* One entry of the table, for tests that compare C++ and C at run time. */
struct Entry {
	/* The constant's name in layout.def, and its value as C computed it. */
	const char *name;
	unsigned long value;
};

/* Every entry of kxx/layout.def, and how many there are. */
inline constexpr Entry table[] = {
#define KXX_LAYOUT(name, expr) { #name, static_cast<unsigned long>(KXX_##name) },
#include <kxx/layout.def>
#undef KXX_LAYOUT
};

/* How many entries the table has. */
inline constexpr unsigned int count = sizeof(table) / sizeof(table[0]);

} // namespace kxx::layout

namespace kxx {

/*
 * Raw storage for a kernel struct that C++ owns but never looks inside.  Only
 * the shims interpret it, through a pointer they cast back to the real type.
 */
template <size_t Size, size_t Align> struct alignas(Align) Opaque {
	/* The struct's bytes, never read by C++. */
	unsigned char bytes[Size];
};

/* The storage C++ gives each embedded kernel struct is exactly the kernel's. */
static_assert(sizeof(Opaque<KXX_SIZEOF_XARRAY, KXX_ALIGNOF_XARRAY>) == KXX_SIZEOF_XARRAY);
static_assert(alignof(Opaque<KXX_SIZEOF_XARRAY, KXX_ALIGNOF_XARRAY>) == KXX_ALIGNOF_XARRAY);
static_assert(sizeof(Opaque<KXX_SIZEOF_XA_STATE, KXX_ALIGNOF_XA_STATE>) == KXX_SIZEOF_XA_STATE);
static_assert(sizeof(Opaque<KXX_SIZEOF_SPINLOCK, KXX_ALIGNOF_SPINLOCK>) == KXX_SIZEOF_SPINLOCK);
static_assert(sizeof(Opaque<KXX_SIZEOF_REFCOUNT, KXX_ALIGNOF_REFCOUNT>) == KXX_SIZEOF_REFCOUNT);
static_assert(sizeof(Opaque<KXX_SIZEOF_RCU_HEAD, KXX_ALIGNOF_RCU_HEAD>) == KXX_SIZEOF_RCU_HEAD);

static_assert(sizeof(void *) == KXX_SIZEOF_POINTER, "kxx: C++ and C disagree on pointer size");

} // namespace kxx

#endif /* KXX_CORE_LAYOUT_H */
