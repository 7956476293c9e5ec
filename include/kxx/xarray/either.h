/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/xarray/either.h - XaEither<P>: an owner or an integer value, in one array.
 *
 * Wraps:     <linux/xarray.h> (the low-bit tagging of value entries).
 * Types:     XaEither<P> and its Borrow.  Invariant: entry_ is null (moved
 *            from), a value entry, or a pointer from
 *            ForeignOwnable<P>::into_foreign() that this object owns.
 *            ForeignOwnable<XaEither>, rcu_freed_v<XaEither> (only where P's
 *            lockless borrow is its plain one) and xa_entries_ok<XaEither>
 *            (below).
 * Promises:  docs/soundness.md, "2. Borrows" (an XaEither<RcuArc<T>> is not
 *            read locklessly) and "3. Locking" (values and owners share an
 *            array only through XaEither).
 * Tests:     kunit/xarray_value_test.cpp
 *            (kxx_xarray_values.values_and_owners_mixed); compile-fail:
 *            xarray_either_rcuarc_lockless.
 */
#ifndef KXX_XARRAY_EITHER_H
#define KXX_XARRAY_EITHER_H

#include <kxx/foreign/rcu_freed.h>
#include <kxx/xarray/entry.h>
#include <kxx/xarray/value.h>

namespace kxx {

/*
 * Either an owner P or an integer value, in one array: the kernel's own way
 * of mixing them (the page cache keeps pages and shadow values so).  The
 * low bit tells which, so P's pointers must be 4-byte aligned.
 *
 *   XArray<XaEither<Box<Page>>> cache;
 *   cache.store(i, XaEither<Box<Page>>(move(page)), GFP_KERNEL);
 *   cache.store(j, XaEither<Box<Page>>(XaValue(3)), GFP_KERNEL);
 *   auto e = guard.get(i);      // e.is_value(), e.value(), e.pointer()
 *
 * Invariant: entry_ is null (moved from), a value entry, or a pointer from
 * ForeignOwnable<P>::into_foreign() that this object owns.
 */
template <foreign_ownable P> class XaEither {
	static_assert(ForeignOwnable<P>::align >= 4,
		      "XaEither<P>: P's pointers must leave the low bits free for values");
	using Foreign = ForeignOwnable<P>;

public:
	/* An owner or a value; a move leaves other empty. */
	explicit XaEither(P owner) : entry_(Foreign::into_foreign(move(owner))) {}
	explicit XaEither(XaValue v) : entry_(detail::xa_mk_value(v.get())) {}
	XaEither(XaEither &&other) : entry_(exchange(other.entry_, nullptr)) {}
	XaEither &operator=(XaEither &&other)
	{
		// Take first, then drop: the old P may own other.
		void *old = exchange(entry_, exchange(other.entry_, nullptr));
		drop(old);
		return *this;
	}
	XaEither(const XaEither &) = delete;
	XaEither &operator=(const XaEither &) = delete;
	~XaEither() { drop(exchange(entry_, nullptr)); }

	/* Whether it holds a value (not an owner). */
	bool is_value() const { return detail::xa_is_value(entry_); }
	/* The value, or None if this holds an owner. */
	Option<unsigned long> value() const
	{
		if (!is_value())
			return None;
		return detail::xa_to_value(entry_);
	}
	/* Takes the owner out (None for a value); this becomes empty. */
	Option<P> take_owner() &&
	{
		if (!entry_ || is_value())
			return None;
		return Foreign::from_foreign(exchange(entry_, nullptr));
	}

	/* What get() and entries() lend: the value, or a borrow of the owner. */
	class Borrow {
	public:
		/* Whether anything is there; whether it is a value; the value, if it is one. */
		explicit operator bool() const { return entry_ != nullptr; }
		bool is_value() const { return detail::xa_is_value(entry_); }
		Option<unsigned long> value() const
		{
			if (!entry_ || !is_value())
				return None;
			return detail::xa_to_value(entry_);
		}
		/* The owner's borrow; null for a value or nothing. */
		typename Foreign::Borrowed pointer() const
		{
			return Foreign::borrow(entry_ && !is_value() ? entry_ : nullptr);
		}

	private:
		friend struct ForeignOwnable<XaEither>;
		explicit Borrow(void *entry) : entry_(entry) {}
		void *entry_;
	};

private:
	friend struct ForeignOwnable<XaEither>;
	struct Raw {
	};
	XaEither(Raw, void *entry) : entry_(entry) {}
	static void drop(void *entry)
	{
		if (entry && !detail::xa_is_value(entry))
			Foreign::from_foreign(entry);
	}

	void *entry_;
};

/*
 * An XaEither in an array: an owner's pointer or a value entry, told apart by
 * the XArray's value tag.
 */
template <class P> struct ForeignOwnable<XaEither<P>> {
	/* The trait's types (foreign/ownable.h). */
	static constexpr size_t align = 1; // values among the pointers
	using Borrowed = typename XaEither<P>::Borrow;
	using BorrowedMut = typename XaEither<P>::Borrow;

	/*
	 * The trait's operations (foreign/ownable.h's table); into_foreign()
	 * of a moved-from XaEither is a BUG().
	 */
	static void *into_foreign(XaEither<P> &&e)
	{
		void *entry = exchange(e.entry_, nullptr);
		if (!entry)
			kxx_bug("into_foreign() of a moved-from XaEither");
		return entry;
	}
	static XaEither<P> from_foreign(void *entry)
	{
		return XaEither<P>(typename XaEither<P>::Raw{}, entry);
	}
	static Option<XaEither<P>> try_from_foreign(void *entry)
	{
		if (!entry)
			return None;
		return from_foreign(entry);
	}
	static Borrowed borrow(void *entry) { return Borrowed(entry); }
	static BorrowedMut borrow_mut(void *entry) { return Borrowed(entry); }
	static void *as_foreign(const Borrowed &b) { return b.entry_; }
};
/*
 * Lockless readers see an XaEither<P> only where P's lockless borrow is its
 * plain one (RcuBox): an RcuArc read locklessly may only try_clone(), which
 * XaEither's Borrow does not offer.
 */
template <class P>
inline constexpr bool rcu_freed_v<XaEither<P>> =
    rcu_freed_v<P> &&
    same_as<typename detail::RcuBorrowOf<P>::type, typename ForeignOwnable<P>::Borrowed>;

namespace detail {
template <class P> inline constexpr bool xa_entries_ok<XaEither<P>> = true;

} // namespace detail

} // namespace kxx

#endif /* KXX_XARRAY_EITHER_H */
