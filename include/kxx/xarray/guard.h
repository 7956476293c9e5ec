/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/xarray/guard.h - XArray<P>::Guard: the array's lock, held; every operation on entries.
 *
 * Wraps:     <linux/xarray.h> (xa_lock and its flavours, xa_load, __xa_store,
 *            __xa_insert, __xa_erase, __xa_alloc, __xa_alloc_cyclic,
 *            __xa_cmpxchg, xa_find, __xa_set_mark, __xa_clear_mark,
 *            xa_get_mark) through src/xarray.c.
 * Types:     XArray<P>::Guard (also spelled ScopedGuard): the lock held, in the
 *            flavour the flags name, from construction to destruction. Neither
 *            copied nor moved, and scope-bound.  Invariant: xa_'s lock is held
 *            by this thread while the Guard lives; irq_flags_is the state to
 *            restore (LockIrq); reservations_ lists the live Reservations
 *            attached to it.
 * Contexts:  as the array's lock flavour allows (xarray/lock.h); its operations
 *            take only an AtomicGfp, so the lock is never let go.
 * Promises:  docs/soundness.md, "2. Borrows" (borrows only from a named Guard),
 *            "3. Locking" (every access holds the lock; a Guard's lock is held
 *            from its start to its end) and "4. Contexts".
 * Tests:     kunit/xarray_guard_test.cpp (kxx_xarray:
 *            marks_survive_store_and_vanish_on_erase,
 *            iteration_order_ranges_and_find_after_erase,
 *            mark0_refused_on_allocating_arrays; kxx_xarray_api:
 *            compare_exchange, find_find_after_find_marked), and most
 *            kxx_xarray cases in kunit/xarray_test.cpp, xarray_lock_test.cpp
 *            and xarray_reservation_test.cpp; compile-fail: guard_copy,
 *            guard_move, guard_in_heap_object, guard_store_blocking_gfp,
 *            guard_store_order_blocking_gfp, guard_temporary_get,
 *            guard_temporary_get_mut, guard_temporary_find,
 *            guard_temporary_entries, guard_temporary_marked,
 *            guard_temporary_reserve, guard_temporary_compare_exchange,
 *            guard_temporary_try_lock, option_reset_guard; clang-fail:
 *            xarray_borrow_outlives_guard, xarray_call_under_own_guard,
 *            guarded_field_without_guard.
 *
 * Borrows.  get(), get_mut(), entries() and marked() lend views of entries
 * that are valid while the Guard that produced them is held, and while the
 * entry is not removed or replaced through that Guard (the old owner comes
 * back to the caller, so it lives until the caller drops it).  They exist
 * only on a named Guard: on a temporary one (`xa.lock().get(i)`) they do
 * not compile, since the lock would be gone at the semicolon.  Clang's
 * pass also rejects returning a borrow out of the scope of its Guard
 * ([[clang::lifetimebound]]).
 */
/* XArray, which includes this header at its end, once it is complete. */
#include <kxx/xarray/xarray.h>

#ifndef KXX_XARRAY_GUARD_H
#define KXX_XARRAY_GUARD_H

namespace kxx {

/*
 * The lock held: every operation on entries is a method of Guard.
 * Neither copied nor moved: the lock's extent is the Guard's scope.
 */
template <foreign_ownable P, XaFlags Fixed, bool Static>
class KXX_SCOPED_CAPABILITY XArray<P, Fixed, Static>::Guard {
public:
	/* A guard: lives in a scope only. */
	using kxx_scope_bound = void;
	/* What iteration and find() yield: an index and a borrow. */
	using Entry = BasicEntry<Borrowed>;
	using Range = BasicRange<LendLocked>;
	using MarkedRange = BasicRange<LendLocked, true>;

	/* As xa.lock(). */
	explicit Guard(XArray &xa) KXX_ACQUIRE(xa) KXX_ENTERS_ATOMIC
	    : xa_(&xa), irq_flags_(xa.lock_raw()), reservations_(nullptr)
	{}
	Guard(const Guard &) = delete;
	Guard &operator=(const Guard &) = delete;
	Guard(Guard &&) = delete;
	Guard &operator=(Guard &&) = delete;
	~Guard() KXX_RELEASE()
	{
		// Reservations made under this Guard and still alive
		// release themselves later, taking the lock.
		if (__builtin_expect(reservations_ != nullptr, 0))
			detach_all();
		xa_->unlock_raw(irq_flags_);
	}

	/* A shared view of the entry at @index; null if none. */
	Borrowed get(unsigned long index) const & KXX_LIFETIMEBOUND
	{
		return Foreign::borrow(kxx_xa_load(xa_->raw(), index));
	}
	Borrowed get(unsigned long index) const && = delete;

	/*
	 * An exclusive view (the lock serialises all writers): T* for
	 * Box<T>.  Owners that lockless readers may see (RcuBox, Arc)
	 * lend a const view here too.
	 */
	BorrowedMut get_mut(unsigned long index) & KXX_LIFETIMEBOUND
	{
		return Foreign::borrow_mut(kxx_xa_load(xa_->raw(), index));
	}
	BorrowedMut get_mut(unsigned long index) && = delete;

	/*
	 * Stores @value at @index and returns what was there.  On failure
	 * the value comes back in the StoreError.  The gfp never blocks:
	 * the lock is held throughout (with GFP_KERNEL the kernel would
	 * drop it to allocate, freeing the way for others to remove
	 * what this Guard's borrows point to, and on LockIrq arrays turn
	 * interrupts back on).  To allocate with GFP_KERNEL, use xa.store().
	 */
	KXX_INLINE Result<Option<P>, StoreError<P>> store(unsigned long index, P value,
							  AtomicGfp gfp)
	{
		return store_raw(index, move(value), gfp.bits());
	}

	/* Removes the entry at @index, giving it to the caller. */
	KXX_INLINE Option<P> remove(unsigned long index)
	{
		// SAFETY: an entry taken out of the array is owned by
		// no one else (the array's invariant).
		return Foreign::try_from_foreign(kxx_xa_erase(xa_->raw(), index));
	}

	/* Stores @value at @index if it is empty (not even reserved). */
	KXX_INLINE Result<void, StoreError<P>> insert(unsigned long index, P value,
						      AtomicGfp gfp)
	{
		return insert_raw(index, move(value), gfp.bits());
	}

	/*
	 * One entry for the 2^@order indices from @index (aligned to
	 * them: else EINVAL), as xa_store_order(): a load of any of
	 * them sees it, a mark on any of them marks it, and it is
	 * dropped once.  It replaces the one entry that was there (and
	 * hands it back): an entry inside the range, or a larger one
	 * containing it, whose indices the new entry then covers too, as
	 * in the kernel.  Several entries in the range: EBUSY (remove
	 * them first; the kernel would lose all but one).  Needs
	 * CONFIG_XARRAY_MULTI in the target kernel (xarray/multi.h).
	 */
	template <int N = 0>
	KXX_INLINE Result<Option<P>, StoreError<P>>
	store_order(unsigned long index, unsigned int order, P value, AtomicGfp gfp);
	/* The order of the entry at @index (see XArray::get_order()). */
	unsigned int get_order(unsigned long index) const
	{
		return kxx_xa_get_order(xa_->raw(), index);
	}

	/*
	 * Stores @value at @index only if the entry there is @expected
	 * (a borrow of it, as get() lends; by address), as
	 * xa_cmpxchg(); the old owner comes back.  Otherwise the
	 * CmpxchgError holds the value and a borrow of what was found
	 * (EBUSY), or ENOMEM.  A reserved index holds no entry but is
	 * not empty either: it never matches.  At an index of a
	 * multi-index entry it replaces that whole entry, as store().
	 * (Arrays of Arc/RcuArc: only None can be expected.)
	 */
	Result<Option<P>, CmpxchgError<P>> compare_exchange(unsigned long index,
							    const Borrowed &expected, P value,
							    AtomicGfp gfp) &
	{
		return cmpxchg_raw(index, detail::borrowed_entry<P>(expected), move(value),
				   gfp.bits());
	}
	/* The same, storing only where @index is empty (None). */
	Result<Option<P>, CmpxchgError<P>> compare_exchange(unsigned long index, NoneType,
							    P value, AtomicGfp gfp) &
	{
		return cmpxchg_raw(index, nullptr, move(value), gfp.bits());
	}
	/* What was found would be a borrow past the lock. */
	template <class E>
	Result<Option<P>, CmpxchgError<P>> compare_exchange(unsigned long, const E &, P,
							    AtomicGfp) && = delete;

	/*
	 * The first present entry in [first, last] (find) or after
	 * @index (find_after: past the whole of a multi-index entry),
	 * with its index, without a Range; None if there is none.
	 */
	Option<Entry> find(unsigned long first = 0, unsigned long last = ULONG_MAX) const &
	    KXX_LIFETIMEBOUND
	{
		return find_raw(first, last, KXX_XA_PRESENT, false);
	}
	Option<Entry> find_after(unsigned long index, unsigned long last = ULONG_MAX) const &
	    KXX_LIFETIMEBOUND
	{
		return find_raw(index, last, KXX_XA_PRESENT, true);
	}
	Option<Entry> find_marked(XaMark mark, unsigned long first = 0,
				  unsigned long last = ULONG_MAX) const & KXX_LIFETIMEBOUND
	{
		if (!xa_->mark_ok(mark))
			return None;
		return find_raw(first, last, mark.raw(), false);
	}
	Option<Entry> find(unsigned long = 0, unsigned long = ULONG_MAX) const && = delete;
	Option<Entry> find_after(unsigned long, unsigned long = ULONG_MAX) const && = delete;
	Option<Entry> find_marked(XaMark, unsigned long = 0,
				  unsigned long = ULONG_MAX) const && = delete;

	/*
	 * Reserves @index (xa_reserve()), on any array: it reads as
	 * empty, insert() and alloc() skip it, and the Reservation's
	 * fill() cannot fail for lack of memory.  EBUSY if @index is
	 * occupied or reserved.  Attached to this Guard, as reserve().
	 */
	Result<Reservation> reserve_at(unsigned long index, AtomicGfp gfp) &
	{
		return reserve_at_raw(index, gfp.bits());
	}
	Result<Reservation> reserve_at(unsigned long index, AtomicGfp gfp) && = delete;

	/*
	 * Stores @value at a free index within @limit (Alloc/Alloc1
	 * arrays) and returns the index; EBUSY when @limit is full.
	 */
	KXX_INLINE Result<u32, StoreError<P>> alloc(P value, AtomicGfp gfp,
						    XaLimit limit = XaLimit::all())
	    requires may_alloc
	{
		return alloc_raw(move(value), gfp.bits(), limit);
	}

	/*
	 * As alloc(), searching from @next and wrapping around within
	 * @limit; @next becomes the id after the one returned.
	 */
	Result<u32, StoreError<P>> alloc_cyclic(P value, u32 &next, AtomicGfp gfp,
						XaLimit limit = XaLimit::all())
	    requires may_alloc
	{
		if (!xa_->tracks_free())
			return misuse_not_alloc(move(value));
		limit = xa_->alloc_limit(limit);
		u32 id = 0;
		void *entry = Foreign::into_foreign(move(value));
		int err = kxx_xa_alloc_cyclic(xa_->raw(), &id, entry, limit.min, limit.max,
					      &next, gfp.bits());
		if (__builtin_expect(err, 0))
			return refused<u32>(err, entry);
		return id;
	}

	/*
	 * Reserves a free index within @limit, to fill later.  The
	 * Reservation is attached to this Guard: dropped while the
	 * Guard lives, it releases the index under this lock; once the
	 * Guard is gone, it takes the lock itself.
	 */
	Result<Reservation> reserve(AtomicGfp gfp, XaLimit limit = XaLimit::all()) &
	    requires may_alloc
	{
		return reserve_raw(gfp.bits(), limit);
	}
	Result<Reservation> reserve(AtomicGfp gfp, XaLimit limit = XaLimit::all()) && = delete;

	/* Marks: never XaMark::M0 on an allocating array (see the top). */
	void set_mark(unsigned long index, XaMark mark)
	{
		if (xa_->mark_ok(mark))
			kxx_xa_set_mark(xa_->raw(), index, mark.raw());
	}
	void clear_mark(unsigned long index, XaMark mark)
	{
		if (xa_->mark_ok(mark))
			kxx_xa_clear_mark(xa_->raw(), index, mark.raw());
	}
	bool get_mark(unsigned long index, XaMark mark) const
	{
		return xa_->mark_ok(mark) &&
		       kxx_xa_get_mark(xa_->raw(), index, mark.raw());
	}
	template <same_as<XaMark0> M> void set_mark(unsigned long, M) requires fixed_alloc
	{
		static_assert(dependent_false<M>, KXX_XA_MARK0_ON_ALLOC);
	}
	template <same_as<XaMark0> M> void clear_mark(unsigned long, M) requires fixed_alloc
	{
		static_assert(dependent_false<M>, KXX_XA_MARK0_ON_ALLOC);
	}
	template <same_as<XaMark0> M>
	bool get_mark(unsigned long, M) const requires fixed_alloc
	{
		static_assert(dependent_false<M>, KXX_XA_MARK0_ON_ALLOC);
		return false;
	}

	/*
	 * The present entries in [@first, @last], as (index, borrow) pairs;
	 * the borrows are valid while this Guard lives.
	 */
	Range entries(unsigned long first = 0, unsigned long last = ULONG_MAX) const &
	    KXX_LIFETIMEBOUND
	{
		return Range(xa_->raw(), first, last, KXX_XA_PRESENT);
	}
	Range entries(unsigned long first = 0, unsigned long last = ULONG_MAX) const && = delete;

	/* The entries in [@first, @last] that carry @mark (not M0 on Alloc arrays). */
	MarkedRange marked(XaMark mark, unsigned long first = 0,
			   unsigned long last = ULONG_MAX) const & KXX_LIFETIMEBOUND
	{
		return MarkedRange(xa_->mark_ok(mark) ? xa_->raw() : nullptr, first, last,
				   mark.raw());
	}
	MarkedRange marked(XaMark mark, unsigned long first = 0,
			   unsigned long last = ULONG_MAX) const && = delete;
	template <same_as<XaMark0> M>
	MarkedRange marked(M, unsigned long = 0, unsigned long = ULONG_MAX) const &
	    requires fixed_alloc
	{
		static_assert(dependent_false<M>, KXX_XA_MARK0_ON_ALLOC);
		return MarkedRange(nullptr, 0, 0, 0);
	}

private:
	friend class XArray;
	friend class Reservation;
	static constexpr struct Adopt {
	} adopt{};
	static constexpr struct IrqsOn {
	} irqs_on{};
	Guard(XArray &xa, IrqsOn)
	    : xa_(&xa), irq_flags_(irqs_on_marker), reservations_(nullptr)
	{
		kxx_xa_lock_irq(xa.raw());
	}

	/*
	 * The operations with any gfp bits: the AtomicGfp forms above,
	 * and XArray's convenience forms (no Guard, so no borrow, is
	 * outstanding there), which may pass a blocking gfp.
	 */
	KXX_INLINE Result<Option<P>, StoreError<P>> store_raw(unsigned long index, P value,
							      unsigned int gfp)
	{
		int err = 0;
		void *entry = Foreign::into_foreign(move(value));
		void *old = kxx_xa_store(xa_->raw(), index, entry, gfp, &err);
		if (__builtin_expect(err, 0))
			return refused<Option<P>>(err, entry);
		// SAFETY: old was stored by this array, so it came
		// from into_foreign() and the array just gave it up.
		return Foreign::try_from_foreign(old);
	}
	KXX_INLINE Result<void, StoreError<P>> insert_raw(unsigned long index, P value,
							  unsigned int gfp)
	{
		void *entry = Foreign::into_foreign(move(value));
		int err = kxx_xa_insert(xa_->raw(), index, entry, gfp);
		if (__builtin_expect(err, 0))
			return refused<void>(err, entry);
		return Ok();
	}
	KXX_INLINE Result<u32, StoreError<P>> alloc_raw(P value, unsigned int gfp, XaLimit limit)
	{
		if (!xa_->tracks_free())
			return misuse_not_alloc(move(value));
		limit = xa_->alloc_limit(limit);
		// Written by __xa_alloc() before it returns 0; not read
		// otherwise.
		__attribute__((uninitialized)) u32 id;
		void *entry = Foreign::into_foreign(move(value));
		int err = kxx_xa_alloc(xa_->raw(), &id, entry, limit.min, limit.max, gfp);
		if (__builtin_expect(err, 0))
			return refused<u32>(err, entry);
		return id;
	}
	KXX_INLINE Result<Option<P>, StoreError<P>>
	store_order_raw(unsigned long index, unsigned int order, P value, unsigned int gfp);
	KXX_INLINE Result<Option<P>, CmpxchgError<P>> cmpxchg_raw(unsigned long index, void *want,
								  P value, unsigned int gfp)
	{
		int status;
		void *entry = Foreign::into_foreign(move(value));
		void *curr = kxx_xa_cmpxchg(xa_->raw(), index, want, entry, gfp, &status);
		if (__builtin_expect(status, 0))
			return cmpxchg_refused(status, entry, curr);
		// SAFETY: curr was replaced by entry: the array gave it up.
		return Foreign::try_from_foreign(curr);
	}
	[[gnu::noinline, gnu::cold]] static Result<Option<P>, CmpxchgError<P>>
	cmpxchg_refused(int err, void *entry, void *found)
	{
		// SAFETY: not stored, so entry is still ours; found is
		// in the array, lent for as long as the Guard lives.
		return CmpxchgError<P>{ Error::from_errno(err), Foreign::from_foreign(entry),
					Foreign::borrow(found) };
	}
	Option<Entry> find_raw(unsigned long index, unsigned long last, unsigned int filter,
			       bool after) const
	{
		unsigned long first = index;
		void *e = after ? kxx_xa_find_after_marked(xa_->raw(), &index, last, filter)
				: kxx_xa_find(xa_->raw(), &index, last, filter);
		if (!e)
			return None;
		// A multi-index entry that starts before @first: its
		// first index in the range (never below where we asked).
		if (index < first)
			index = first;
		return Entry{ index, Foreign::borrow(e) };
	}
	/* Reserve under this Guard, attached to it (xarray/reservation.h). */
	Result<Reservation> reserve_at_raw(unsigned long index, unsigned int gfp);
	Result<Reservation> reserve_raw(unsigned int gfp, XaLimit limit);

	/* For try_lock(): the lock is already held. */
	Guard(XArray &xa, Adopt, unsigned long irq_flags)
	    : xa_(&xa), irq_flags_(irq_flags), reservations_(nullptr)
	{}

	[[gnu::cold]] void detach_all()
	{
		while (reservations_)
			reservations_->detach();
	}

	/* A failed store: the error and the value back (see KXX_COLD_RESULT). */
	template <class T> KXX_COLD_RESULT static Result<T, StoreError<P>> refused(int err, void *entry)
	{
		// SAFETY: the store failed, so the array did not take
		// entry; it is still ours to take back.
		return StoreError<P>{ Error::from_errno(err), Foreign::from_foreign(entry) };
	}

	static Result<u32, StoreError<P>> misuse_not_alloc(P value)
	{
		KXX_WARN_MISUSE("XArray::alloc() on an array without XaFlags::Alloc");
		return StoreError<P>{ code::EINVAL, move(value) };
	}

	XArray *xa_;
	unsigned long irq_flags_; // LockIrq arrays: the state to restore
	// Live reservations made under this Guard (their list).
	Reservation *reservations_;
};

} // namespace kxx

#endif /* KXX_XARRAY_GUARD_H */
