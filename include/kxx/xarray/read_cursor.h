/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/xarray/read_cursor.h - XaReadCursor: an xa_state under RCU, for lockless walks.
 *
 * Wraps:     <linux/xarray.h> (XA_STATE, xas_load, xas_find, xas_for_each,
 *            xas_pause under rcu_read_lock) through src/xarray.c and src/rcu.c.
 * Types:     XaReadCursor<P, Fixed, Static>: rcu_read_lock() for its lifetime,
 *            and the cursors' read side (detail::XasReader, xarray/xas.h,
 *            shared with XaCursor), lending what lockless readers may borrow.
 *            Only for rcu_freed owners and values (a static_assert). Invariant:
 *            a read-side section is held for the cursor's whole life except
 *            inside pause(); xas_ is an xa_state of the array, trusted for
 *            nothing a step reads (src/xarray.c walks again on a retry entry).
 *            Neither copied nor moved, and scope-bound.
 * Contexts:  any (process, softirq, hardirq, RCU read side, under a lock).
 * Promises:  docs/soundness.md, "2. Borrows" (XaReadCursor exists only for
 *            RCU-freed owners and values; not on a temporary), "3. Locking"
 *            (internal entries never reach C++) and "5. The unsafe edge" (the
 *            array outlives its lockless readers).
 * Tests:     kunit/xarray_read_cursor_test.cpp
 *            (kxx_xarray_cursor.read_cursor_reads_locklessly,
 *            kxx_xarray_cursor.walks_paused_under_concurrent_writers),
 *            kunit/stress_test.cpp
 *            (kxx_stress.read_cursors_under_multi_index_writers); compile-fail:
 *            read_cursor_box, read_cursor_temporary_array,
 *            read_cursor_temporary_walk.
 */
#ifndef KXX_XARRAY_READ_CURSOR_H
#define KXX_XARRAY_READ_CURSOR_H

#include <kxx/xarray/xas.h>

namespace kxx {

/*
 * The cursor under RCU (rcu_read_lock() for its lifetime), for lockless
 * reads of owners freed a grace period after they are dropped (RcuBox,
 * RcuArc) and of values.  It sees each entry present throughout a walk,
 * and may or may not see ones stored or removed meanwhile.
 */
template <foreign_ownable P, XaFlags Fixed, bool Static>
class XaReadCursor : public detail::XasReader<const XArray<P, Fixed, Static>,
					      typename XArray<P, Fixed, Static>::LendRcu> {
	using Array = XArray<P, Fixed, Static>;
	using Base = detail::XasReader<const Array, typename Array::LendRcu>;
	static_assert(rcu_freed<P>,
		      "XaReadCursor reads without the lock: only owners freed a grace period after "
		      "they are dropped (RcuBox, RcuArc) and values; use XaCursor");
	using Base::xas;

public:
	/* A guard: lives in a scope only. */
	using kxx_scope_bound = void;
	/*
	 * The read side, shared with XaCursor (xarray/xas.h): index(), set(),
	 * load(), next(), prev(), find(), find_marked(), get_mark(),
	 * entries(), marked(), and its types Borrowed (what lockless readers
	 * may borrow: Array::RcuBorrowed), Walk, MarkedWalk and Entry.
	 */

	explicit XaReadCursor(const Array &xa, unsigned long index = 0) : Base(xa)
	{
		kxx_rcu_read_lock();
		kxx_xas_init(xas(), xa.raw(), index);
	}
	/* A temporary array would end before the cursor. */
	XaReadCursor(const Array &&, unsigned long = 0) = delete;
	~XaReadCursor() { kxx_rcu_read_unlock(); }
	XaReadCursor(const XaReadCursor &) = delete;
	XaReadCursor &operator=(const XaReadCursor &) = delete;
	XaReadCursor(XaReadCursor &&) = delete;
	XaReadCursor &operator=(XaReadCursor &&) = delete;

	/*
	 * Ends the read-side section and starts another (xas_pause()), so a
	 * long walk does not hold up grace periods; the position moves past
	 * the entry it was at, where the walk goes on.  Borrows taken before
	 * it end here.  (A read-side section nested inside the cursor's is
	 * unaffected: RCU read sections nest.)
	 */
	void pause() &
	{
		kxx_xas_pause(xas());
		kxx_rcu_read_unlock();
		kxx_rcu_read_lock();
	}
};

/* `XaReadCursor cur(xa, i)` deduces the array's type. */
template <foreign_ownable P, XaFlags F, bool S>
XaReadCursor(const XArray<P, F, S> &, unsigned long) -> XaReadCursor<P, F, S>;
template <foreign_ownable P, XaFlags F, bool S>
XaReadCursor(const XArray<P, F, S> &) -> XaReadCursor<P, F, S>;

} // namespace kxx

#endif /* KXX_XARRAY_READ_CURSOR_H */
