// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/locked_by_test.cpp - LockedBy<T, Owner>: data behind another object's lock.
 *
 * Proves:    kxx/sync/locked_by.h.
 * Suites:    kxx_locked_by.
 *
 * The data is reached with a Guard of its owner, and only of its owner: a
 * Guard of another lock of the same type is reported and gets nothing.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

KXX_TEST(kxx_locked_by, reached_through_its_owner)
{
	Tracked::reset();
	{
		SpinLock<int> owner(0);
		LockedBy<Tracked, SpinLock<int>> data(owner, Tracked(3));
		KXX_EXPECT_TRUE(test, &data.owner() == &owner);
		{
			auto g = owner.lock();
			Tracked *t = data.get(g);
			KXX_ASSERT_NOT_NULL(test, t);
			t->value++;
			const auto &cg = g;
			const LockedBy<Tracked, SpinLock<int>> &cdata = data;
			KXX_EXPECT_EQ(test, cdata.get(cg)->value, 4);
			Option<int> v = data.with(g, [](Tracked &t) { return t.value * 10; });
			KXX_EXPECT_TRUE(test, v.is_some() && *v == 40);
		}
		KXX_EXPECT_EQ(test, Tracked::live(), 1);
	}
	KXX_EXPECT_EQ(test, Tracked::live(), 0);
}

/*
 * A Guard of another SpinLock<int> has the right type and the wrong lock:
 * reported (counted here instead of a WARN), nothing lent, f not run, the
 * data unchanged.
 */
KXX_TEST(kxx_locked_by, wrong_owner_is_reported_and_changes_nothing)
{
	SpinLock<int> owner(0), stranger(0);
	LockedBy<int, SpinLock<int>> data(owner, 7);
	{
		kxx::kunit::ExpectMisuse misuse;
		auto g = stranger.lock();
		KXX_EXPECT_NULL(test, data.get(g));
		bool ran = false;
		Option<int> v = data.with(g, [&](int &n) { ran = true; return n = 99; });
		KXX_EXPECT_TRUE(test, v.is_none());
		bool done = data.with(g, [&](int &n) { ran = true; n = 98; });
		KXX_EXPECT_FALSE(test, done);
		KXX_EXPECT_FALSE(test, ran);
		KXX_EXPECT_EQ(test, misuse.count(), 3ul);
	}
	auto g = owner.lock();
	KXX_ASSERT_NOT_NULL(test, data.get(g));
	KXX_EXPECT_EQ(test, *data.get(g), 7);
}

/* A Mutex as owner: each value dropped once, the stranger's Guard refused. */
KXX_TEST(kxx_locked_by, mutex_owner_and_drop_count)
{
	Item::reset();
	{
		Mutex<int> registry(0), other(0);
		LockedBy<Box<Item>, Mutex<int>> a(registry, item(1));
		LockedBy<Box<Item>, Mutex<int>> b(registry, in_place_fn, [] { return item(2); });
		KXX_EXPECT_EQ(test, Item::live(), 2l);
		{
			auto g = registry.lock();
			kxx_kunit_msleep(1); // a Mutex owner: its Guard may sleep
			bool swapped = a.with(g, [&](Box<Item> &x) {
				b.with(g, [&](Box<Item> &y) { swap(x, y); });
			});
			KXX_EXPECT_TRUE(test, swapped);
			KXX_EXPECT_EQ(test, (*a.get(g))->value, 2ul);
		}
		{
			kxx::kunit::ExpectMisuse misuse;
			auto g = other.lock();
			KXX_EXPECT_NULL(test, b.get(g));
			KXX_EXPECT_EQ(test, misuse.count(), 1ul);
		}
	}
	KXX_EXPECT_EQ(test, Item::live(), 0l);
}
