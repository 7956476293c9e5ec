/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/xarray_advanced.h - the XArray's advanced API: cursors over struct xa_state.
 *
 * Wraps:     what its parts wrap; this header only includes them, so that code
 *            written against the one-header-per-area layout keeps compiling.
 *            Types, invariants, promises and tests: each part's own opening
 *            lines.
 *
 *   xarray/xas.h         the xa_state, walks, and the read side both cursors
 *                        share
 *   xarray/cursor.h      XaCursor and its entry API
 *   xarray/read_cursor.h XaReadCursor
 *
 *   XaCursor           xa_state under the array's lock, which the cursor
 *                      takes and holds (it is a Guard with a position):
 *                      load, store, remove, next/prev, find/find_marked,
 *                      marks, walks (xas_for_each), pause(), and the
 *                      allocate-outside-the-lock loop as nomem()/update().
 *   XaReadCursor       xa_state under RCU, which it holds itself, for owners
 *                      freed a grace period after they are dropped: the
 *                      reads and walks of XaCursor, and pause().
 *   XaCursor::entry()  Occupied (get, replace, remove) or Vacant (insert),
 *                      found in one walk.
 *
 *   XaCursor cur(xa, first);                // XA_STATE() + xas_lock()
 *   for (auto e : cur.entries(last)) {      // xas_for_each()
 *           use(e.index, e.value);
 *           if (++n % 64 == 0)
 *                   cur.pause();            // lets others in; the walk goes on
 *   }
 *
 *   auto page = KXX_TRY(Box<Page>::make(GFP_KERNEL));
 *   XaCursor cur(pages, index);
 *   auto r = cur.update(GFP_KERNEL, [&]() -> Result<void> {
 *           if (auto v = cur.entry().vacant())   // do { ... } while (xas_nomem())
 *                   KXX_TRY(move(*v).insert(move(page)));
 *           return Ok();                         // else someone's page is there
 *   });
 *
 * Why the cursor owns its lock.  The kernel's xa_state points into the
 * tree; a change made past it (another Guard of the same array, held by
 * the same thread) can free the node it points to.  A cursor that holds
 * the lock itself is the only way to change the array while it lives:
 * any other locker of the array waits for it (the same thread would
 * deadlock, which lockdep reports), so its xa_state never goes stale.
 *
 * Internal entries never reach C++: a reservation reads as empty, a
 * sibling slot of a multi-index entry as that entry, and a retry entry (a
 * lockless walk racing a writer) makes the shim walk again (src/xarray.c).
 *
 * Borrows.  What load(), next(), find(), walks and entry() lend is valid
 * until the cursor ends, pause() or nomem() lets go of the lock (or RCU),
 * or the entry is replaced or removed through the cursor and the old owner
 * dropped; as for a Guard, they exist only on a named cursor.
 *
 * Values.  store(), replace() and insert() take an rvalue reference and
 * move from it only when they store, as std::map::try_emplace() does: a
 * store that fails (ENOMEM) leaves the value with the caller, for the next
 * attempt of an allocate-and-retry loop.
 */
#ifndef KXX_XARRAY_ADVANCED_H
#define KXX_XARRAY_ADVANCED_H

#include <kxx/xarray.h>
#include <kxx/xarray/xas.h>
#include <kxx/xarray/cursor.h>
#include <kxx/xarray/read_cursor.h>

#endif /* KXX_XARRAY_ADVANCED_H */
