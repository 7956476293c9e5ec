/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/xarray/marks.h - XaMark: the three search marks (XA_MARK_0/1/2).
 *
 * Wraps:     <linux/xarray.h> (XA_MARK_0, XA_MARK_1, XA_MARK_2; XA_FREE_MARK is
 *            XA_MARK_0) through the generated layout header.
 * Types:     XaMark0 (mark 0, a type of its own so that an array whose type
 *            says it allocates can refuse it at compile time) and XaMark (any
 *            of the three; XaMark::M0/M1/M2).  Invariant: an XaMark holds
 *            XA_MARK_0, 1 or 2.  KXX_XA_MARK0_ON_ALLOC: the one diagnostic
 *            every mark-0 refusal gives (Guard, cursors).
 * Promises:  docs/soundness.md, "3. Locking" (mark 0 is never set, cleared,
 *            read or iterated on an allocating array).
 * Tests:     compile-fail: xarray_mark0_on_alloc_array,
 *            xarray_mark0_iteration_on_alloc_array,
 *            cursor_mark0_on_alloc_array; kunit/xarray_guard_test.cpp
 *            (kxx_xarray.mark0_refused_on_allocating_arrays),
 *            kunit/xarray_cursor_test.cpp
 *            (kxx_xarray_cursor.mark0_refused_on_allocating_arrays).
 */
#ifndef KXX_XARRAY_MARKS_H
#define KXX_XARRAY_MARKS_H

#include <kxx/core/layout.h>

#define KXX_XA_MARK0_ON_ALLOC                                                                      \
	"XaMark::M0 is the kernel's XA_FREE_MARK on allocating arrays (XaFlags::Alloc, Alloc1): "  \
	"marking an entry with it makes alloc() hand its index out again; use XaMark::M1 or M2"

namespace kxx {

static_assert(KXX_XA_MARK_0 == KXX_XA_FREE_MARK, "XaMark0 is the kernel's XA_FREE_MARK");

/*
 * Mark 0 has a type of its own, XaMark0, so that arrays whose type says
 * they allocate (where it is XA_FREE_MARK) can refuse it at compile time.
 * It converts to XaMark, which holds any of the three.
 */
struct XaMark0 {};

/*
 * One of the three search marks (XA_MARK_0..2) an entry can carry.  M0 is the
 * free-slot mark of Alloc arrays, so only arrays without Alloc may use it.
 */
class XaMark {
public:
	/* The three marks. */
	static constexpr XaMark0 M0{};
	static const XaMark M1;
	static const XaMark M2;

	/* M0, where it is allowed. */
	constexpr XaMark(XaMark0) : raw_(KXX_XA_MARK_0) {}
	/* The kernel's xa_mark_t, for the shims; equality. */
	constexpr unsigned int raw() const { return raw_; }
	constexpr bool operator==(const XaMark &) const = default;

private:
	constexpr explicit XaMark(unsigned int raw) : raw_(raw) {}
	unsigned int raw_;
};
inline constexpr XaMark XaMark::M1{ KXX_XA_MARK_1 };
inline constexpr XaMark XaMark::M2{ KXX_XA_MARK_2 };

} // namespace kxx

#endif /* KXX_XARRAY_MARKS_H */
