/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/xarray/xarray.h - XArray<P>: the kernel's XArray, owning what it stores.
 *
 * Wraps:     <linux/xarray.h> (xa_init_flags, xa_load, xa_find, xa_get_order,
 *            xa_empty, xa_destroy, and the __xa_* operations its Guard calls)
 *            through src/xarray.c.
 * Types:     XArray<P, Flags> (and its Guard, Reservation and ranges, defined
 *            in xarray/guard.h, xarray/reservation.h and xarray/range.h).
 *            Invariants: storage_ is an initialised struct xarray (sized from
 *            the target kernel) whose entries are null, reserved, or pointers
 *            that came from ForeignOwnable<P>::into_foreign() and are owned by
 *            this XArray; flags_ is what it was initialised with (Fixed when
 *            fixed); armed_ counts its Reservations not yet filled or released
 *            (written under the lock); a StaticXArray's self_ is its own
 *            address.  An XArray neither copies nor moves: the kernel's nodes
 *            point back at it.  cpu_shared_v<XArray> (below).
 * Contexts:  as its lock's flavour allows (xarray/lock.h); load() and lockless
 *            entries() anywhere under a read guard.
 * Promises:  docs/soundness.md, "1. Ownership" (every entry dropped exactly
 *            once; destruction takes entries out before dropping them), "2.
 *            Borrows" (lockless load() and iteration only for rcu_freed
 *            owners), "3. Locking" and "4. Contexts".
 * Tests:     kunit/xarray_test.cpp and the other kunit/xarray_*_test.cpp
 *            (kxx_xarray, kxx_xarray_api, kxx_xarray_values, kxx_xarray_multi,
 *            kxx_xarray_model, kxx_xarray_static), kunit/fault_test.cpp
 *            (kxx_fault.xarray_*), kunit/stress_test.cpp (kxx_stress);
 *            compile-fail: xarray_copy, xarray_move, xarray_entry_align,
 *            xarray_load_box, xarray_load_page, xarray_lockless_iteration_box,
 *            xarray_lockless_iteration_temporary_array,
 *            xarray_lockless_iteration_temporary_guard,
 *            xarray_multi_without_config, xarray_multi_on_alloc_array,
 *            xarray_declaration_place_forged, guard_on_temporary_xarray,
 *            reservation_outlives_xarray; clang-fail:
 *            xarray_call_under_own_guard, xarray_load_outlives_read_guard.
 */
#ifndef KXX_XARRAY_XARRAY_H
#define KXX_XARRAY_XARRAY_H

#include <kxx/alloc/gfp.h>
#include <kxx/bindings.h>
#include <kxx/core/annotations.h>
#include <kxx/core/layout.h>
#include <kxx/core/misuse.h>
#include <kxx/core/type_name.h>
#include <kxx/foreign/rcu_freed.h>
#include <kxx/rcu/read.h>
#include <kxx/result/result.h>
#include <kxx/sync/cpu_shared.h>
#include <kxx/sync/atomic_context.h>
#include <kxx/sync/lock_class.h>
#include <kxx/xarray/entry.h>
#include <kxx/xarray/errors.h>
#include <kxx/xarray/flags.h>
#include <kxx/xarray/lock.h>
#include <kxx/xarray/marks.h>
#include <kxx/xarray/static.h>

namespace kxx {

/* The advanced API's cursors (kxx/xarray_advanced.h). */
template <foreign_ownable P, XaFlags Fixed, bool Static> class XaCursor;
template <foreign_ownable P, XaFlags Fixed, bool Static> class XaReadCursor;

namespace detail {
template <class Array, class Lend> class XasReader; // the cursors' read side (xarray/xas.h)
} // namespace detail

/*
 * The kernel's XArray owning its entries: each is a P (Box, Arc, RcuBox,
 * Page, XaValue, ...), dropped when removed or when the array is.  The
 * array's own methods lock for one call and take a gfp that may block in
 * process context; lock() gives a Guard for several calls in one section
 * (atomic gfps only).  Promises: docs/soundness.md, 1. Ownership,
 * 2. Borrows, 3. Locking.
 */
template <foreign_ownable P, XaFlags Fixed = xa_runtime_flags, bool Static = false>
class KXX_CAPABILITY("xa_lock") XArray : private detail::XaLock<P, Fixed, Static> {
	static_assert(detail::xa_entries_ok<P>,
		      "XArray entries must be at least 4-byte aligned: the XArray uses the two "
		      "low bits of every entry to tell pointers from values and its internal "
		      "entries (integers go in as XaValue)");

	using Foreign = ForeignOwnable<P>;
	using Storage = Opaque<KXX_SIZEOF_XARRAY, KXX_ALIGNOF_XARRAY>;

	/* Whether the flags are part of the type (XArray<P, Flags>). */
	static constexpr bool fixed = Fixed != xa_runtime_flags;
	static_assert(!Static || fixed, "a StaticXArray has its flags in the type");
	static_assert(!fixed || !(has_flag(Fixed, XaFlags::LockIrq) && has_flag(Fixed, XaFlags::LockBh)),
		      "an XArray's lock is either _irq or _bh, not both");
	/* Whether the type says the array allocates (tracks free slots). */
	static constexpr bool fixed_alloc =
	    fixed && (static_cast<unsigned int>(Fixed) & KXX_XA_FLAGS_TRACK_FREE) != 0;
	/* Whether alloc() and reserve() may be called: unless the type says no. */
	static constexpr bool may_alloc = !fixed || fixed_alloc;

	/* The lock's flavours and class (xarray/lock.h): XArray's own, privately. */
	using Lock = detail::XaLock<P, Fixed, Static>;
	friend Lock;
	using Lock::checked;
	using Lock::init;
	using Lock::init_at;
	using Lock::irqs_on_marker;
	using Lock::lock_nested_raw;
	using Lock::plain_lock;
	using Lock::trylock_raw;

public:
	/* What the array lends: shared and exclusive borrows of P. */
	using Borrowed = typename Foreign::Borrowed;
	using BorrowedMut = typename Foreign::BorrowedMut;
	/* What a lockless load() lends (RcuArcBorrow for RcuArc, else Borrowed). */
	using RcuBorrowed = typename detail::RcuBorrowOf<P>::type;
	class KXX_SCOPED_CAPABILITY Guard; // xarray/guard.h
	class Reservation; // xarray/reservation.h
	/* The advanced API, with kxx/xarray_advanced.h: a Guard with a position. */
	using Cursor = XaCursor<P, Fixed, Static>;
	using ReadCursor = XaReadCursor<P, Fixed, Static>;

	/*
	 * Iteration (xarray/range.h): an entry as iteration and find() yield
	 * it, how a range lends (under the lock, or under a read guard), and
	 * the present entries in [first, last], for one pass at a time.
	 */
	template <class B> struct BasicEntry;
	struct LendLocked;
	/* What lockless iteration lends, and its range. */
	using LendRcu = detail::RcuBorrowOf<P>;
	template <class Lend, bool Marked = false> class BasicRange;
	/* The lockless range (entries(read_guard)). */
	using RcuRange = BasicRange<LendRcu>;

	/*
	 * The flags as a value (XArray<P>) or in the type (XArray<P, Flags>).
	 * The lock's lockdep class is the place the array is declared, or
	 * @lock_class (KXX_LOCK_CLASS(): see xarray/lock.h).
	 *
	 *   XArray<Box<Foo>> a, b;                        // two classes
	 *   XArray<Box<Foo>, XaFlags::Alloc> ids(KXX_LOCK_CLASS("foo ids"));
	 */
	explicit XArray(XaFlags flags = XaFlags::None, detail::Here at = detail::Here())
	    requires(!fixed)
	    : flags_(checked(flags))
	{
		init_at(flags, at);
	}
	XArray(XaFlags flags, LockClassKey &lock_class) requires(!fixed) : flags_(checked(flags))
	{
		init(lock_class);
	}
	explicit XArray(detail::Here at = detail::Here()) requires(fixed && !Static) : flags_(Fixed)
	{
		init_at(Fixed, at);
	}
	explicit XArray(LockClassKey &lock_class) requires(fixed && !Static) : flags_(Fixed)
	{
		init(lock_class);
	}

	/*
	 * Drops every entry.  Destroying an array while its lock is held (a
	 * Guard that outlives it, through a heap-allocated or Option'd array)
	 * would free memory the Guard still unlocks: that stops with BUG().
	 */
	~XArray() requires(!Static) { destroy(); }

	/*
	 * StaticXArray<P, Flags> (xarray/static.h): initialised at compile
	 * time, given its own address, which only an object of static storage
	 * duration has as a constant; no constructor or destructor runs.
	 */
	consteval explicit XArray(const XArray *self) requires(Static)
	    : storage_(detail::xa_static_storage<Fixed>()), flags_(Fixed), self_(self)
	{}
	/* Null would let a local one compile. */
	XArray(decltype(nullptr)) requires(Static) = delete;
	template <int N = 0> consteval XArray() requires(Static) : XArray(this)
	{
		static_assert(N != 0, "a StaticXArray is declared with its own address, at namespace "
				      "scope: constinit StaticXArray<P, Flags> name{ &name };");
	}
	~XArray() requires Static = default;

	/*
	 * A static array's end, from the module's exit: every entry dropped
	 * exactly once, the nodes freed; no Reservation of it may remain
	 * (BUG).  Forgetting it leaks every entry (kmemleak reports them).
	 */
	KXX_EXCLUDES(this) void exit() requires Static
	{
		if (__builtin_expect(self_ != this, 0))
			kxx_bug("kxx::StaticXArray given another object's address");
		destroy();
	}

	XArray(const XArray &) = delete;
	XArray &operator=(const XArray &) = delete;
	XArray(XArray &&) = delete;
	XArray &operator=(XArray &&) = delete;

	/*
	 * Takes the lock (may spin; for _irq/_bh arrays also masks those).
	 * Not on a temporary array: the guard would outlive it.
	 */
	// (The body hands the Guard's capability to the caller, which Clang
	// cannot see inside it; callers are checked against the annotation.)
	[[nodiscard]] Guard lock() & KXX_ACQUIRE(this) KXX_ENTERS_ATOMIC KXX_NO_THREAD_SAFETY_ANALYSIS
	{
		return Guard(*this);
	}
	Guard lock() && = delete;

	/*
	 * lock() at lockdep subclass @Subclass (1 to 7; lock() is 0), as
	 * spin_lock_nested(): two arrays of one class (made at one place)
	 * held at once, always in the same order, which the driver keeps.
	 */
	template <unsigned int Subclass>
	requires(Subclass >= 1 && Subclass < 8)
	[[nodiscard]] Guard lock_nested() & KXX_ACQUIRE(this) KXX_ENTERS_ATOMIC KXX_NO_THREAD_SAFETY_ANALYSIS
	{
		return Guard(*this, Guard::adopt, lock_nested_raw(Subclass));
	}
	template <unsigned int Subclass> Guard lock_nested() && = delete;

	/* Takes the lock if it is free, without waiting. */
	Option<Guard> try_lock() && = delete;
	[[nodiscard]] KXX_EXCLUDES(this) Option<Guard> try_lock() &
	{
		unsigned long irq_flags = 0;
		if (!trylock_raw(irq_flags))
			return None;
		return Option<Guard>(in_place_fn,
				     [&] { return Guard(*this, Guard::adopt, irq_flags); });
	}

	/*
	 * Lockless read: the entry at @index, valid while @guard lives.  Only
	 * for owners whose memory is freed a grace period after they are
	 * dropped (RcuBox, RcuArc): xa_load() protects the tree, not the
	 * object, so for Box<T> a concurrent remove() could free it under the
	 * reader.
	 */
	RcuBorrowed load(const rcu::ReadGuard &guard KXX_LIFETIMEBOUND, unsigned long index) const
	    requires rcu_freed<P>
	{
		(void)guard;
		return detail::RcuBorrowOf<P>::borrow(kxx_xa_load(raw(), index));
	}
	/* A temporary guard would end before the borrow is used. */
	RcuBorrowed load(const rcu::ReadGuard &&, unsigned long) const requires rcu_freed<P>
	= delete;

	/*
	 * Lockless iteration (xa_for_each under rcu_read_lock()): each
	 * element's borrow is valid while @guard lives.  As load(), only
	 * for owners freed a grace period after they are dropped.  It sees
	 * each entry present throughout the walk, and may or may not see
	 * ones stored or removed meanwhile.
	 */
	RcuRange entries(const rcu::ReadGuard &guard KXX_LIFETIMEBOUND, unsigned long first = 0,
			 unsigned long last = ULONG_MAX) const & KXX_LIFETIMEBOUND requires rcu_freed<P>
	{
		(void)guard;
		return RcuRange(raw(), first, last, KXX_XA_PRESENT);
	}
	RcuRange entries(const rcu::ReadGuard &&, unsigned long = 0,
			 unsigned long = ULONG_MAX) const & requires rcu_freed<P>
	= delete;
	/* The Range walks the array: not one that ends at the semicolon. */
	RcuRange entries(const rcu::ReadGuard &, unsigned long = 0,
			 unsigned long = ULONG_MAX) const && requires rcu_freed<P>
	= delete;

	/*
	 * The order of the entry at @index: 2^order indices share it (0 for
	 * a normal entry and for none).  No lock needed.
	 */
	unsigned int get_order(unsigned long index) const
	{
		return kxx_xa_get_order(raw(), index);
	}

	/*
	 * Empties a live array, as xa_destroy() does, but owning: each entry
	 * is taken out under the lock and dropped without it, exactly once.
	 * Reserved indices stay reserved: their Reservations own them.  Not
	 * while holding a Guard of this array.
	 */
	KXX_EXCLUDES(this) void clear() { drain(); }

	/* Whether no entry is present or reserved (no lock needed). */
	bool empty() const { return kxx_xa_empty(raw()); }

	/* The name lockdep reports this array's lock by (null without lockdep). */
	const char *lock_class_name() const { return kxx_xa_lock_name(raw()); }

	/* The flags the array was made with. */
	XaFlags flags() const
	{
		if constexpr (fixed)
			return Fixed;
		else
			return flags_;
	}

	/*
	 * Convenience forms that take the lock for one operation, with any
	 * gfp: no borrow of the call can be outstanding while the kernel drops
	 * the lock to allocate (xarray/convenience.h).  Not while the caller
	 * holds a Guard of this array (a deadlock).
	 */
	KXX_EXCLUDES(this)
	KXX_INLINE Result<Option<P>, StoreError<P>> store(unsigned long index, P value, Gfp gfp);
	KXX_EXCLUDES(this) KXX_INLINE Option<P> remove(unsigned long index);
	KXX_EXCLUDES(this)
	KXX_INLINE Result<void, StoreError<P>> insert(unsigned long index, P value, Gfp gfp);
	KXX_EXCLUDES(this)
	KXX_INLINE Result<u32, StoreError<P>> alloc(P value, Gfp gfp, XaLimit limit = XaLimit::all())
	    requires may_alloc;
	/*
	 * As Guard::reserve() and reserve_at(), taking the lock; the
	 * Reservation is unattached: its release takes the lock itself
	 * (xarray/reservation.h).
	 */
	KXX_EXCLUDES(this)
	Result<Reservation> reserve(Gfp gfp, XaLimit limit = XaLimit::all()) & requires may_alloc;
	/* A reservation on a temporary array would outlive it. */
	Result<Reservation> reserve(Gfp gfp, XaLimit limit = XaLimit::all()) && = delete;
	KXX_EXCLUDES(this) Result<Reservation> reserve_at(unsigned long index, Gfp gfp) &;
	Result<Reservation> reserve_at(unsigned long index, Gfp gfp) && = delete;

	/* As Guard::store_order(), taking the lock; any gfp (xarray/multi.h). */
	template <int N = 0>
	KXX_EXCLUDES(this) Result<Option<P>, StoreError<P>> store_order(unsigned long index,
									unsigned int order, P value,
									Gfp gfp);

	/*
	 * A Guard spelled as a declaration (`XArray<P>::ScopedGuard g(xa)`),
	 * the same type as xa.lock()'s.
	 */
	using ScopedGuard = Guard;

private:
	friend class XaCursor<P, Fixed, Static>;
	friend class XaReadCursor<P, Fixed, Static>;
	template <class, class> friend class detail::XasReader;

	/*
	 * How the array drops what it owns, out of line (xarray/drop.h):
	 * destroy() for ~XArray and exit(), drain() for clear(), and
	 * drain_dying(), destroy()'s walk.
	 */
	[[gnu::noinline]] void destroy();
	[[gnu::noinline]] void drain();
	[[gnu::noinline]] void drain_dying();

	struct xarray *raw() const
	{
		// SAFETY: storage_ has the size and alignment of struct xarray
		// (from the layout header) and is only ever used as one.
		return reinterpret_cast<struct xarray *>(const_cast<Storage *>(&storage_));
	}

	/* A reservation made under a lock taken for it (xarray/reservation.h). */
	template <class Make> Result<Reservation> reserve_unattached(Gfp gfp, Make make);

	/* The Guard a convenience form holds (xarray/convenience.h). */
	Guard lock_for(Gfp gfp, unsigned int &bits) KXX_ACQUIRE(this) KXX_NO_THREAD_SAFETY_ANALYSIS;

	/*
	 * Index 0 of an Alloc1 (ZERO_BUSY) array is never handed out: the
	 * kernel marks it free again when an entry stored there is erased,
	 * and would then empty a reservation there when the tree shrinks.
	 * Folds away for fixed flags and a constant limit.
	 */
	XaLimit alloc_limit(XaLimit limit) const
	{
		if ((static_cast<unsigned int>(flags()) & KXX_XA_FLAGS_ZERO_BUSY) && limit.min == 0)
			limit.min = 1;
		return limit;
	}

	/*
	 * Alloc and Alloc1 both include the kernel's TRACK_FREE bit
	 * (xa_track_free()).  Constant when the flags are fixed.
	 */
	bool tracks_free() const
	{
		return static_cast<unsigned int>(flags()) & KXX_XA_FLAGS_TRACK_FREE;
	}

	/*
	 * Mark 0 on an allocating array would clobber XA_FREE_MARK (a used
	 * slot marked free is handed out again).  Fixed allocating arrays do
	 * not compile it as a constant; this refuses it as a value.  Folds
	 * away for constant marks.
	 */
	bool mark_ok(XaMark mark) const
	{
		if (__builtin_expect(mark.raw() == KXX_XA_MARK_0 && tracks_free(), 0)) {
			KXX_WARN_MISUSE("XaMark::M0 on an allocating XArray (it is XA_FREE_MARK)");
			return false;
		}
		return true;
	}

	Storage storage_;
	XaFlags flags_; // as given; Fixed when fixed
	// Armed Reservations (made and not yet filled or released): written
	// under the lock; destroying the array with any left is a bug.
	unsigned long armed_ = 0;
	struct NotStatic {};
	[[no_unique_address]] conditional_t<Static, const XArray *, NotStatic> self_{};
};

/*
 * Every CPU may use one array at once: each operation takes the lock itself.
 * on_each_cpu()'s callable runs in hard interrupts, where only a LockIrq
 * lock may be taken (a plain or BH one would deadlock against a holder the
 * interrupt stopped): arrays whose type does not say LockIrq are lent as
 * const, for lockless reads only.
 */
template <foreign_ownable P, XaFlags F, bool S> inline constexpr bool cpu_shared_v<XArray<P, F, S>> = true;
template <foreign_ownable P, XaFlags F, bool S>
inline constexpr bool cpu_shared_const_v<XArray<P, F, S>> =
    F == xa_runtime_flags || !has_flag(F, XaFlags::LockIrq);

} // namespace kxx

/* The classes XArray declares, defined out of line. */
#include <kxx/xarray/range.h>
#include <kxx/xarray/guard.h>
#include <kxx/xarray/reservation.h>
#include <kxx/xarray/convenience.h>
#include <kxx/xarray/multi.h>
#include <kxx/xarray/drop.h>

#endif /* KXX_XARRAY_XARRAY_H */
