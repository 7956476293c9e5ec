// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/xarray_guard_test.cpp - XArray<P>::Guard: marks, ranges, find and compare_exchange.
 *
 * Proves:    kxx/xarray/guard.h, range.h (under a Guard and lockless),
 *            marks.h and errors.h (CmpxchgError).
 * Suites:    kxx_xarray (marks and iteration), kxx_xarray_api
 *            (compare_exchange, find_find_after_find_marked,
 *            lockless_iteration).
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

/* --- marks and ranges ----------------------------------------------------- */

KXX_TEST(kxx_xarray, marks_survive_store_and_vanish_on_erase)
{
	XArray<Box<Item>> xa;
	auto guard = xa.lock();

	for (unsigned long i = 0; i < 8; i++)
		KXX_ASSERT_TRUE(test, guard.store(i * 100, item(i), GFP_ATOMIC).is_ok());
	guard.set_mark(100, XaMark::M0);
	guard.set_mark(300, XaMark::M0);
	guard.set_mark(300, XaMark::M2);
	guard.set_mark(42, XaMark::M0); // no entry: no mark

	KXX_EXPECT_TRUE(test, guard.get_mark(100, XaMark::M0));
	KXX_EXPECT_FALSE(test, guard.get_mark(100, XaMark::M1));
	KXX_EXPECT_TRUE(test, guard.get_mark(300, XaMark::M2));
	KXX_EXPECT_FALSE(test, guard.get_mark(42, XaMark::M0));

	KXX_ASSERT_TRUE(test, guard.store(100, item(77), GFP_ATOMIC).is_ok());
	KXX_EXPECT_TRUE(test, guard.get_mark(100, XaMark::M0)); // survives replacement

	unsigned long seen[4] = {}, n = 0;
	for (auto e : guard.marked(XaMark::M0))
		if (n < 4)
			seen[n++] = e.index;
	KXX_EXPECT_EQ(test, n, 2ul);
	KXX_EXPECT_EQ(test, seen[0], 100ul);
	KXX_EXPECT_EQ(test, seen[1], 300ul);

	KXX_EXPECT_TRUE(test, guard.remove(300).is_some());
	KXX_EXPECT_FALSE(test, guard.get_mark(300, XaMark::M0));
	KXX_ASSERT_TRUE(test, guard.store(300, item(3), GFP_ATOMIC).is_ok());
	KXX_EXPECT_FALSE(test, guard.get_mark(300, XaMark::M0)); // gone with the erase
	KXX_EXPECT_FALSE(test, guard.get_mark(300, XaMark::M2));

	guard.clear_mark(100, XaMark::M0);
	n = 0;
	for ([[maybe_unused]] auto e : guard.marked(XaMark::M0))
		n++;
	KXX_EXPECT_EQ(test, n, 0ul);
}

KXX_TEST(kxx_xarray, iteration_order_ranges_and_find_after_erase)
{
	static constexpr unsigned long shuffled[] = { 900, 3, 77, 1ul << 40, 12, 500, 0, 64 };
	static constexpr unsigned long sorted[] = { 0, 3, 12, 64, 77, 500, 900, 1ul << 40 };
	XArray<Box<Item>> xa;
	auto guard = xa.lock();

	for (unsigned long i : shuffled)
		KXX_ASSERT_TRUE(test, guard.store(i, item(i + 1), GFP_ATOMIC).is_ok());

	unsigned int n = 0;
	for (auto e : guard.entries()) {
		KXX_ASSERT_LT(test, n, 8u);
		KXX_EXPECT_EQ(test, e.index, sorted[n]);
		KXX_EXPECT_EQ(test, e.value->value, sorted[n] + 1);
		n++;
	}
	KXX_EXPECT_EQ(test, n, 8u);

	n = 0;
	for (auto e : guard.entries(12, 500)) {
		KXX_EXPECT_GE(test, e.index, 12ul);
		KXX_EXPECT_LE(test, e.index, 500ul);
		n++;
	}
	KXX_EXPECT_EQ(test, n, 4u); // 12, 64, 77, 500

	KXX_EXPECT_TRUE(test, guard.remove(64).is_some());
	KXX_EXPECT_TRUE(test, guard.remove(500).is_some());
	unsigned long after[8], m = 0;
	for (auto e : guard.entries(4))
		if (m < 8)
			after[m++] = e.index;
	KXX_EXPECT_EQ(test, m, 4ul); // 12, 77, 900, 1 << 40
	KXX_EXPECT_EQ(test, after[0], 12ul);
	KXX_EXPECT_EQ(test, after[1], 77ul);
	KXX_EXPECT_EQ(test, after[2], 900ul);
	KXX_EXPECT_EQ(test, after[3], 1ul << 40);

	n = 0;
	for ([[maybe_unused]] auto e : guard.entries(901, (1ul << 40) - 1))
		n++;
	KXX_EXPECT_EQ(test, n, 0u);
}

/*
 * Mark 0 is XA_FREE_MARK on allocating arrays: setting it on a used slot
 * made the next alloc() hand the same id out again.  With run-time flags
 * every M0 operation is a misuse report that leaves the array unchanged;
 * with the flags in the type it does not compile (compile-fail case
 * xarray_mark0_on_alloc_array).  M1 and M2 work on both.
 */
KXX_TEST(kxx_xarray, mark0_refused_on_allocating_arrays)
{
	Item::reset();
	XArray<Box<Item>> xa(XaFlags::Alloc1);
	{
		kxx::kunit::ExpectMisuse misuse;
		auto g = xa.lock();
		auto a = g.alloc(item(1), GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, a.is_ok());
		g.set_mark(*a, XaMark::M0);
		g.clear_mark(*a, XaMark::M0);
		KXX_EXPECT_FALSE(test, g.get_mark(*a, XaMark::M0));
		unsigned int n = 0;
		for ([[maybe_unused]] auto e : g.marked(XaMark::M0))
			n++;
		KXX_EXPECT_EQ(test, n, 0u);
		KXX_EXPECT_EQ(test, misuse.count(), 4ul);

		auto b = g.alloc(item(2), GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, b.is_ok());
		KXX_EXPECT_NE(test, *a, *b); // id 1 was not handed out twice
		KXX_EXPECT_EQ(test, g.get(*a)->value, 1ul);

		g.set_mark(*b, XaMark::M1);
		KXX_EXPECT_TRUE(test, g.get_mark(*b, XaMark::M1));
	}
	XArray<Box<Item>, XaFlags::Alloc> fixed;
	{
		kxx::kunit::ExpectMisuse misuse;
		auto g = fixed.lock();
		auto a = g.alloc(item(3), GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, a.is_ok());
		g.set_mark(*a, XaMark::M2);
		XaMark chosen = XaMark::M0; // a mark chosen at run time: checked
		g.set_mark(*a, chosen);
		KXX_EXPECT_EQ(test, misuse.count(), 1ul);
		auto b = g.alloc(item(4), GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, b.is_ok());
		KXX_EXPECT_NE(test, *a, *b);
		KXX_EXPECT_TRUE(test, g.get_mark(*a, XaMark::M2));
	}
}

/* --- compare_exchange(), find(), lockless iteration ----------------------- */

KXX_TEST(kxx_xarray_api, compare_exchange)
{
	Item::reset();
	{
		XArray<Box<Item>> xa;
		auto g = xa.lock();
		// Empty expected, empty found: stored.
		auto first = g.compare_exchange(5, None, item(1), GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, first.is_ok() && first->is_none());
		// Empty expected, something found: the new value comes back, with it.
		auto lost = g.compare_exchange(5, None, item(2), GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, lost.is_err());
		KXX_EXPECT_TRUE(test, lost.error().mismatch());
		KXX_EXPECT_EQ(test, lost.error().value->value, 2ul);
		KXX_EXPECT_EQ(test, lost.error().found, g.get(5));
		// The entry expected by its borrow: replaced, the old owner back.
		auto swapped = g.compare_exchange(5, g.get(5), item(3), GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, swapped.is_ok() && swapped->has_value());
		KXX_EXPECT_EQ(test, (**swapped)->value, 1ul);
		KXX_EXPECT_EQ(test, g.get(5)->value, 3ul);
		// A stale expectation (an owner no longer there) does not match.
		const Item *stale = (*swapped)->get();
		auto mismatch = g.compare_exchange(5, stale, item(4), GFP_ATOMIC);
		KXX_EXPECT_TRUE(test, mismatch.is_err() && mismatch.error().mismatch());
		// A reserved index is not empty: no match, nothing found.
		auto r = g.reserve_at(6, GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, r.is_ok());
		auto onres = g.compare_exchange(6, None, item(5), GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, onres.is_err() && onres.error().mismatch());
		KXX_EXPECT_NULL(test, onres.error().found);
		// Expecting an entry where there is none.
		auto none = g.compare_exchange(9, g.get(5), item(6), GFP_ATOMIC);
		KXX_EXPECT_TRUE(test, none.is_err() && none.error().mismatch());
		KXX_EXPECT_NULL(test, none.error().found);
		KXX_EXPECT_NULL(test, g.get(9));
		KXX_EXPECT_EQ(test, Item::live(), 6l); // 1 in the array, 1 swapped out, 4 refused
	}
	KXX_EXPECT_EQ(test, Item::live(), 0l);
}

KXX_TEST(kxx_xarray_api, find_find_after_find_marked)
{
	XArray<Box<Item>> xa;
	auto g = xa.lock();
	for (unsigned long i : (const unsigned long[]){ 3ul, 10ul, 11ul, 1ul << 33 })
		KXX_ASSERT_TRUE(test, g.store(i, item(i), GFP_ATOMIC).is_ok());
	g.set_mark(11, XaMark::M2);

	auto a = g.find();
	KXX_ASSERT_TRUE(test, a.has_value());
	KXX_EXPECT_EQ(test, a->index, 3ul);
	KXX_EXPECT_EQ(test, a->value->value, 3ul);
	auto b = g.find_after(a->index);
	KXX_ASSERT_TRUE(test, b.has_value());
	KXX_EXPECT_EQ(test, b->index, 10ul);
	KXX_EXPECT_EQ(test, g.find(4)->index, 10ul);
	KXX_EXPECT_EQ(test, g.find_after(11)->index, 1ul << 33);
	KXX_EXPECT_TRUE(test, g.find_after(1ul << 33).is_none());
	KXX_EXPECT_TRUE(test, g.find(12, 1000).is_none());
	KXX_EXPECT_TRUE(test, g.find_after(ULONG_MAX).is_none());
	KXX_EXPECT_EQ(test, g.find_marked(XaMark::M2)->index, 11ul);
	KXX_EXPECT_TRUE(test, g.find_marked(XaMark::M2, 12).is_none());
	KXX_EXPECT_TRUE(test, g.find_marked(XaMark::M1).is_none());
}

KXX_TEST(kxx_xarray_api, lockless_iteration)
{
	XArray<RcuBox<Shared>> xa;
	for (unsigned long i = 1; i <= 64; i++)
		KXX_ASSERT_TRUE(
		    test, xa.store(i << 8, RcuBox<Shared>::make(GFP_KERNEL, i).value(), GFP_KERNEL).is_ok());
	rcu::ReadGuard rg = rcu::read_lock();
	unsigned long n = 0, last = 0;
	bool ordered = true;
	for (auto e : xa.entries(rg, 1 << 8, 32 << 8)) {
		ordered &= e.index > last && e.value->value == e.index >> 8;
		last = e.index;
		n++;
	}
	KXX_EXPECT_TRUE(test, ordered);
	KXX_EXPECT_EQ(test, n, 32ul);
}
