/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/xarray/entry.h - what an XArray entry is: an aligned pointer or a value.
 *
 * Wraps:     <linux/xarray.h> (xa_mk_value, xa_is_value, xa_to_value: the
 *            low-bit encoding of value entries).
 * Types:     none: detail::xa_mk_value/xa_is_value/xa_to_value,
 *            detail::xa_entries_ok<P> (whether P's entries can live in an
 *            XArray: pointers at least 4-byte aligned, or values; XaValue and
 *            XaEither say so beside themselves) and detail::borrowed_entry (the
 *            foreign pointer a borrow views, for compare_exchange()).
 * Promises:  docs/soundness.md, "3. Locking" (value entries hold 0..LONG_MAX;
 *            values and owners share an array only through XaEither).
 * Tests:     compile-fail: xarray_entry_align; kunit/xarray_value_test.cpp
 *            (kxx_xarray_values), kunit/xarray_guard_test.cpp
 *            (kxx_xarray_api.compare_exchange).
 */
#ifndef KXX_XARRAY_ENTRY_H
#define KXX_XARRAY_ENTRY_H

#include <kxx/foreign/ownable.h>

namespace kxx {

/*
 * The kernel tells a value entry by its low bit (1); pointers stored in an
 * XArray are 4-byte aligned, so the two kinds never meet in one encoding.
 */
namespace detail {
inline void *xa_mk_value(unsigned long v)
{
	return reinterpret_cast<void *>((v << 1) | 1);
}
inline bool xa_is_value(const void *entry)
{
	return reinterpret_cast<unsigned long>(entry) & 1;
}
inline unsigned long xa_to_value(const void *entry)
{
	return reinterpret_cast<unsigned long>(entry) >> 1;
}
} // namespace detail

namespace detail {
/* Whether P's entries can live in an XArray: aligned pointers, or values. */
template <class P> inline constexpr bool xa_entries_ok = ForeignOwnable<P>::align >= 4;

/*
 * The foreign pointer a borrow views, for compare_exchange(): the owners'
 * ForeignOwnable says (as_foreign), or the borrow is the pointer.
 */
template <class P, class B> void *borrowed_entry(const B &b)
{
	if constexpr (requires { ForeignOwnable<P>::as_foreign(b); })
		return ForeignOwnable<P>::as_foreign(b);
	else
		return const_cast<void *>(static_cast<const void *>(b));
}
} // namespace detail

} // namespace kxx

#endif /* KXX_XARRAY_ENTRY_H */
