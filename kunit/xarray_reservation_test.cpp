// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/xarray_reservation_test.cpp - XArray<P>::Reservation: an index held until filled.
 *
 * Proves:    kxx/xarray/reservation.h (reserve(), reserve_at(), fill(),
 *            release(), and every order of destruction).
 * Suites:    kxx_xarray (its reservation cases), kxx_xarray_api
 *            (reservation_at_zero_holds_on_every_array,
 *            reserve_at_any_index_on_any_array).
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

KXX_TEST(kxx_xarray, rust_example_reservation)
{
	XArray<Box<u32>> xa(XaFlags::Alloc1);
	{
		auto r = xa.reserve(GFP_KERNEL);
		KXX_ASSERT_TRUE(test, r.is_ok());
		KXX_EXPECT_EQ(test, r->index(), 1u);
		KXX_EXPECT_TRUE(test, [&] { auto g = xa.lock(); return !g.get(1); }()); // reads as empty
		KXX_EXPECT_FALSE(test, xa.empty());	 // ... but is taken
		auto next = xa.reserve(GFP_KERNEL);
		KXX_ASSERT_TRUE(test, next.is_ok());
		KXX_EXPECT_EQ(test, next->index(), 2u); // alloc skips reserved slots
	}						// both dropped unfilled: indices freed
	KXX_EXPECT_TRUE(test, xa.empty());

	auto r = xa.reserve(GFP_KERNEL);
	KXX_ASSERT_TRUE(test, r.is_ok());
	KXX_EXPECT_EQ(test, r->index(), 1u);
	auto filled = move(*r).fill(Box<u32>::make(GFP_KERNEL, 7u).value());
	KXX_ASSERT_TRUE(test, filled.is_ok());
	auto g = xa.lock();
	KXX_ASSERT_NOT_NULL(test, g.get(1));
	KXX_EXPECT_EQ(test, *g.get(1), 7u);
}

KXX_TEST(kxx_xarray, reservation_release_under_held_guard)
{
	XArray<Box<Item>> xa(XaFlags::Alloc);
	Item::reset();
	{
		auto guard = xa.lock();
		auto r = guard.reserve(GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, r.is_ok());
		u32 index = r->index();
		move(*r).release(guard); // no deadlock: uses the held lock

		auto again = guard.reserve(GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, again.is_ok());
		KXX_EXPECT_EQ(test, again->index(), index);
		auto filled = move(*again).fill(guard, item(3));
		KXX_EXPECT_TRUE(test, filled.is_ok());
		KXX_EXPECT_EQ(test, guard.get(index)->value, 3ul);
	}
	// A slot stored over before its reservation was filled: fill gives the
	// value back with EBUSY instead of overwriting.
	auto r = xa.reserve(GFP_KERNEL);
	KXX_ASSERT_TRUE(test, r.is_ok());
	u32 index = r->index();
	KXX_EXPECT_TRUE(test, xa.store(index, item(4), GFP_KERNEL).is_ok());
	auto clash = move(*r).fill(item(5));
	KXX_ASSERT_TRUE(test, clash.is_err());
	StoreError<Box<Item>> err = move(clash).error();
	KXX_EXPECT_TRUE(test, err.error == code::EBUSY);
	KXX_EXPECT_EQ(test, err.value->value, 5ul);
	auto g = xa.lock();
	KXX_EXPECT_EQ(test, g.get(index)->value, 4ul);
}

namespace {

using Ids = XArray<Box<Item>, XaFlags::Alloc>;

/* reserve(), then return early before fill(): KXX_TRY with the guard held. */
Result<u32> reserve_then_fail(Ids &xa, Error why)
{
	auto guard = xa.lock();
	Ids::Reservation r = KXX_TRY(guard.reserve(GFP_ATOMIC));
	KXX_TRY(Result<void>(why)); // returns: r, then guard, are destroyed
	return r.index();
}

/* Whether index @i is free again: the next reserve() gets it. */
bool index_is_free(Ids &xa, u32 i)
{
	auto r = xa.reserve(GFP_KERNEL, XaLimit{ i, i });
	return r.is_ok();
}

} // namespace

/*
 * An unfilled Reservation is released in every order of destruction, with
 * or without its Guard held; before, ~Reservation always took the lock and
 * deadlocked under a held Guard.  Lockdep and the hung-task detector watch.
 */
KXX_TEST(kxx_xarray, reservation_released_in_every_order)
{
	Item::reset();
	Ids xa;

	// 1. dropped while its Guard is held (declared after it)
	{
		auto guard = xa.lock();
		auto r = guard.reserve(GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, r.is_ok());
		KXX_EXPECT_EQ(test, r->index(), 0u);
	}
	KXX_EXPECT_TRUE(test, xa.empty());

	// 2. an early return (KXX_TRY) between reserve() and fill()
	KXX_EXPECT_TRUE(test, reserve_then_fail(xa, code::EIO).error() == code::EIO);
	KXX_EXPECT_TRUE(test, xa.empty());

	// 3. a failed fill() leaves it armed, then it is dropped under the Guard
	{
		auto guard = xa.lock();
		auto r = guard.reserve(GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, r.is_ok());
		u32 i = r->index();
		KXX_EXPECT_TRUE(test, guard.store(i, item(5), GFP_ATOMIC).is_ok()); // taken over
		auto clash = move(*r).fill(guard, item(6));
		KXX_ASSERT_TRUE(test, clash.is_err());
		KXX_EXPECT_EQ(test, clash.error().value->value, 6ul);
		KXX_EXPECT_TRUE(test, r->is_armed());
		KXX_EXPECT_TRUE(test, guard.remove(i).is_some());
	}
	KXX_EXPECT_TRUE(test, xa.empty());

	// 4. outlives its Guard (moved out of the Guard's scope): takes the lock
	{
		Option<Ids::Reservation> kept;
		{
			auto guard = xa.lock();
			auto r = guard.reserve(GFP_ATOMIC);
			KXX_ASSERT_TRUE(test, r.is_ok());
			kept = Option<Ids::Reservation>(move(*r));
		}
		KXX_EXPECT_FALSE(test, xa.empty());
		KXX_EXPECT_FALSE(test, index_is_free(xa, kept->index()));
	}
	KXX_EXPECT_TRUE(test, xa.empty());

	// 5. its Guard, in an Option (try_lock), ends first
	{
		Option<Ids::Reservation> kept;
		{
			Option<Ids::Guard> guard = xa.try_lock();
			KXX_ASSERT_TRUE(test, guard.is_some());
			auto r = guard->reserve(GFP_ATOMIC);
			KXX_ASSERT_TRUE(test, r.is_ok());
			kept = Option<Ids::Reservation>(move(*r));
		} // detaches kept: released below with the lock taken
	}
	KXX_EXPECT_TRUE(test, xa.empty());

	// 6. several under one Guard, moved around, filled without the guard
	//    argument (it uses the Guard it is attached to), dropped in mixed order
	{
		auto guard = xa.lock();
		auto a = guard.reserve(GFP_ATOMIC);
		auto b = guard.reserve(GFP_ATOMIC);
		auto c = guard.reserve(GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, a.is_ok() && b.is_ok() && c.is_ok());
		Ids::Reservation moved = move(*b);
		KXX_EXPECT_FALSE(test, b->is_armed());
		u32 filled = moved.index();
		KXX_EXPECT_TRUE(test, move(moved).fill(item(7)).is_ok());
		a = code::EAGAIN; // a's reservation dropped here, c's at the end
		KXX_EXPECT_EQ(test, guard.get(filled)->value, 7ul);
	}
	{
		auto guard = xa.lock();
		unsigned int present = 0;
		for ([[maybe_unused]] auto e : guard.entries())
			present++;
		KXX_EXPECT_EQ(test, present, 1u);
	}
	KXX_EXPECT_TRUE(test, index_is_free(xa, 0) && index_is_free(xa, 2));
	KXX_EXPECT_TRUE(test, xa.remove(1).is_some());
	KXX_EXPECT_TRUE(test, xa.empty());
	KXX_EXPECT_EQ(test, Item::live(), 0);
}

/* A moved-from Reservation holds nothing: fill() hands the value back. */
KXX_TEST(kxx_xarray, moved_from_reservation_is_inert)
{
	Item::reset();
	Ids xa;
	auto r = xa.reserve(GFP_KERNEL);
	KXX_ASSERT_TRUE(test, r.is_ok());
	Ids::Reservation taken = move(*r);
	{
		kxx::kunit::ExpectMisuse misuse;
		auto again = move(*r).fill(item(1));
		KXX_ASSERT_TRUE(test, again.is_err());
		KXX_EXPECT_TRUE(test, again.error().error == code::EINVAL);
		KXX_EXPECT_EQ(test, again.error().value->value, 1ul);
		auto guard = xa.lock();
		auto also = move(*r).fill(guard, item(2));
		KXX_EXPECT_TRUE(test, also.is_err());
		move(*r).release(guard); // nothing to release: no report either
		KXX_EXPECT_EQ(test, misuse.count(), 2ul);
	}
	KXX_EXPECT_TRUE(test, move(taken).fill(item(3)).is_ok());
	auto g = xa.lock();
	KXX_EXPECT_EQ(test, g.get(0)->value, 3ul);
}

/* --- reservations at an index --------------------------------------------- */

/*
 * A reservation holds its index until it is filled or dropped.  On an
 * Alloc1 array the kernel empties a zero entry at index 0 whenever the tree
 * shrinks back to it (ZERO_BUSY), so there reserve_at(0) is EBUSY: index 0
 * is the array's own.  Elsewhere one at 0 survives the tree growing and
 * shrinking around it.
 */
template <class Array> void check_reservation_at_zero_holds(kxx::kunit::Test &test, Array &xa)
{
	auto r = xa.reserve_at(0, GFP_KERNEL);
	KXX_ASSERT_TRUE(test, r.is_ok());
	KXX_EXPECT_TRUE(test, xa.store(70, item(70), GFP_KERNEL).is_ok()); // a node now
	auto gone = xa.remove(70); // and shrunk back to the head
	auto ins = xa.insert(0, item(1), GFP_KERNEL);
	KXX_EXPECT_TRUE(test, ins.is_err() && ins.error().error == code::EBUSY);
	KXX_EXPECT_TRUE(test, move(*r).fill(item(0)).is_ok());
	KXX_EXPECT_EQ(test, value_at(xa, 0), 0ul);
}

KXX_TEST(kxx_xarray_api, reservation_at_zero_holds_on_every_array)
{
	Item::reset();
	{
		XArray<Box<Item>, XaFlags::Alloc1> one;
		XArray<Box<Item>> one_runtime(XaFlags::Alloc1);
		auto r = one.reserve_at(0, GFP_KERNEL);
		KXX_EXPECT_TRUE(test, r.is_err() && r.error() == code::EBUSY);
		auto rr = one_runtime.reserve_at(0, GFP_KERNEL);
		KXX_EXPECT_TRUE(test, rr.is_err() && rr.error() == code::EBUSY);
		{
			auto g = one.lock();
			auto rg = g.reserve_at(0, GFP_ATOMIC);
			KXX_EXPECT_TRUE(test, rg.is_err() && rg.error() == code::EBUSY);
		}
		auto first = one.alloc(item(5), GFP_KERNEL);
		KXX_EXPECT_TRUE(test, first.is_ok() && *first == 1u);
		// An entry stored at 0 (only an empty Alloc1 array takes one:
		// once it has nodes, the kernel holds 0 busy) and erased leaves 0
		// marked free in the kernel: alloc() and reserve() still never
		// hand it out.
		XArray<Box<Item>, XaFlags::Alloc1> fresh;
		KXX_EXPECT_TRUE(test, fresh.insert(0, item(0), GFP_KERNEL).is_ok());
		auto next = fresh.alloc(item(1), GFP_KERNEL);
		KXX_EXPECT_TRUE(test, next.is_ok() && *next == 1u);
		auto erased = fresh.remove(0);
		KXX_EXPECT_TRUE(test, erased.is_some());
		auto second = fresh.alloc(item(2), GFP_KERNEL);
		KXX_EXPECT_TRUE(test, second.is_ok() && *second == 2u);
		auto reserved = fresh.reserve(GFP_KERNEL);
		KXX_EXPECT_TRUE(test, reserved.is_ok() && reserved->index() == 3ul);

		XArray<Box<Item>> plain;
		XArray<Box<Item>, XaFlags::Alloc> alloc;
		check_reservation_at_zero_holds(test, plain);
		check_reservation_at_zero_holds(test, alloc);
	}
	KXX_EXPECT_EQ(test, Item::live(), 0l);
}

KXX_TEST(kxx_xarray_api, reserve_at_any_index_on_any_array)
{
	Item::reset();
	{
		XArray<Box<Item>> xa; // not an allocating array
		{
			auto r = xa.reserve_at(1000, GFP_KERNEL);
			KXX_ASSERT_TRUE(test, r.is_ok());
			KXX_EXPECT_EQ(test, r->index(), 1000ul);
			KXX_EXPECT_EQ(test, value_at(xa, 1000), ~0ul); // reads as empty
			KXX_EXPECT_FALSE(test, xa.empty());		 // but is taken
			auto again = xa.reserve_at(1000, GFP_KERNEL);
			KXX_EXPECT_TRUE(test, again.is_err() && again.error() == code::EBUSY);
			auto ins = xa.insert(1000, item(1), GFP_KERNEL);
			KXX_EXPECT_TRUE(test, ins.is_err() && ins.error().error == code::EBUSY);
		} // dropped unfilled: released
		KXX_EXPECT_TRUE(test, xa.empty());

		{
			auto g = xa.lock();
			auto r = g.reserve_at(7, GFP_ATOMIC);
			KXX_ASSERT_TRUE(test, r.is_ok());
			// Nothing can be marked or found there meanwhile.
			g.set_mark(7, XaMark::M1);
			KXX_EXPECT_FALSE(test, g.get_mark(7, XaMark::M1));
			KXX_EXPECT_TRUE(test, g.find().is_none());
			KXX_EXPECT_TRUE(test, move(*r).fill(item(7)).is_ok()); // under this Guard
			KXX_EXPECT_EQ(test, g.get(7)->value, 7ul);
			KXX_EXPECT_FALSE(test, g.get_mark(7, XaMark::M1)); // none carried over
			auto busy = g.reserve_at(7, GFP_ATOMIC);
			KXX_EXPECT_TRUE(test, busy.is_err());
		}
		KXX_EXPECT_EQ(test, Item::live(), 1l);
	}
	KXX_EXPECT_EQ(test, Item::live(), 0l);
}
