/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/xarray/value.h - XaValue: an integer kept in the entry itself.
 *
 * Wraps:     <linux/xarray.h> (xa_mk_value, xa_to_value).
 * Types:     XaValue: 0 .. XaValue::max (LONG_MAX), as C's xa_mk_value() keeps
 *            it: no memory, nothing to free.  Invariant: v_ <= max (a larger
 *            constant does not compile; make() of a larger value is ERANGE).
 *            ForeignOwnable<XaValue> (a borrow is the value, Option<unsigned
 *            long>), rcu_freed_v<XaValue> and xa_entries_ok<XaValue> (below).
 * Promises:  docs/soundness.md, "3. Locking" (value entries hold 0..LONG_MAX,
 *            never truncated).
 * Tests:     kunit/xarray_value_test.cpp (kxx_xarray_values: sparse_indices,
 *            range_is_checked_not_truncated, allocating_array_of_values;
 *            kxx_xarray_api.compare_exchange_of_values); compile-fail:
 *            xarray_value_out_of_range, xarray_value_from_runtime.
 */
#ifndef KXX_XARRAY_VALUE_H
#define KXX_XARRAY_VALUE_H

#include <kxx/foreign/rcu_freed.h>
#include <kxx/result/result.h>
#include <kxx/xarray/entry.h>

namespace kxx {

/*
 * An integer kept in the entry itself, as C's xa_mk_value() keeps it: no
 * memory, nothing to free.  0 .. XaValue::max (LONG_MAX); a larger value
 * is ERANGE from make(), and a compile error as a constant.
 *
 *   XArray<XaValue> counts;
 *   counts.store(7, XaValue(42), GFP_KERNEL);           // a constant
 *   counts.store(8, KXX_TRY(XaValue::make(n)), GFP_KERNEL);
 *   Option<unsigned long> v = guard.get(7);              // a borrow is the value
 */
class XaValue {
public:
	/* The largest value an entry holds (LONG_MAX). */
	static constexpr unsigned long max = ULONG_MAX >> 1;

	/* A constant: out of range does not compile. */
	consteval XaValue(unsigned long v) : v_(v)
	{
		if (v > max)
			xa_value_out_of_range();
	}
	[[nodiscard]] static Result<XaValue> make(unsigned long v)
	{
		if (v > max)
			return code::ERANGE;
		return XaValue(v, checked);
	}
	unsigned long get() const { return v_; }

private:
	template <class> friend struct ForeignOwnable;
	static constexpr struct Checked {
	} checked{};
	constexpr XaValue(unsigned long v, Checked) : v_(v) {}
	/* Not constexpr: reaching it makes the constant expression invalid. */
	static void xa_value_out_of_range();

	unsigned long v_;
};

/* A value entry's borrow is the value: None where nothing is stored. */
template <> struct ForeignOwnable<XaValue> {
	/* The trait's types (foreign/ownable.h). */
	static constexpr size_t align = 1; // not a pointer (see xa_entries_ok)
	using Borrowed = Option<unsigned long>;
	using BorrowedMut = Option<unsigned long>;

	/* The trait's operations (foreign/ownable.h's table). */
	static void *into_foreign(XaValue &&v) { return detail::xa_mk_value(v.v_); }
	static XaValue from_foreign(void *entry)
	{
		return XaValue(detail::xa_to_value(entry), XaValue::checked);
	}
	static Option<XaValue> try_from_foreign(void *entry)
	{
		if (!entry)
			return None;
		return from_foreign(entry);
	}
	static Borrowed borrow(void *entry)
	{
		if (!entry)
			return None;
		return detail::xa_to_value(entry);
	}
	static BorrowedMut borrow_mut(void *entry) { return borrow(entry); }
	/*
	 * A value entry holds 0..LONG_MAX (xa_mk_value() drops bit 63): a
	 * larger expected value matches nothing, so it is an internal entry
	 * (sibling 0) that no locked load returns, never a truncated value.
	 */
	static void *as_foreign(const Borrowed &b)
	{
		if (!b)
			return nullptr;
		if (__builtin_expect(*b > (~0ul >> 1), 0))
			return reinterpret_cast<void *>(2ul);
		return detail::xa_mk_value(*b);
	}
};
/* Nothing is freed, so nothing can be freed under a lockless reader. */
template <> inline constexpr bool rcu_freed_v<XaValue> = true;

namespace detail {
template <> inline constexpr bool xa_entries_ok<XaValue> = true;
} // namespace detail

} // namespace kxx

#endif /* KXX_XARRAY_VALUE_H */
