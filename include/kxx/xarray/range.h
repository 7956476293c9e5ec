/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/xarray/range.h - XArray ranges: the entries in [first, last], for a range-for.
 *
 * Wraps:     <linux/xarray.h> (xa_find, xa_find_after: xa_for_each and
 *            xa_for_each_marked) through src/xarray.c.
 * Types:     XArray<P>::BasicRange<Lend, Marked> and its Iterator, spelled
 *            Guard::Range and Guard::MarkedRange (under the lock,
 *            xarray/guard.h) and XArray::RcuRange (under a read guard:
 *            xa.entries(read_guard)).  Invariant: xa_ is the array walked
 *            (null: a refused mark, nothing to visit); index_ is the walk's
 *            cursor, which never goes below first_.
 * Contexts:  as the lock or read guard it was lent under.
 * Promises:  docs/soundness.md, "2. Borrows" (Ranges only from a named Guard or
 *            a named read guard and array) and "3. Locking" (never an index
 *            below the one asked for; a multi-index entry once).
 * Tests:     kunit/xarray_guard_test.cpp
 *            (kxx_xarray.iteration_order_ranges_and_find_after_erase,
 *            kxx_xarray_api.lockless_iteration), kunit/xarray_multi_test.cpp
 *            (kxx_xarray_multi.find_never_goes_below_first); compile-fail:
 *            guard_temporary_entries, guard_temporary_marked,
 *            xarray_lockless_iteration_temporary_array,
 *            xarray_lockless_iteration_temporary_guard; clang-fail:
 *            xarray_range_outlives_guard.
 */
/* XArray, which includes this header at its end, once it is complete. */
#include <kxx/xarray/xarray.h>

#ifndef KXX_XARRAY_RANGE_H
#define KXX_XARRAY_RANGE_H

namespace kxx {

/* One present entry, as iteration and find() yield it. */
template <foreign_ownable P, XaFlags Fixed, bool Static>
template <class B>
struct XArray<P, Fixed, Static>::BasicEntry {
	/* Where the entry is, and its borrow. */
	unsigned long index;
	B value;
};

/* How a Range lends under the lock (LendRcu: under a read guard). */
template <foreign_ownable P, XaFlags Fixed, bool Static>
struct XArray<P, Fixed, Static>::LendLocked {
	/* What a locked range lends. */
	using type = Borrowed;
	static type borrow(void *entry) { return Foreign::borrow(entry); }
};

/*
 * Present entries in [first, last] with @filter, in index order,
 * for one pass at a time: the Range holds the cursor (the index
 * the kernel's xa_find() advances, so it lives in memory), and
 * its iterators keep everything else in registers.  A multi-index
 * entry is visited once.
 */
template <foreign_ownable P, XaFlags Fixed, bool Static>
template <class Lend, bool Marked>
class XArray<P, Fixed, Static>::BasicRange {
public:
	/* What the range yields: index and borrow. */
	using Entry = BasicEntry<typename Lend::type>;

	/* A range's iterator: walks the entries with xa_find_after(). */
	class Iterator {
	public:
		/* The entry here; the next one; the end. */
		Entry operator*() const { return { *index_, Lend::borrow(entry_) }; }
		Iterator &operator++()
		{
			// The marked walk needs a step over multi-index
			// entries that the plain one does not (a type, so
			// the plain loop pays nothing for it).
			if constexpr (Marked)
				entry_ = kxx_xa_find_after_marked(xa_, index_, last_, filter_);
			else
				entry_ = kxx_xa_find_after(xa_, index_, last_, filter_);
			return *this;
		}
		bool operator==(const Iterator &other) const { return entry_ == other.entry_; }

	private:
		friend class BasicRange;
		Iterator(struct xarray *xa, unsigned long *index, unsigned long last,
			 unsigned int filter, void *entry)
		    : xa_(xa), index_(index), last_(last), filter_(filter), entry_(entry)
		{}

		struct xarray *xa_;
		unsigned long *index_; // the Range's cursor
		unsigned long last_;
		unsigned int filter_;
		void *entry_;
	};

	/* Starts the pass (again) at first; empty when refused. */
	Iterator begin() & KXX_LIFETIMEBOUND
	{
		index_ = first_;
		if (!xa_)
			return end();
		void *entry = kxx_xa_find(xa_, &index_, last_, filter_);
		// A multi-index entry starting before first_: report it at first_.
		if (index_ < first_)
			index_ = first_;
		return Iterator(xa_, &index_, last_, filter_, entry);
	}
	Iterator end() { return Iterator(nullptr, nullptr, 0, 0, nullptr); }

private:
	friend class XArray;
	friend class Guard;
	BasicRange(struct xarray *xa, unsigned long first, unsigned long last,
		   unsigned int filter)
	    : xa_(xa), first_(first), last_(last), filter_(filter), index_(first)
	{}

	struct xarray *xa_; // null: a refused mark, nothing to visit
	unsigned long first_, last_;
	unsigned int filter_;
	unsigned long index_;
};

} // namespace kxx

#endif /* KXX_XARRAY_RANGE_H */
