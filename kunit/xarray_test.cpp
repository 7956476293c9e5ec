// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/xarray_test.cpp - XArray<P>: what it stores and owns.
 *
 * Proves:    kxx/xarray/xarray.h, convenience.h (the one-call forms),
 *            drop.h and errors.h (StoreError).
 * Suites:    kxx_xarray (its cases on the array itself), kxx_xarray_api
 *            (clear_a_live_array, misuse_reports_change_nothing).
 *
 * The Rust abstraction's example and the normal-API semantics the kernel's
 * own test_xarray checks (written anew here); ownership counted in
 * destructors.  The rest of kxx/xarray/, file by file: flags.h in
 * xarray_flags_test.cpp; guard.h, range.h and marks.h in
 * xarray_guard_test.cpp; lock.h in xarray_lock_test.cpp; reservation.h in
 * xarray_reservation_test.cpp; value.h, either.h and entry.h in
 * xarray_value_test.cpp; multi.h in xarray_multi_test.cpp; static.h in
 * xarray_static_test.cpp; cursor.h in xarray_cursor_test.cpp; xas.h and
 * read_cursor.h in xarray_read_cursor_test.cpp; the whole API against a
 * model in xarray_model_test.cpp.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

/* --- the Rust abstraction's example, the normal API ----------------------- */

KXX_TEST(kxx_xarray, rust_example_store_get_remove)
{
	XArray<Box<u32>> xa;
	Box<u32> dead = Box<u32>::make(GFP_KERNEL, 0xdeadu).value(); // allocate before locking
	Box<u32> beef = Box<u32>::make(GFP_KERNEL, 0xbeefu).value();
	auto guard = xa.lock();

	KXX_EXPECT_NULL(test, guard.get(0));

	auto first = guard.store(0, move(dead), GFP_ATOMIC);
	KXX_ASSERT_TRUE(test, first.is_ok());
	KXX_EXPECT_TRUE(test, first->is_none());
	KXX_ASSERT_NOT_NULL(test, guard.get(0));
	KXX_EXPECT_EQ(test, *guard.get(0), 0xdeadu);

	auto old = guard.store(0, move(beef), GFP_ATOMIC);
	KXX_ASSERT_TRUE(test, old.is_ok() && old->is_some());
	KXX_EXPECT_EQ(test, ***old, 0xdeadu);
	KXX_EXPECT_EQ(test, *guard.get(0), 0xbeefu);

	*guard.get_mut(0) = 0x1234;
	KXX_EXPECT_EQ(test, *guard.get(0), 0x1234u);

	Option<Box<u32>> removed = guard.remove(0);
	KXX_ASSERT_TRUE(test, removed.is_some());
	KXX_EXPECT_EQ(test, **removed, 0x1234u);
	KXX_EXPECT_NULL(test, guard.get(0));
	KXX_EXPECT_TRUE(test, guard.remove(0).is_none());
}

KXX_TEST(kxx_xarray, sparse_indices_to_ulong_max)
{
	static constexpr unsigned long indices[] = {
		0,
		1,
		2,
		63,
		64,
		65,
		4095,
		4096,
		1ul << 20,
		(1ul << 32) - 1,
		1ul << 32,
		1ul << 48,
		ULONG_MAX - 1,
		ULONG_MAX,
	};
	XArray<Box<Item>> xa;
	Item::reset();

	for (unsigned long i : indices)
		KXX_ASSERT_TRUE(test, xa.store(i, item(i ^ 0x5a5a), GFP_KERNEL).is_ok());
	{
		auto guard = xa.lock();
		for (unsigned long i : indices) {
			KXX_ASSERT_NOT_NULL(test, guard.get(i));
			KXX_EXPECT_EQ(test, guard.get(i)->value, i ^ 0x5a5a);
		}
		KXX_EXPECT_NULL(test, guard.get(3));
		KXX_EXPECT_NULL(test, guard.get(1ul << 33));
	}
	KXX_EXPECT_EQ(test, Item::live(), 14);
	for (unsigned long i : indices) {
		Option<Box<Item>> gone = xa.remove(i);
		KXX_ASSERT_TRUE(test, gone.is_some());
		KXX_EXPECT_EQ(test, (*gone)->value, i ^ 0x5a5a);
	}
	KXX_EXPECT_TRUE(test, xa.empty());
	KXX_EXPECT_EQ(test, Item::live(), 0);
}

KXX_TEST(kxx_xarray, insert_is_ebusy_when_occupied)
{
	XArray<Box<Item>> xa;
	Item::reset();

	KXX_EXPECT_TRUE(test, xa.insert(5, item(1), GFP_KERNEL).is_ok());
	auto again = xa.insert(5, item(2), GFP_KERNEL);
	KXX_ASSERT_TRUE(test, again.is_err());
	StoreError<Box<Item>> err = move(again).error();
	KXX_EXPECT_TRUE(test, err.error == code::EBUSY);
	KXX_EXPECT_EQ(test, err.value->value, 2ul); // handed back intact
	auto g = xa.lock();
	KXX_EXPECT_EQ(test, g.get(5)->value, 1ul);
	KXX_EXPECT_EQ(test, Item::destroyed, 0);
}

/* --- ownership ------------------------------------------------------------ */

KXX_TEST(kxx_xarray, every_value_dropped_exactly_once)
{
	Item::reset();
	{
		XArray<Box<Item>> xa;
		for (unsigned long i = 0; i < 100; i++)
			KXX_ASSERT_TRUE(test, xa.store(i * 7, item(i), GFP_KERNEL).is_ok());
		KXX_EXPECT_EQ(test, Item::live(), 100);

		// remove: the caller owns it, dropped when the Option goes
		xa.remove(0).reset();
		KXX_EXPECT_EQ(test, Item::destroyed, 1);

		// replace: the old value comes back, dropped with the Result
		{
			auto old = xa.store(7, item(1000), GFP_KERNEL);
			KXX_EXPECT_EQ(test, Item::destroyed, 1);
		}
		KXX_EXPECT_EQ(test, Item::destroyed, 2);

		// a failed insert hands the value back: dropped by the caller
		{
			auto busy = xa.insert(14, item(2000), GFP_KERNEL);
			KXX_EXPECT_TRUE(test, busy.is_err());
		}
		KXX_EXPECT_EQ(test, Item::destroyed, 3);
		KXX_EXPECT_EQ(test, Item::live(), 99);
	} // the array drops the 99 left
	KXX_EXPECT_EQ(test, Item::constructed, 102);
	KXX_EXPECT_EQ(test, Item::destroyed, 102);
}

KXX_TEST(kxx_xarray, arc_entries_share_ownership)
{
	Item::reset();
	Arc<Item> shared = Arc<Item>::make(GFP_KERNEL, 5ul).value();
	{
		XArray<Arc<Item>> xa;
		for (unsigned long i = 0; i < 10; i++)
			KXX_ASSERT_TRUE(test, xa.store(i, shared.clone(), GFP_KERNEL).is_ok());
		KXX_EXPECT_EQ(test, shared.ref_count(), 11u);
		auto g = xa.lock();
		KXX_EXPECT_EQ(test, g.get(3), shared.get());
	}
	KXX_EXPECT_EQ(test, shared.ref_count(), 1u);
	KXX_EXPECT_EQ(test, Item::destroyed, 0);
}

/*
 * An XArray<Arc<T>> lends ArcBorrows: clone() one under the lock and keep
 * the owned Arc after unlocking, as C's xa_load() + kref_get().
 */
KXX_TEST(kxx_xarray, arc_borrow_clones_under_the_lock)
{
	Item::reset();
	XArray<Arc<Item>> xa;
	KXX_ASSERT_TRUE(test, xa.store(3, Arc<Item>::make(GFP_KERNEL, 30ul).value(), GFP_KERNEL).is_ok());
	Arc<Item> mine = [&] {
		auto g = xa.lock();
		ArcBorrow<Item> b = g.get(3);
		return b.clone();
	}(); // unlocked here
	KXX_EXPECT_EQ(test, mine.ref_count(), 2u);
	xa.remove(3).reset(); // the array's reference is gone
	KXX_EXPECT_EQ(test, mine.ref_count(), 1u);
	KXX_EXPECT_EQ(test, mine->value, 30ul); // still ours
	KXX_EXPECT_EQ(test, Item::destroyed, 0);
	mine = Arc<Item>::make(GFP_KERNEL, 31ul).value();
	KXX_EXPECT_EQ(test, Item::destroyed, 1);

	// a borrow of an Arc, cloned: the same allocation
	ArcBorrow<Item> view = mine.borrow();
	KXX_EXPECT_TRUE(test, view.clone().ptr_eq(mine));
	KXX_EXPECT_EQ(test, mine.ref_count(), 1u);
}

/*
 * An XArray<RcuArc<T>> may be read without the lock: a reader's borrow
 * stays valid memory under its read guard, and try_clone() takes a
 * reference only while one exists, so a reader racing the last drop gets
 * None instead of resurrecting a dying object.
 */
KXX_TEST(kxx_xarray, rcu_arc_borrow_try_clones_locklessly)
{
	Counted::reset(); // rcu::barrier() first: nothing pending
	{
		XArray<RcuArc<Counted>> xa;
		KXX_ASSERT_TRUE(test, xa.store(1, RcuArc<Counted>::make(GFP_KERNEL, 11).value(),
					       GFP_KERNEL).is_ok());
		auto g = rcu::read_lock();
		RcuArcBorrow<Counted> seen = xa.load(g, 1);
		KXX_ASSERT_TRUE(test, static_cast<bool>(seen));
		Option<RcuArc<Counted>> kept = seen.try_clone();
		KXX_ASSERT_TRUE(test, kept.is_some());
		KXX_EXPECT_EQ(test, (*kept)->value, 11l);

		kept.reset();
		xa.remove(1).reset();	// the last reference: freed after a grace period
		KXX_EXPECT_TRUE(test, seen.try_clone().is_none());
		KXX_EXPECT_EQ(test, seen->value, 11l); // still valid under the guard
		KXX_EXPECT_EQ(test, Counted::freed(), 0l);
	}
	rcu::barrier();
	KXX_EXPECT_EQ(test, Counted::freed(), 1l);
}

namespace {
/* A driver's "unregister in the destructor": ~Session removes itself. */
struct Dev;
struct Session {
	static inline int destroyed, found_again;
	Session(Dev *dev, unsigned long id) : dev(dev), id(id) {}
	~Session();
	Dev *dev;
	unsigned long id;
};
struct Dev {
	XArray<Box<Session>> sessions;
};
Session::~Session()
{
	destroyed++;
	if (dev->sessions.remove(id).is_some()) // ~XArray took it out first: nothing
		found_again++;
}
} // namespace

/*
 * ~XArray takes each entry out of the array before dropping it, so a
 * destructor that reaches the array again finds nothing: before, remove()
 * there got the entry being dropped and freed it a second time.
 */
KXX_TEST(kxx_xarray, destruction_takes_entries_out_before_dropping)
{
	Session::destroyed = Session::found_again = 0;
	{
		auto dev = Box<Dev>::make(GFP_KERNEL).value();
		for (unsigned long id = 1; id <= 3; id++) {
			auto s = Box<Session>::make(GFP_KERNEL, dev.get(), id * 10).value();
			KXX_ASSERT_TRUE(test, dev->sessions.store(id * 10, move(s), GFP_KERNEL).is_ok());
		}
	} // ~XArray: each ~Session calls remove() on it
	KXX_EXPECT_EQ(test, Session::destroyed, 3);
	KXX_EXPECT_EQ(test, Session::found_again, 0);
}

/* --- the one-call forms with interrupts off ------------------------------- */

/*
 * A blocking gfp lets the kernel drop an array's lock to allocate, and on a
 * LockIrq array turn interrupts on meanwhile.  Under a Guard it does not
 * compile (guard_store_blocking_gfp); through the convenience forms, with
 * interrupts already off (here: another LockIrq array's Guard), it is
 * reported and the allocation is made without blocking: interrupts stay off
 * (before, they came on inside the outer Guard's irqsave section).  Far
 * apart indices make every store allocate nodes.
 */
KXX_TEST(kxx_xarray, blocking_gfp_never_turns_interrupts_on)
{
	Item::reset();
	XArray<Box<Item>, XaFlags::LockIrq> outer;
	XArray<Box<Item>, XaFlags::LockIrq> inner(KXX_LOCK_CLASS());
	XArray<Box<Item>> runtime(XaFlags::LockIrq, KXX_LOCK_CLASS());
	unsigned long irqs_on = 0;
	// Written under the Guard, GFP_KERNEL is refused by the Clang pass
	// (blocking_gfp_under_spin_guard); a Gfp value it cannot follow is what
	// the run-time check is for.
	const Gfp may_block = GFP_KERNEL;
	{
		kxx::kunit::ExpectMisuse misuse;
		auto g = outer.lock();
		for (unsigned long i = 0; i < 8; i++) {
			auto a = inner.store(i << 40, item(i), may_block);
			irqs_on += !kxx_kunit_irqs_disabled();
			auto b = runtime.insert(i << 44, item(i), may_block);
			irqs_on += !kxx_kunit_irqs_disabled();
			KXX_EXPECT_TRUE(test, a.is_ok() && b.is_ok());
		}
		KXX_EXPECT_EQ(test, misuse.count(), 16ul);
	}
	KXX_EXPECT_EQ(test, irqs_on, 0ul);
	KXX_EXPECT_FALSE(test, kxx_kunit_irqs_disabled());
	// with interrupts on, GFP_KERNEL is fine and is no misuse
	KXX_EXPECT_TRUE(test, inner.store(1ul << 50, item(9), GFP_KERNEL).is_ok());
}

/* --- emptying a live array, misuse ---------------------------------------- */

KXX_TEST(kxx_xarray_api, clear_a_live_array)
{
	Item::reset();
	XArray<Box<Item>> xa;
	for (unsigned long i = 0; i < 1000; i += 3)
		KXX_ASSERT_TRUE(test, xa.store(i * i, item(i), GFP_KERNEL).is_ok());
	auto r = xa.reserve_at(5, GFP_KERNEL);
	KXX_ASSERT_TRUE(test, r.is_ok());
	KXX_EXPECT_EQ(test, Item::live(), 334l);
	xa.clear();
	KXX_EXPECT_EQ(test, Item::live(), 0l); // each dropped once
	KXX_EXPECT_FALSE(test, xa.empty());  // the reservation is its owner's
	KXX_EXPECT_TRUE(test, move(*r).fill(item(5)).is_ok());
	KXX_EXPECT_EQ(test, value_at(xa, 5), 5ul); // and the array still works
	xa.clear();
	KXX_EXPECT_TRUE(test, xa.empty());
	KXX_EXPECT_EQ(test, Item::live(), 0l);
}

/*
 * Misuse the types cannot refuse is a report that changes nothing: each
 * call hands its value back and leaves the arrays as they were.
 */
KXX_TEST(kxx_xarray_api, misuse_reports_change_nothing)
{
	Item::reset();
	{
		XArray<Box<Item>> plain; // not allocating: its flags are not in its type
		XArray<Box<Item>> other;
		XArray<Box<Item>> ids(XaFlags::Alloc);
		kxx::kunit::ExpectMisuse misuse;

		u32 next = 0;
		{
			auto g = plain.lock();
			auto r = g.alloc_cyclic(item(1), next, GFP_ATOMIC);
			KXX_ASSERT_TRUE(test, r.is_err());
			KXX_EXPECT_TRUE(test, r.error().error == code::EINVAL);
			KXX_EXPECT_EQ(test, r.error().value->value, 1ul);
		}
		KXX_EXPECT_EQ(test, next, 0u);
		KXX_EXPECT_EQ(test, misuse.count(), 1ul);

		KXX_ASSERT_TRUE(test, ids.alloc(item(2), GFP_KERNEL).is_ok());
		{
			auto g = ids.lock();
			KXX_EXPECT_TRUE(test, g.find_marked(XaMark::M0).is_none()); // XA_FREE_MARK
		}
		KXX_EXPECT_EQ(test, misuse.count(), 2ul);

		auto res = plain.reserve_at(3, GFP_KERNEL);
		KXX_ASSERT_TRUE(test, res.is_ok());
		{
			auto g = other.lock();
			auto r = move(*res).fill(g, item(3));
			KXX_ASSERT_TRUE(test, r.is_err());
			KXX_EXPECT_EQ(test, r.error().value->value, 3ul);
			move(*res).release(g); // not other's to release
			KXX_EXPECT_TRUE(test, g.get(3) == nullptr);
		}
		KXX_EXPECT_EQ(test, misuse.count(), 4ul);
		KXX_EXPECT_TRUE(test, plain.reserve_at(3, GFP_KERNEL).is_err()); // still reserved
		KXX_EXPECT_TRUE(test, move(*res).fill(item(4)).is_ok());     // and still fillable
		KXX_EXPECT_EQ(test, value_at(plain, 3), 4ul);
	}
	KXX_EXPECT_EQ(test, Item::live(), 0l);
}
