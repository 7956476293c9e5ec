/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/layout.h - the target kernel's sizes and constants, for C++.
 *
 * The numbers come from generated/kxx_layout.h, which Kbuild writes from the
 * kernel headers of the kernel being built against (see kxx/layout.def).
 * Kernel structs that kxx embeds are held in `Opaque<Size, Align>` storage of
 * exactly that size and alignment: `struct xarray` is 80 bytes with lockdep
 * and 16 without, and guessing either one corrupts memory.
 */
#ifndef KXX_LAYOUT_H
#define KXX_LAYOUT_H

#include <kxx/utility.h>
#include <kxx_layout.h>

namespace kxx::layout {

/* One entry of the table, for tests that compare C++ and C at run time. */
struct Entry {
	const char *name;
	unsigned long value;
};

inline constexpr Entry table[] = {
#define KXX_LAYOUT(name, expr) { #name, static_cast<unsigned long>(KXX_##name) },
#include <kxx/layout.def>
#undef KXX_LAYOUT
};

inline constexpr unsigned int count = sizeof(table) / sizeof(table[0]);

} // namespace kxx::layout

namespace kxx {

/*
 * Raw storage for a kernel struct that C++ owns but never looks inside.  Only
 * the shims interpret it, through a pointer they cast back to the real type.
 */
template <size_t Size, size_t Align> struct alignas(Align) Opaque {
	unsigned char bytes[Size];
};

static_assert(sizeof(void *) == KXX_SIZEOF_POINTER, "kxx: C++ and C disagree on pointer size");

} // namespace kxx

#endif /* KXX_LAYOUT_H */
