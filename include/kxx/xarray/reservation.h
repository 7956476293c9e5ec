/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/xarray/reservation.h - XArray<P>::Reservation: an index reserved, to fill later.
 *
 * Wraps:     <linux/xarray.h> (xa_reserve, __xa_alloc of a NULL entry,
 *            xa_release) through src/xarray.c.
 * Types:     XArray<P>::Reservation.  Invariant: xa_ is null exactly when there
 *            is nothing to release; guard_ is null or a live Guard of xa_ whose
 *            list holds this; while armed it is counted in xa_->armed_.
 *            Move-only (moving takes the other's place in its Guard's list).
 * Contexts:  dropped while attached: under its Guard's lock; unattached: as a
 *            Guard of the array (it takes the lock).
 * Promises:  docs/soundness.md, "1. Ownership" (a moved-from Reservation holds
 *            nothing) and "3. Locking" (released in every order of destruction;
 *            never into a destroyed array; reserve_at()).
 * Tests:     kunit/xarray_reservation_test.cpp (kxx_xarray:
 *            rust_example_reservation, reservation_release_under_held_guard,
 *            reservation_released_in_every_order,
 *            moved_from_reservation_is_inert; kxx_xarray_api:
 *            reservation_at_zero_holds_on_every_array,
 *            reserve_at_any_index_on_any_array); compile-fail:
 *            reservation_copy, reservation_outlives_xarray,
 *            guard_temporary_reserve.
 */
/* XArray, which includes this header at its end, once it is complete. */
#include <kxx/xarray/xarray.h>

#ifndef KXX_XARRAY_RESERVATION_H
#define KXX_XARRAY_RESERVATION_H

namespace kxx {

/*
 * An index reserved by reserve(): present in the array (so alloc()
 * skips it) but empty (get() returns null).  fill() stores a value
 * there; dropping it unfilled frees the index.
 *
 * A Reservation made by guard.reserve() is attached to that Guard
 * while it lives: dropped, filled or released then, it uses the held
 * lock; when the Guard ends first it detaches them, and from then on
 * the Reservation takes the lock itself.  So every order of
 * destruction is right: an early return between reserve() and fill(),
 * a failed fill(), a Reservation declared before or after its Guard.
 * (One made by xa.reserve() starts detached.)  Moved-from, it holds
 * nothing: fill() hands the value back with a misuse report.
 *
 * Invariant: xa_ is null exactly when there is nothing to release;
 * guard_ is null or a live Guard of xa_ whose list holds this.
 */
template <foreign_ownable P, XaFlags Fixed, bool Static>
class XArray<P, Fixed, Static>::Reservation {
public:
	/* Takes other's reservation; other is left empty. */
	Reservation(Reservation &&other)
	    : xa_(exchange(other.xa_, nullptr)), index_(other.index_), guard_(nullptr)
	{
		if (Guard *g = other.guard_) {
			// Take other's place in the Guard's list.
			other.unlink();
			link(*g);
		}
	}
	Reservation(const Reservation &) = delete;
	Reservation &operator=(const Reservation &) = delete;
	Reservation &operator=(Reservation &&) = delete;
	~Reservation()
	{
		if (!xa_)
			return;
		if (guard_) {
			// SAFETY: guard_ is live (invariant), so the lock is
			// held by this thread.
			kxx_xa_release_reserved(xa_->raw(), index_);
			disarm();
		} else {
			Guard guard(*xa_);
			kxx_xa_release_reserved(xa_->raw(), index_);
			disarm();
		}
	}

	/* The reserved index. */
	unsigned long index() const { return index_; }
	/* Whether it still holds the index (not filled, released or moved from). */
	bool is_armed() const { return xa_ != nullptr; }

	/*
	 * Stores @value in the reserved slot (consumes the reservation);
	 * uses the Guard it is attached to, or takes the lock.  The
	 * reservation made the slot, so nothing is allocated: no gfp.
	 * On failure (the slot was stored over since: EBUSY) the value
	 * comes back and the index stays reserved.
	 */
	Result<void, StoreError<P>> fill(P value) &&
	{
		if (!xa_)
			return misuse(move(value), "Reservation::fill() of an empty reservation");
		if (guard_)
			return move(*this).fill(*guard_, move(value));
		Guard guard(*xa_);
		return move(*this).fill(guard, move(value));
	}
	Result<void, StoreError<P>> fill(Guard &guard, P value) &&
	{
		if (!xa_)
			return misuse(move(value), "Reservation::fill() of an empty reservation");
		if (guard.xa_ != xa_)
			return misuse(move(value),
				      "Reservation::fill() with another array's guard");
		void *entry = Foreign::into_foreign(move(value));
		int err = kxx_xa_fill_reserved(xa_->raw(), index_, entry);
		if (err)
			return Guard::template refused<void>(err, entry);
		disarm(); // filled: nothing left to release
		return Ok();
	}

	/* Frees the index now, under a lock the caller already holds. */
	void release(Guard &guard) &&
	{
		if (xa_ && guard.xa_ == xa_) {
			kxx_xa_release_reserved(xa_->raw(), index_);
			disarm();
		} else if (xa_) {
			KXX_WARN_MISUSE(
			    "Reservation::release() with another array's guard");
		}
	}

private:
	friend class Guard;
	friend class XArray;
	Reservation(Guard &guard, unsigned long index)
	    : xa_(guard.xa_), index_(index), guard_(nullptr)
	{
		link(guard);
	}

	void link(Guard &g)
	{
		guard_ = &g;
		next_ = g.reservations_;
		if (next_)
			next_->pprev_ = &next_;
		pprev_ = &g.reservations_;
		g.reservations_ = this;
	}
	void unlink()
	{
		*pprev_ = next_;
		if (next_)
			next_->pprev_ = pprev_;
		guard_ = nullptr;
	}
	/* The Guard is ending: from now on, take the lock to release. */
	void detach()
	{
		if (guard_)
			unlink();
	}
	/* Filled or released, under the lock: nothing left to release. */
	void disarm()
	{
		detach();
		xa_->armed_--;
		xa_ = nullptr;
	}

	static Result<void, StoreError<P>> misuse(P value, const char *why)
	{
		KXX_WARN_MISUSE(why);
		return StoreError<P>{ code::EINVAL, move(value) };
	}

	XArray *xa_; // null once filled, released or moved from
	unsigned long index_;
	Guard *guard_; // the live Guard it is attached to, or null
	Reservation *next_;
	Reservation **pprev_;
};

/* --- how Reservations are made ------------------------------------------ */

/* An unattached Reservation: its release takes the lock itself. */
template <foreign_ownable P, XaFlags Fixed, bool Static>
inline Result<typename XArray<P, Fixed, Static>::Reservation>
XArray<P, Fixed, Static>::reserve(Gfp gfp, XaLimit limit) & requires may_alloc
{
	return reserve_unattached(gfp, [&](Guard &g, unsigned int bits) {
		return g.reserve_raw(bits, limit);
	});
}

template <foreign_ownable P, XaFlags Fixed, bool Static>
inline Result<typename XArray<P, Fixed, Static>::Reservation>
XArray<P, Fixed, Static>::reserve_at(unsigned long index, Gfp gfp) &
{
	return reserve_unattached(gfp, [&](Guard &g, unsigned int bits) {
		return g.reserve_at_raw(index, bits);
	});
}

/* A reservation made under a lock taken for it, detached when it ends. */
template <foreign_ownable P, XaFlags Fixed, bool Static>
template <class Make>
inline Result<typename XArray<P, Fixed, Static>::Reservation>
XArray<P, Fixed, Static>::reserve_unattached(Gfp gfp, Make make)
{
	unsigned int bits;
	auto guard = lock_for(gfp, bits);
	Result<Reservation> r = make(guard, bits);
	if (r.is_ok())
		r->detach();
	return r;
}

template <foreign_ownable P, XaFlags Fixed, bool Static>
inline Result<typename XArray<P, Fixed, Static>::Reservation>
XArray<P, Fixed, Static>::Guard::reserve_at_raw(unsigned long index, unsigned int gfp)
{
	// Index 0 of an Alloc1 (ZERO_BUSY) array is the array's own:
	// the kernel empties a reservation there whenever the tree
	// shrinks back to it, under its owner's feet.
	if (index == 0 && (static_cast<unsigned int>(xa_->flags()) &
			   KXX_XA_FLAGS_ZERO_BUSY))
		return code::EBUSY;
	// An insert of nothing stores the reservation marker.
	int err = kxx_xa_insert(xa_->raw(), index, nullptr, gfp);
	if (err)
		return Error::from_errno(err);
	xa_->armed_++; // under the lock
	return Reservation(*this, index);
}

template <foreign_ownable P, XaFlags Fixed, bool Static>
inline Result<typename XArray<P, Fixed, Static>::Reservation>
XArray<P, Fixed, Static>::Guard::reserve_raw(unsigned int gfp, XaLimit limit)
{
	if (!xa_->tracks_free()) {
		KXX_WARN_MISUSE("XArray::reserve() on an array without XaFlags::Alloc");
		return code::EINVAL;
	}
	limit = xa_->alloc_limit(limit);
	u32 id = 0;
	int err = kxx_xa_alloc(xa_->raw(), &id, nullptr, limit.min, limit.max, gfp);
	if (err)
		return Error::from_errno(err);
	xa_->armed_++; // under the lock
	return Reservation(*this, id);
}

} // namespace kxx

#endif /* KXX_XARRAY_RESERVATION_H */
