// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/xarray_value_test.cpp - value entries: XaValue and XaEither.
 *
 * Proves:    kxx/xarray/value.h, either.h and entry.h (the value encoding).
 * Suites:    kxx_xarray_values, kxx_xarray_api (compare_exchange_of_values).
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

KXX_TEST(kxx_xarray_values, sparse_indices)
{
	XArray<XaValue> xa;
	unsigned long stored = 0;
	// 0, 2^k - 1, 2^k and ULONG_MAX: every height of the tree.
	for (unsigned int k = 0; k < 64; k++) {
		for (unsigned long index : (const unsigned long[]){ (1ul << k) - 1, 1ul << k }) {
			auto v = XaValue::make(index & XaValue::max);
			KXX_ASSERT_TRUE(test, v.is_ok());
			KXX_ASSERT_TRUE(test, xa.store(index, move(*v), GFP_KERNEL).is_ok());
			stored++;
		}
	}
	KXX_ASSERT_TRUE(test, xa.store(ULONG_MAX, XaValue(7), GFP_KERNEL).is_ok());
	{
		auto g = xa.lock();
		for (unsigned int k = 1; k < 64; k++) {
			Option<unsigned long> v = g.get(1ul << k);
			KXX_ASSERT_TRUE(test, v.has_value());
			KXX_EXPECT_EQ(test, *v, (1ul << k) & XaValue::max);
			KXX_EXPECT_FALSE(test, g.get((1ul << k) + 1).has_value() && k > 1);
		}
		KXX_EXPECT_EQ(test, *g.get(ULONG_MAX), 7ul);
		unsigned long seen = 0;
		for (auto e : g.entries())
			seen += e.value.has_value();
		KXX_EXPECT_EQ(test, seen, 128ul); // 0, 1, 2, then 2^k - 1 and 2^k, and ULONG_MAX
	}
	rcu::ReadGuard rg = rcu::read_lock();
	KXX_EXPECT_EQ(test, *xa.load(rg, 1ul << 40), 1ul << 40); // values are lockless-readable
	KXX_EXPECT_FALSE(test, xa.load(rg, 3ul << 40).has_value());
}

KXX_TEST(kxx_xarray_values, range_is_checked_not_truncated)
{
	KXX_EXPECT_TRUE(test, XaValue::make(XaValue::max).is_ok());
	auto over = XaValue::make(XaValue::max + 1);
	KXX_ASSERT_TRUE(test, over.is_err());
	KXX_EXPECT_TRUE(test, over.error() == code::ERANGE);
	KXX_EXPECT_TRUE(test, XaValue::make(ULONG_MAX).is_err());

	XArray<XaValue> xa;
	KXX_ASSERT_TRUE(test, xa.store(3, XaValue::make(XaValue::max).value(), GFP_KERNEL).is_ok());
	auto g = xa.lock();
	KXX_EXPECT_EQ(test, *g.get(3), XaValue::max);
	Option<XaValue> out = g.remove(3);
	KXX_ASSERT_TRUE(test, out.has_value());
	KXX_EXPECT_EQ(test, out->get(), XaValue::max);
	KXX_EXPECT_TRUE(test, g.remove(3).is_none());
}

KXX_TEST(kxx_xarray_values, allocating_array_of_values)
{
	XArray<XaValue, XaFlags::Alloc1> xa;
	auto g = xa.lock();
	for (unsigned long i = 1; i <= 100; i++) {
		auto id = g.alloc(XaValue::make(i * 3).value(), GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, id.is_ok());
		KXX_EXPECT_EQ(test, (unsigned long)*id, i);
	}
	KXX_EXPECT_EQ(test, *g.get(50), 150ul);
	KXX_EXPECT_TRUE(test, g.remove(50).has_value());
	auto again = g.alloc(XaValue(1), GFP_ATOMIC);
	KXX_ASSERT_TRUE(test, again.is_ok());
	KXX_EXPECT_EQ(test, *again, 50u); // the freed id, not a used one
}

KXX_TEST(kxx_xarray_values, values_and_owners_mixed)
{
	Item::reset();
	{
		using E = XaEither<Box<Item>>;
		XArray<E> xa;
		for (unsigned long i = 0; i < 32; i++) {
			auto r = i % 2 ? xa.store(i, E(item(i)), GFP_KERNEL)
				       : xa.store(i, E(XaValue::make(i).value()), GFP_KERNEL);
			KXX_ASSERT_TRUE(test, r.is_ok());
		}
		KXX_EXPECT_EQ(test, Item::live(), 16l);
		{
			auto g = xa.lock();
			unsigned long values = 0, owners = 0;
			for (auto e : g.entries()) {
				if (e.value.is_value()) {
					values++;
					KXX_EXPECT_EQ(test, *e.value.value(), e.index);
					KXX_EXPECT_NULL(test, e.value.pointer());
				} else {
					owners++;
					KXX_EXPECT_EQ(test, e.value.pointer()->value, e.index);
					KXX_EXPECT_FALSE(test, e.value.value().has_value());
				}
			}
			KXX_EXPECT_EQ(test, values, 16ul);
			KXX_EXPECT_EQ(test, owners, 16ul);

			// A value over an owner hands the owner back.
			auto old = g.store(1, E(XaValue(99)), GFP_ATOMIC);
			KXX_ASSERT_TRUE(test, old.is_ok() && old->has_value());
			Option<Box<Item>> owner = move(**old).take_owner();
			KXX_ASSERT_TRUE(test, owner.has_value());
			KXX_EXPECT_EQ(test, (*owner)->value, 1ul);
		}
		KXX_EXPECT_EQ(test, Item::live(), 15l); // dropped with `old`, once

		// Assignment takes before it drops.
		E a(item(100));
		a = E(XaValue(5));
		KXX_EXPECT_EQ(test, *a.value(), 5ul);
		KXX_EXPECT_EQ(test, Item::live(), 15l);

		// Moved from: empty, holds neither; self-assignment keeps the owner.
		E c(item(101));
		E d = move(c);
		KXX_EXPECT_FALSE(test, c.value().has_value());
		KXX_EXPECT_TRUE(test, move(c).take_owner().is_none());
		E &alias = d;
		d = move(alias);
		KXX_EXPECT_EQ(test, Item::live(), 16l);
		Option<Box<Item>> taken = move(d).take_owner();
		KXX_ASSERT_TRUE(test, taken.has_value());
		KXX_EXPECT_EQ(test, (*taken)->value, 101ul);
	}
	KXX_EXPECT_EQ(test, Item::live(), 0l);
}

KXX_TEST(kxx_xarray_api, compare_exchange_of_values)
{
	XArray<XaValue> xa;
	auto g = xa.lock();
	KXX_ASSERT_TRUE(test, g.compare_exchange(1, None, XaValue(10), GFP_ATOMIC).is_ok());
	Option<unsigned long> ten = 10ul, eleven = 11ul;
	KXX_EXPECT_TRUE(test, g.compare_exchange(1, eleven, XaValue(12), GFP_ATOMIC).is_err());
	auto ok = g.compare_exchange(1, ten, XaValue(12), GFP_ATOMIC);
	KXX_ASSERT_TRUE(test, ok.is_ok() && ok->has_value());
	KXX_EXPECT_EQ(test, (*ok)->get(), 10ul);
	KXX_EXPECT_EQ(test, *g.get(1), 12ul);

	// No value entry holds ULONG_MAX: expecting it never matches LONG_MAX,
	// which xa_mk_value() would make of it.
	constexpr unsigned long long_max = ~0ul >> 1;
	KXX_ASSERT_TRUE(test, g.compare_exchange(2, None, XaValue(long_max), GFP_ATOMIC).is_ok());
	Option<unsigned long> too_big = ~0ul;
	auto miss = g.compare_exchange(2, too_big, XaValue(3), GFP_ATOMIC);
	KXX_EXPECT_TRUE(test, miss.is_err() && miss.error().error == code::EBUSY);
	KXX_EXPECT_EQ(test, *g.get(2), long_max);
}
