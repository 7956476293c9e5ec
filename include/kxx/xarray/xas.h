/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/xarray/xas.h - the xa_state and the read side both cursors share.
 *
 * Wraps:     <linux/xarray.h> (struct xa_state, XA_STATE, xas_load, xas_next,
 *            xas_prev, xas_find, xas_find_marked, xas_get_mark, xas_for_each,
 *            xas_for_each_marked) through src/xarray.c.
 * Types:     detail::XaState (an xa_state's storage, sized from the target
 *            kernel), detail::XasWalk (a walk from a cursor's position, for a
 *            range-for) and detail::XasReader<Array, Lend>, the one
 *            implementation of the cursors' read side: index(), set(), load(),
 *            next(), prev(), find(), find_marked(), get_mark(), entries(),
 *            marked(), and the mark-0 refusal.  It costs nothing: a base
 *            without virtual functions at offset 0, laid out as the cursors'
 *            own first members were.
 * Contexts:  those of the cursor deriving from it (its lock, or RCU).
 * Promises:  docs/soundness.md, "2. Borrows" (borrows from the advanced API
 *            only from a named cursor) and "3. Locking" (internal entries never
 *            reach C++; find() and walks never report an index below the one
 *            asked for; a cursor's steps stay on their index).
 * Tests:     kunit/xarray_read_cursor_test.cpp (kxx_xarray_cursor:
 *            steps_see_entries_never_internal_ones,
 *            steps_after_a_load_inside_an_entry_stay_on_their_index,
 *            read_cursor_reads_locklessly,
 *            pause_and_find_inside_multi_index_entries),
 *            kunit/xarray_cursor_test.cpp (kxx_xarray_cursor:
 *            load_store_remove_at_sparse_indices, marks_at_the_cursor);
 *            compile-fail: cursor_temporary_load, cursor_temporary_walk,
 *            read_cursor_temporary_walk, cursor_mark0_on_alloc_array;
 *            clang-fail: cursor_borrow_outlives_cursor.
 */
#ifndef KXX_XARRAY_XAS_H
#define KXX_XARRAY_XAS_H

#include <kxx/xarray/xarray.h>

namespace kxx::detail {

using XaState = Opaque<KXX_SIZEOF_XA_STATE, KXX_ALIGNOF_XA_STATE>;

inline struct xa_state *xas_raw(XaState &s)
{
	// SAFETY: XaState has the size and alignment of struct xa_state (from
	// the layout header) and is only ever used as one.
	return reinterpret_cast<struct xa_state *>(&s);
}

/*
 * A walk from a cursor's position to @max (xas_for_each(), or
 * xas_for_each_marked() when Marked): each present entry once, a
 * multi-index entry once, never an index below where it started.  The
 * xa_state is the cursor's: the walk moves it; pause() in the loop body
 * goes on after the current entry, set() in it starts the walk again
 * from there.
 */
template <class Lend, bool Marked> class XasWalk {
public:
	struct Entry {
		unsigned long index;
		typename Lend::type value;
	};

	class Iterator {
	public:
		Entry operator*() const
		{
			unsigned long index = kxx_xas_index(xas_);
			// A marked find from inside a multi-index entry goes back
			// to its first index: report where the walk started.
			if constexpr (Marked)
				index = index < floor_ ? floor_ : index;
			return { index, Lend::borrow(entry_) };
		}
		Iterator &operator++()
		{
			if constexpr (Marked)
				entry_ = kxx_xas_next_marked(xas_, max_, mark_);
			else
				entry_ = kxx_xas_next_entry(xas_, max_);
			return *this;
		}
		bool operator==(const Iterator &other) const { return entry_ == other.entry_; }

	private:
		friend class XasWalk;
		Iterator(struct xa_state *xas, unsigned long max, unsigned int mark, void *entry,
			 unsigned long floor)
		    : xas_(xas), max_(max), mark_(mark), entry_(entry), floor_(floor)
		{}

		struct xa_state *xas_;
		unsigned long max_;
		unsigned int mark_;
		void *entry_;
		unsigned long floor_; // the index the walk started from
	};

	/* The first entry from the cursor's position: where it is, or after. */
	Iterator begin()
	{
		if (!xas_)
			return end();
		unsigned long floor = kxx_xas_index(xas_);
		void *entry = Marked ? kxx_xas_find_marked(xas_, max_, mark_)
				     : kxx_xas_find(xas_, max_);
		return Iterator(xas_, max_, mark_, entry, floor);
	}
	Iterator end() { return Iterator(nullptr, 0, 0, nullptr, 0); }

	XasWalk(struct xa_state *xas, unsigned long max, unsigned int mark)
	    : xas_(xas), max_(max), mark_(mark)
	{}

private:
	struct xa_state *xas_; // null: a refused mark, nothing to visit
	unsigned long max_;
	unsigned int mark_;
};

/*
 * The read side both cursors share: XaCursor (under the array's lock,
 * xarray/cursor.h) and XaReadCursor (under RCU, xarray/read_cursor.h)
 * derive from it, and only say how they hold the array and what they lend.
 *
 *   Array  XArray<P, Fixed, Static>, const for XaReadCursor (it never
 *          writes);
 *   Lend   how an entry is lent: Array::LendLocked (a Guard's borrow) or
 *          Array::LendRcu (a lockless reader's).
 *
 * It holds the xa_state and the array; its constructor sets neither up:
 * the derived cursor takes its lock or read section first, then
 * kxx_xas_init().  Every method that lends is &-qualified, its && overload
 * deleted, so borrows come only from a named cursor.
 *
 * Invariant: xas_ is an xa_state of *xa_, valid for as long as the derived
 * cursor's lock or read section is held (reset whenever it was let go).
 */
template <class Array, class Lend> class XasReader {
	/* Whether the type says the array allocates: mark 0 does not compile. */
	static constexpr bool fixed_alloc = remove_cv_t<Array>::fixed_alloc;

public:
	using Borrowed = typename Lend::type;
	using Walk = XasWalk<Lend, false>;
	using MarkedWalk = XasWalk<Lend, true>;
	using Entry = typename Walk::Entry;

	unsigned long index() const { return kxx_xas_index(xas()); }
	/* Moves to @index; the next operation walks there from the top. */
	void set(unsigned long index) { kxx_xas_set(xas(), index); }

	/* The entry at the position (a multi-index entry at any of its indices). */
	Borrowed load() & KXX_LIFETIMEBOUND { return Lend::borrow(kxx_xas_load(xas())); }
	/* One index forward or back (xas_next/xas_prev), and the entry there. */
	Borrowed next() & KXX_LIFETIMEBOUND { return Lend::borrow(kxx_xas_next(xas())); }
	Borrowed prev() & KXX_LIFETIMEBOUND { return Lend::borrow(kxx_xas_prev(xas())); }

	/* To the next present entry up to @max (see XaCursor's Position); None past it. */
	Option<Entry> find(unsigned long max = ULONG_MAX) & KXX_LIFETIMEBOUND
	{
		unsigned long from = index();
		return found(kxx_xas_find(xas(), max), from);
	}
	Option<Entry> find_marked(XaMark mark, unsigned long max = ULONG_MAX) & KXX_LIFETIMEBOUND
	{
		if (!xa_->mark_ok(mark))
			return None;
		unsigned long from = index();
		return found(kxx_xas_find_marked(xas(), max, mark.raw()), from);
	}
	/* Whether the entry at the position has @mark (never M0 on an allocating array). */
	bool get_mark(XaMark mark)
	{
		return xa_->mark_ok(mark) && kxx_xas_get_mark(xas(), mark.raw());
	}

	/* Walks from the position to @max; see XasWalk. */
	Walk entries(unsigned long max = ULONG_MAX) & KXX_LIFETIMEBOUND
	{
		return Walk(xas(), max, 0);
	}
	MarkedWalk marked(XaMark mark, unsigned long max = ULONG_MAX) & KXX_LIFETIMEBOUND
	{
		return MarkedWalk(xa_->mark_ok(mark) ? xas() : nullptr, max, mark.raw());
	}

	/* Mark 0 on an array whose type says it allocates (xarray/marks.h). */
	template <same_as<XaMark0> M>
	Option<Entry> find_marked(M, unsigned long = ULONG_MAX) requires fixed_alloc
	{
		static_assert(dependent_false<M>, KXX_XA_MARK0_ON_ALLOC);
		return None;
	}
	template <same_as<XaMark0> M>
	MarkedWalk marked(M, unsigned long = ULONG_MAX) requires fixed_alloc
	{
		static_assert(dependent_false<M>, KXX_XA_MARK0_ON_ALLOC);
		return MarkedWalk(nullptr, 0, 0);
	}

	/* Borrows outlive a temporary cursor's lock or read section. */
	Borrowed load() && = delete;
	Borrowed next() && = delete;
	Borrowed prev() && = delete;
	Option<Entry> find(unsigned long = ULONG_MAX) && = delete;
	Option<Entry> find_marked(XaMark, unsigned long = ULONG_MAX) && = delete;
	Walk entries(unsigned long = ULONG_MAX) && = delete;
	MarkedWalk marked(XaMark, unsigned long = ULONG_MAX) && = delete;

protected:
	explicit XasReader(Array &xa) : xa_(&xa) {}

	struct xa_state *xas() const { return xas_raw(const_cast<XaState &>(xas_)); }

	/* Never below @from (the marked find goes back inside a multi-index entry). */
	Option<Entry> found(void *entry, unsigned long from)
	{
		if (!entry)
			return None;
		unsigned long at = index();
		return Entry{ at < from ? from : at, Lend::borrow(entry) };
	}

	XaState xas_;
	Array *xa_;
};

} // namespace kxx::detail

#endif /* KXX_XARRAY_XAS_H */
