/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/xarray/errors.h - StoreError and CmpxchgError: a failed store hands the value back.
 *
 * Wraps:     none (the errnos __xa_store(), __xa_insert(), __xa_alloc() and
 *            __xa_cmpxchg() return).
 * Types:     StoreError<P> {error, value} and CmpxchgError<P> {error, value,
 *            found}: the value that was not stored, never leaked; found is a
 *            borrow of what compare_exchange() found, valid while its Guard
 *            lives.  Both convert to Error (for KXX_TRY).
 * Promises:  docs/soundness.md, "1. Ownership" (a failed store, insert, alloc
 *            or fill hands the value back) and "3. Locking"
 *            (compare_exchange()).
 * Tests:     kunit/xarray_test.cpp (kxx_xarray.insert_is_ebusy_when_occupied),
 *            kunit/fault_test.cpp (kxx_fault.xarray_store_insert_alloc_reserve,
 *            kxx_fault.xarray_reserved_store_cmpxchg_store_order),
 *            kunit/xarray_guard_test.cpp (kxx_xarray_api.compare_exchange).
 */
#ifndef KXX_XARRAY_ERRORS_H
#define KXX_XARRAY_ERRORS_H

#include <kxx/foreign/ownable.h>
#include <kxx/result/error.h>

namespace kxx {

/* A compare_exchange() that did not store: why, the value, and what was found. */
template <class P> struct CmpxchgError {
	/* Why it failed, the value handed back, and what was found instead. */
	Error error; // EBUSY: the entry was not the expected one; ENOMEM
	P value;
	typename ForeignOwnable<P>::Borrowed found; // valid while the Guard lives

	/* Whether the entry was not the expected one; the Error alone, for KXX_TRY. */
	bool mismatch() const { return error == code::EBUSY; }
	operator Error() const { return error; }
};

/* A failed store: why, and the value that was not stored (never leaked). */
template <class P> struct StoreError {
	/* Why (ENOMEM, EBUSY, ...), and the value that was not stored. */
	Error error;
	P value;

	/* For KXX_TRY in a function returning Result<_, Error>: drops value. */
	operator Error() const { return error; }
};

} // namespace kxx

#endif /* KXX_XARRAY_ERRORS_H */
