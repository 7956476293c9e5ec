/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/xarray/drop.h - how an XArray drops what it owns: destruction and clear().
 *
 * Wraps:     <linux/xarray.h> (xa_find, __xa_erase, xa_destroy; and the
 *            take-first walk src/xarray.c does as xa_destroy() locks) through
 *            src/xarray.c.
 * Types:     none of its own: XArray's destroy(), drain() and drain_dying()
 *            (declared [[gnu::noinline]] in xarray/xarray.h: inlined into every
 *            function with an XArray local, their loops would take registers
 *            from the code around them).  Invariant: every entry is taken out
 *            of the array, under its lock, before its owner is dropped without
 *            it, so each is dropped exactly once and a destructor that reaches
 *            the array again finds nothing.
 * Contexts:  ~XArray, exit() and clear(): where the array's Guard may be taken,
 *            and not while holding one (a held lock stops with BUG).
 * Promises:  docs/soundness.md, "1. Ownership" (every owned value dropped
 *            exactly once; an owner being dropped is unreachable through
 *            itself) and "3. Locking" (no Reservation into a destroyed array;
 *            not destroyed while its lock is held; a dying array is drained as
 *            xa_destroy() locks it).
 * Tests:     kunit/xarray_test.cpp
 *            (kxx_xarray.every_value_dropped_exactly_once,
 *            kxx_xarray.destruction_takes_entries_out_before_dropping,
 *            kxx_xarray_api.clear_a_live_array), kunit/xarray_static_test.cpp
 *            (kxx_xarray_static.used_and_emptied_at_exit).
 */
/* XArray, which includes this header at its end, once it is complete. */
#include <kxx/xarray/xarray.h>

#ifndef KXX_XARRAY_DROP_H
#define KXX_XARRAY_DROP_H

namespace kxx {

/*
 * The destructor's walk, out of line: inlined into every function that
 * has an XArray local, its loop would take registers from the code
 * around it.
 */
template <foreign_ownable P, XaFlags Fixed, bool Static>
void XArray<P, Fixed, Static>::destroy()
{
	if (kxx_xa_is_locked(raw()))
		kxx_bug("kxx::XArray destroyed while its lock is held");
	// A Reservation holds a pointer to this array: it would release
	// its index into freed memory.
	if (armed_)
		kxx_bug("kxx::XArray destroyed while Reservations of it remain");
	drain_dying();
	// A ~T that reserved in this dying array kept a Reservation.
	if (armed_)
		kxx_bug("kxx::XArray: a Reservation was made in it while it was destroyed");
	kxx_xa_destroy(raw());
}

/*
 * Drops every present entry.  SAFETY: each came from into_foreign()
 * and is owned here.  Each is taken out of the array (under the
 * lock) before its owner is dropped (without it), so a destructor
 * that reaches this array again (a remove() in ~T) finds nothing,
 * and every entry is dropped exactly once.
 */
template <foreign_ownable P, XaFlags Fixed, bool Static>
void XArray<P, Fixed, Static>::drain()
{
	for (;;) {
		void *entry;
		{
			Guard guard(*this);
			unsigned long index = 0;
			entry = kxx_xa_find(raw(), &index, ULONG_MAX, KXX_XA_PRESENT);
			if (!entry)
				break;
			kxx_xa_erase(raw(), index);
		}
		Foreign::from_foreign(entry);
	}
}
/*
 * The same for a dying array, as xa_destroy() takes its lock:
 * irqsave whatever the flavour (an array used only from interrupts
 * is consistent to lockdep at its end too), and at subclass 1, so
 * that an array dropped while a Guard of its class is held (an
 * owner of one dropped under another's lock) is no recursion.
 */
template <foreign_ownable P, XaFlags Fixed, bool Static>
void XArray<P, Fixed, Static>::drain_dying()
{
	while (void *entry = kxx_xa_take_first(raw()))
		Foreign::from_foreign(entry);
}

} // namespace kxx

#endif /* KXX_XARRAY_DROP_H */
