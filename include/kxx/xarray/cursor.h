/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/xarray/cursor.h - XaCursor: an xa_state under the array's lock, and the entry API.
 *
 * Wraps:     <linux/xarray.h> (XA_STATE, xas_lock, xas_store, xas_pause,
 *            xas_nomem, xas_set_mark, xas_clear_mark) through src/xarray.c.
 * Types:     XaCursor<P, Fixed, Static> (a Guard with a position; its read side
 *            is detail::XasReader, xarray/xas.h, shared with XaReadCursor) and
 *            its entry API: Slot, Occupied, Vacant. Invariants: see the class
 *            (the lock held for the cursor's whole life except inside pause()
 *            and nomem()).  Neither copied nor moved, and scope-bound.
 * Contexts:  as a Guard of the array; nomem() and update() allocate without
 *            blocking where the cursor's lock flavour or the interrupt state
 *            says so.
 * Promises:  docs/soundness.md, "2. Borrows" (borrows only from a named
 *            cursor), "3. Locking" (the XaCursor rows: the lock held from start
 *            to end; stores never let it go; the entry API) and "4. Contexts"
 *            (the XaCursor rows).
 * Tests:     kunit/xarray_cursor_test.cpp (its kxx_xarray_cursor cases),
 *            kunit/fault_test.cpp (kxx_fault.xarray_cursor_nomem_retries),
 *            kunit/xarray_model_test.cpp
 *            (kxx_xarray_model.random_mix_matches_the_model); compile-fail:
 *            cursor_copy, cursor_store_lvalue, cursor_temporary_entry,
 *            cursor_temporary_load, cursor_temporary_walk,
 *            cursor_mark0_on_alloc_array; clang-fail:
 *            cursor_borrow_outlives_cursor.
 *
 * Why the cursor owns its lock.  The kernel's xa_state points into the
 * tree; a change made past it (another Guard of the same array, held by
 * the same thread) can free the node it points to.  A cursor that holds
 * the lock itself is the only way to change the array while it lives:
 * any other locker of the array waits for it (the same thread would
 * deadlock, which lockdep reports), so its xa_state never goes stale.
 *
 * Borrows.  What load(), next(), find(), walks and entry() lend is valid
 * until the cursor ends, pause() or nomem() lets go of the lock, or the
 * entry is replaced or removed through the cursor and the old owner
 * dropped; as for a Guard, they exist only on a named cursor.
 *
 * Values.  store(), replace() and insert() take an rvalue reference and
 * move from it only when they store, as std::map::try_emplace() does: a
 * store that fails (ENOMEM) leaves the value with the caller, for the next
 * attempt of an allocate-and-retry loop.  (Examples: kxx/xarray_advanced.h.)
 */
#ifndef KXX_XARRAY_CURSOR_H
#define KXX_XARRAY_CURSOR_H

#include <kxx/xarray/xas.h>

namespace kxx {

/*
 * The cursor under the lock.  Constructing one takes the array's lock (in
 * the flavour its flags name, as a Guard); destroying it releases the lock
 * and frees a node allocated for a store that did not need it.  Neither
 * copied nor moved.
 *
 * Position.  A cursor starts at the index it is given; set() moves it.
 * find() and walks start at the entry at the position if the cursor has
 * not been walked yet (fresh, set() or paused), and after the current entry
 * otherwise, as the kernel's xas_find() does.
 *
 * Invariants: the lock of *xa_ is held by this thread for the cursor's
 * whole life, except inside pause() and nomem(); xas_ (the read side's,
 * xarray/xas.h) is an xa_state of *xa_, valid under that lock (reset
 * whenever the lock was let go).
 */
template <foreign_ownable P, XaFlags Fixed, bool Static>
class KXX_SCOPED_CAPABILITY XaCursor
    : public detail::XasReader<XArray<P, Fixed, Static>, typename XArray<P, Fixed, Static>::LendLocked> {
	using Array = XArray<P, Fixed, Static>;
	using Base = detail::XasReader<Array, typename Array::LendLocked>;
	using Foreign = ForeignOwnable<P>;
	static constexpr bool fixed_alloc = Array::fixed_alloc;
	using Base::xa_;
	using Base::xas;

public:
	/* A guard: lives in a scope only.  Borrowed, BorrowedMut: what the cursor lends. */
	using kxx_scope_bound = void;
	using Borrowed = typename Array::Borrowed;
	using BorrowedMut = typename Array::BorrowedMut;
	/*
	 * The read side, shared with XaReadCursor (xarray/xas.h): index(),
	 * set(), load(), next(), prev(), find(), find_marked(), get_mark(),
	 * entries(), marked(), and its types Walk, MarkedWalk and Entry.
	 */
	using Base::get_mark;
	using Base::index;
	using Base::set;
	class Occupied;
	class Vacant;
	class Slot;

	/* Takes @xa's lock (not held by this thread: a deadlock) and starts at @index. */
	explicit XaCursor(Array &xa, unsigned long index = 0) KXX_ACQUIRE(xa)
	    : Base(xa), irq_flags_(xa.lock_raw()), section_(kxx_preempt_count()), nomem_(false),
	      in_update_(false)
	{
		kxx_xas_init(xas(), xa.raw(), index);
	}
	~XaCursor() KXX_RELEASE()
	{
		xa_->unlock_raw(irq_flags_);
		kxx_xas_destroy(xas());
	}
	XaCursor(const XaCursor &) = delete;
	XaCursor &operator=(const XaCursor &) = delete;
	XaCursor(XaCursor &&) = delete;
	XaCursor &operator=(XaCursor &&) = delete;

	/* The entry at the position, lent for changing (load(), exclusive). */
	BorrowedMut load_mut() & KXX_LIFETIMEBOUND
	{
		return Foreign::borrow_mut(kxx_xas_load(xas()));
	}
	/*
	 * Stores @value at the position and returns what was there (the
	 * whole of a multi-index entry, or nothing over a reservation), as
	 * Guard::store().  It never lets go of the lock: a node the store
	 * needs is one nomem() allocated, or GFP_NOWAIT.  On ENOMEM @value is
	 * not moved from and nomem() can allocate for a retry.
	 */
	Result<Option<P>> store(P &&value) & { return store_entry(value); }

	/* Takes the entry at the position out (all of a multi-index entry). */
	Option<P> remove() &
	{
		int err;
		// SAFETY: what the array gives up is owned by no one else.
		return Foreign::try_from_foreign(kxx_xas_store(xas(), nullptr, &err));
	}

	/* What is at the position: Occupied, Vacant, or (reserved) neither. */
	Slot entry() & KXX_LIFETIMEBOUND { return Slot(*this, index(), kxx_xas_load(xas())); }
	/* The same after set(@index). */
	Slot entry(unsigned long index) & KXX_LIFETIMEBOUND
	{
		set(index);
		return entry();
	}

	/* Marks of the entry at the position: never XaMark::M0 on an allocating array. */
	void set_mark(XaMark mark)
	{
		if (xa_->mark_ok(mark))
			kxx_xas_set_mark(xas(), mark.raw());
	}
	void clear_mark(XaMark mark)
	{
		if (xa_->mark_ok(mark))
			kxx_xas_clear_mark(xas(), mark.raw());
	}
	template <same_as<XaMark0> M> void set_mark(M) requires fixed_alloc
	{
		static_assert(dependent_false<M>, KXX_XA_MARK0_ON_ALLOC);
	}
	template <same_as<XaMark0> M> void clear_mark(M) requires fixed_alloc
	{
		static_assert(dependent_false<M>, KXX_XA_MARK0_ON_ALLOC);
	}
	template <same_as<XaMark0> M> bool get_mark(M) requires fixed_alloc
	{
		static_assert(dependent_false<M>, KXX_XA_MARK0_ON_ALLOC);
		return false;
	}

	/*
	 * Lets go of the lock and takes it again, for others waiting on it
	 * in a long walk (xas_pause()): the position moves past the entry it
	 * was at, where the walk goes on.  Borrows taken before it end here.
	 * Only the spinlock is let go: interrupts or BHs the cursor turned
	 * off stay off, so sections nested in the cursor's are undisturbed.
	 * With a lock (or other section) taken after the cursor still held,
	 * or inside update(), it is a misuse report and does nothing: taking
	 * this lock again under the other would invert their order.
	 */
	void pause() & KXX_NO_THREAD_SAFETY_ANALYSIS
	{
		if (!lock_may_drop("XaCursor::pause()"))
			return;
		kxx_xas_pause(xas());
		kxx_xa_unlock(xa_->raw());
		kxx_xa_lock(xa_->raw());
	}

	/*
	 * The loop of the kernel's `do { ... } while (xas_nomem(&xas, gfp))`:
	 * after a store under this cursor failed with ENOMEM, lets go of the
	 * lock, allocates the node it needs with @gfp, takes the lock again
	 * and returns true: run the loop's body again (the cursor is where
	 * the failed store was).  Otherwise false.  Borrows taken before it
	 * end here.  A node that the retry does not use is freed when the
	 * cursor ends.  As pause(), it lets go of the spinlock only, so on
	 * LockIrq and LockBh arrays (interrupts or BHs stay off) and with
	 * interrupts off it allocates without blocking; with a section taken
	 * after the cursor still held it is a misuse report and false.
	 *
	 *   Result<Option<Box<Foo>>> r = code::EAGAIN;
	 *   do {
	 *           r = cur.store(move(foo));
	 *   } while (cur.nomem(GFP_KERNEL));
	 */
	bool nomem(Gfp gfp) & KXX_NO_THREAD_SAFETY_ANALYSIS
	{
		if (__builtin_expect(!nomem_, 1))
			return false;
		if (in_update_) {
			KXX_WARN_MISUSE("XaCursor::nomem() inside update()");
			return false;
		}
		return nomem_slow(gfp);
	}

	/*
	 * The same loop as one call: f() under the lock, again (from this
	 * cursor's index when update() was called) for as long as a store in
	 * it ran out of memory and nomem(@gfp) could allocate; if it could
	 * not, f() runs once more, under the lock held since.  Returns f()'s
	 * last result, computed with the lock held throughout, so borrows in
	 * it are valid.  Inside f(), pause() and nomem() are misuse reports
	 * that do nothing.  Write f() so that running it again is right: a
	 * value stored in an earlier run is already moved from.
	 */
	template <class F> decltype(auto) update(Gfp gfp, F &&f) &
	{
		using R = decltype(f());
		static_assert(!is_reference_v<R>, "update(): f() returns a value");
		if (in_update_) {
			KXX_WARN_MISUSE("XaCursor::update() inside update(): no retries");
			return f();
		}
		unsigned long start = index();
		bool last = false;
		nomem_ = false;
		for (;;) {
			in_update_ = true;
			if constexpr (same_as<R, void>) {
				f();
				in_update_ = false;
				if (last || !nomem_) {
					nomem_ = false;
					return;
				}
			} else {
				R r = f();
				in_update_ = false;
				if (last || !nomem_) {
					nomem_ = false;
					return r;
				}
			}
			// A store in f() ran out of memory: allocate without the
			// lock.  If that fails, one more run under the lock.
			last = !nomem_slow(gfp);
			set(start);
		}
	}

	/* What the entry API's views share: their cursor, and the index. */
	class Place {
	public:
		/* The index entry() was called for. */
		unsigned long index() const { return index_; }
	protected:
		/* Made by entry() only. */
		Place(XaCursor &cur, unsigned long index) : cur_(&cur), index_(index) {}
		XaCursor *cur_;
		unsigned long index_;
	};

	/* Present at the index entry() was called for. */
	class Occupied : public Place {
		using Place::cur_, Place::index_;

	public:
		/* The entry, shared or exclusive; valid while the cursor lives. */
		Borrowed get() & KXX_LIFETIMEBOUND { return Foreign::borrow(cur_->at(index_)); }
		BorrowedMut get_mut() & KXX_LIFETIMEBOUND
		{
			return Foreign::borrow_mut(cur_->at(index_));
		}
		/*
		 * Stores @value in its place and hands the old owner back (the
		 * whole of a multi-index entry).  ENOENT if it was removed
		 * through the cursor since; ENOMEM.  @value is moved from only
		 * when stored.
		 */
		Result<P> replace(P &&value) &
		{
			if (!cur_->at(index_))
				return code::ENOENT;
			Result<Option<P>> old = cur_->store_entry(value);
			if (old.is_err())
				return old.error();
			return move(*move(old).value());
		}
		/* Takes it out; None if it was removed through the cursor since. */
		Option<P> remove() &&
		{
			if (!cur_->at(index_))
				return None;
			return cur_->remove();
		}

	private:
		friend class Slot;
		using Place::Place;
	};

	/* Empty (not reserved) at the index entry() was called for. */
	class Vacant : public Place {
		using Place::cur_, Place::index_;

	public:
		/*
		 * Stores @value there and lends it.  EBUSY if something was
		 * stored or reserved there through the cursor since; ENOMEM.
		 * @value is moved from only when stored.
		 */
		Result<BorrowedMut> insert(P &&value) &&
		{
			if (cur_->at(index_) || cur_->reserved_at(index_))
				return code::EBUSY;
			Result<Option<P>> old = cur_->store_entry(value);
			if (old.is_err())
				return old.error();
			return Foreign::borrow_mut(kxx_xas_load(cur_->xas()));
		}

	private:
		friend class Slot;
		using Place::Place;
	};

	/*
	 * What entry() found.  An index reserved for someone (a Reservation)
	 * is neither occupied nor vacant: both are None.
	 */
	class Slot : public Place {
		using Place::cur_, Place::index_;

	public:
		/* Whether an entry is there; it as Occupied or Vacant (or None). */
		bool is_occupied() const { return entry_ != nullptr; }
		Option<Occupied> occupied() const
		{
			if (!entry_)
				return None;
			return Occupied(*cur_, index_);
		}
		Option<Vacant> vacant() const
		{
			if (entry_ || cur_->reserved_at(index_))
				return None;
			return Vacant(*cur_, index_);
		}

	private:
		friend class XaCursor;
		Slot(XaCursor &cur, unsigned long index, void *entry) : Place(cur, index), entry_(entry)
		{}
		void *entry_;
	};

	/* Borrows outlive a temporary cursor's lock (the read side's too: xarray/xas.h). */
	BorrowedMut load_mut() && = delete;
	Slot entry() && = delete;
	Slot entry(unsigned long) && = delete;

private:
	/* The entry at @index, the cursor moved back there if it was moved. */
	void *at(unsigned long index)
	{
		if (__builtin_expect(this->index() != index, 0))
			set(index);
		return kxx_xas_load(xas());
	}

	bool reserved_at(unsigned long index)
	{
		at(index);
		return kxx_xas_is_reserved(xas());
	}

	/* try_emplace(): @value is moved from only if it was stored. */
	Result<Option<P>> store_entry(P &value)
	{
		int err;
		void *entry = Foreign::into_foreign(move(value));
		void *old = kxx_xas_store(xas(), entry, &err);
		if (__builtin_expect(err, 0))
			return not_stored(err, entry, value);
		// SAFETY: old was replaced by entry: the array gave it up.
		return Foreign::try_from_foreign(old);
	}
	[[gnu::noinline, gnu::cold]] Result<Option<P>> not_stored(int err, void *entry, P &value)
	{
		// SAFETY: not stored, so entry is still the caller's.
		value = Foreign::from_foreign(entry);
		nomem_ = true; // kxx_xas_store() fails only for lack of memory
		return Error::from_errno(err);
	}

	[[gnu::noinline, gnu::cold]] bool nomem_slow(Gfp gfp) KXX_NO_THREAD_SAFETY_ANALYSIS
	{
		nomem_ = false;
		if (!lock_may_drop("XaCursor::nomem()"))
			return false;
		unsigned int bits = gfp.bits();
		kxx_xa_unlock(xa_->raw());
		// Interrupts or BHs the cursor's lock turned off stay off.
		if (!xa_->plain_lock() || kxx_irqs_disabled())
			bits &= ~KXX_GFP_DIRECT_RECLAIM;
		bool retry = kxx_xas_prealloc(xas(), bits);
		kxx_xa_lock(xa_->raw());
		return retry;
	}

	/*
	 * Whether the lock may be let go here: not inside update(), and not
	 * with anything taken after the cursor (a spinlock, a Guard, a
	 * CpuGuard, a BH section: the preemption count the cursor began
	 * with) still held.
	 */
	bool lock_may_drop(const char *what)
	{
		if (__builtin_expect(in_update_ || kxx_preempt_count() != section_, 0)) {
			KXX_WARN_MISUSE(what);
			return false;
		}
		return true;
	}

	unsigned long irq_flags_;
	unsigned int section_; // the preemption count with the lock just taken
	bool nomem_;           // a store ran out of memory since the last nomem()
	bool in_update_;       // f() of update() is running
};

/* `XaCursor cur(xa, i)` deduces the array's type. */
template <foreign_ownable P, XaFlags F, bool S>
XaCursor(XArray<P, F, S> &, unsigned long) -> XaCursor<P, F, S>;
template <foreign_ownable P, XaFlags F, bool S>
XaCursor(XArray<P, F, S> &) -> XaCursor<P, F, S>;

} // namespace kxx

#endif /* KXX_XARRAY_CURSOR_H */
