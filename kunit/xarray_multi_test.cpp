// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/xarray_multi_test.cpp - multi-index entries: store_order().
 *
 * Proves:    kxx/xarray/multi.h.
 * Suites:    kxx_xarray_multi.
 *
 * What the kernel's own test_xarray checks of multi-index entries, written
 * anew here; ownership counted in destructors.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

KXX_TEST(kxx_xarray_multi, every_order_from_0_to_6)
{
	Item::reset();
	XArray<Box<Item>> xa;
	for (unsigned int order = 0; order <= 6; order++) {
		unsigned long size = 1ul << order;
		for (unsigned long base : (const unsigned long[]){ 0ul, 3 * size, 1ul << 20 }) {
			Item *p = nullptr;
			{
				auto g = xa.lock();
				Box<Item> b = item(base);
				p = b.get();
				auto r = g.store_order(base, order, move(b), GFP_ATOMIC);
				KXX_ASSERT_TRUE(test, r.is_ok() && r->is_none());
				for (unsigned long i = base; i < base + size; i++)
					KXX_EXPECT_EQ(test, g.get(i), p);
				KXX_EXPECT_NULL(test, g.get(base + size));
				if (base)
					KXX_EXPECT_NULL(test, g.get(base - 1));
				KXX_EXPECT_EQ(test, g.get_order(base + size - 1), order);

				// A mark on any index marks the whole entry.
				g.set_mark(base + size - 1, XaMark::M1);
				KXX_EXPECT_TRUE(test, g.get_mark(base, XaMark::M1));
				unsigned long marked = 0;
				for (auto e : g.marked(XaMark::M1))
					marked += e.value == p;
				KXX_EXPECT_EQ(test, marked, 1ul); // one entry, once
				g.clear_mark(base, XaMark::M1);
				KXX_EXPECT_FALSE(test, g.get_mark(base + size - 1, XaMark::M1));

				unsigned long visits = 0;
				for (auto e : g.entries())
					visits += e.value == p;
				KXX_EXPECT_EQ(test, visits, 1ul);
				KXX_EXPECT_EQ(test, Item::live(), 1l);

				// Erasing any index erases it all, and hands the owner back once.
				Option<Box<Item>> out = g.remove(base + size / 2);
				KXX_ASSERT_TRUE(test, out.has_value());
				KXX_EXPECT_EQ(test, out->get(), p);
				for (unsigned long i = base; i < base + size; i++)
					KXX_EXPECT_NULL(test, g.get(i));
			}
			KXX_EXPECT_EQ(test, Item::live(), 0l);
			KXX_EXPECT_TRUE(test, xa.empty());
		}
	}
}

KXX_TEST(kxx_xarray_multi, overwrite_as_the_kernel_does)
{
	Item::reset();
	{
		XArray<Box<Item>> xa;
		KXX_ASSERT_TRUE(test, xa.store_order(0, 2, item(1), GFP_KERNEL).is_ok());
		// Storing at one index of it replaces the whole entry, which
		// comes back; the new one then covers all four indices.
		{
			auto old = xa.store(1, item(2), GFP_KERNEL);
			KXX_ASSERT_TRUE(test, old.is_ok() && old->has_value());
			KXX_EXPECT_EQ(test, (**old)->value, 1ul);
		}
		KXX_EXPECT_EQ(test, Item::live(), 1l);
		for (unsigned long i = 0; i < 4; i++)
			KXX_EXPECT_EQ(test, value_at(xa, i), 2ul);

		// A larger entry over a smaller one: the old one comes back.
		{
			auto big = xa.store_order(0, 4, item(3), GFP_KERNEL);
			KXX_ASSERT_TRUE(test, big.is_ok() && big->has_value());
			KXX_EXPECT_EQ(test, (**big)->value, 2ul);
		}
		KXX_EXPECT_EQ(test, value_at(xa, 15), 3ul);
		KXX_EXPECT_EQ(test, xa.get_order(7), 4u);

		// Several entries in the range: EBUSY, the value comes back.
		KXX_ASSERT_TRUE(test, xa.store(64, item(4), GFP_KERNEL).is_ok());
		KXX_ASSERT_TRUE(test, xa.store(65, item(5), GFP_KERNEL).is_ok());
		{
			auto busy = xa.store_order(64, 1, item(6), GFP_KERNEL);
			KXX_ASSERT_TRUE(test, busy.is_err());
			KXX_EXPECT_TRUE(test, busy.error().error == code::EBUSY);
			KXX_EXPECT_EQ(test, busy.error().value->value, 6ul);
		}
		KXX_EXPECT_EQ(test, value_at(xa, 64), 4ul);
		KXX_EXPECT_EQ(test, value_at(xa, 65), 5ul);

		// Misaligned or too large: EINVAL.
		{
			auto odd = xa.store_order(66, 2, item(7), GFP_KERNEL);
			KXX_EXPECT_TRUE(test, odd.is_err() && odd.error().error == code::EINVAL);
			auto huge = xa.store_order(0, 64, item(8), GFP_KERNEL);
			KXX_EXPECT_TRUE(test, huge.is_err() && huge.error().error == code::EINVAL);
		}

		// insert() and reserve_at() see any index of it as occupied.
		KXX_EXPECT_TRUE(test, xa.insert(9, item(9), GFP_KERNEL).is_err());
		KXX_EXPECT_TRUE(test, xa.reserve_at(9, GFP_KERNEL).is_err());
		KXX_EXPECT_EQ(test, Item::live(), 3l); // 0..15, 64, 65
	}
	KXX_EXPECT_EQ(test, Item::live(), 0l); // each dropped once by ~XArray
}

KXX_TEST(kxx_xarray_multi, find_never_goes_below_first)
{
	XArray<Box<Item>> xa;
	KXX_ASSERT_TRUE(test, xa.store_order(4, 2, item(4), GFP_KERNEL).is_ok());
	KXX_ASSERT_TRUE(test, xa.store_order(64, 6, item(64), GFP_KERNEL).is_ok());
	auto g = xa.lock();
	g.set_mark(4, XaMark::M1);
	g.set_mark(64, XaMark::M1);
	// Inside an entry that starts earlier: reported where we asked.
	KXX_EXPECT_EQ(test, g.find_marked(XaMark::M1, 6)->index, 6ul);
	KXX_EXPECT_EQ(test, g.find(6)->index, 6ul);
	KXX_EXPECT_EQ(test, g.find_marked(XaMark::M1, 100)->index, 100ul);
	// So the loop C programmers write ends, visiting each index once.
	unsigned long steps = 0;
	for (unsigned long i = 0; auto e = g.find_marked(XaMark::M1, i); i = e->index + 1) {
		if (steps >= 68 && steps < 72)
			KXX_INFO(test, "past the end: i=%lu idx=%lu", i, e->index);
		if (++steps > 200)
			break;
	}
	KXX_EXPECT_EQ(test, steps, 4ul + 64ul);
	// find_after() and Ranges step over a whole entry.
	KXX_EXPECT_EQ(test, g.find_after(5)->index, 64ul);
	unsigned long visits = 0;
	for (auto e : g.marked(XaMark::M1, 6))
		visits += e.index >= 6;
	KXX_EXPECT_EQ(test, visits, 2ul);
}

KXX_TEST(kxx_xarray_multi, refused_on_allocating_arrays)
{
	// Erasing one would leave all but its first index without the free
	// mark: alloc() would never hand them out again.
	XArray<Box<Item>> xa(XaFlags::Alloc);
	kxx::kunit::ExpectMisuse misuse;
	auto r = xa.store_order(0, 2, item(1), GFP_KERNEL);
	KXX_ASSERT_TRUE(test, r.is_err());
	KXX_EXPECT_TRUE(test, r.error().error == code::EINVAL);
	KXX_EXPECT_EQ(test, r.error().value->value, 1ul);
	KXX_EXPECT_EQ(test, misuse.count(), 1ul);
	KXX_EXPECT_TRUE(test, xa.empty());
}

KXX_TEST(kxx_xarray_multi, lockless_readers_see_the_whole_entry)
{
	XArray<RcuBox<Shared>> xa;
	KXX_ASSERT_TRUE(test,
			xa.store_order(128, 6, RcuBox<Shared>::make(GFP_KERNEL, 5ul).value(), GFP_KERNEL)
			    .is_ok());
	rcu::ReadGuard rg = rcu::read_lock();
	for (unsigned long i = 128; i < 192; i++)
		KXX_EXPECT_EQ(test, xa.load(rg, i)->value, 5ul);
	KXX_EXPECT_NULL(test, xa.load(rg, 192));
	unsigned long n = 0;
	for (auto e : xa.entries(rg))
		n += e.value->value == 5;
	KXX_EXPECT_EQ(test, n, 1ul);
}
