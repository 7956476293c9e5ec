// SPDX-License-Identifier: GPL-2.0
/*
 * The rest of the kernel's XArray API, owned: value entries, multi-index
 * entries, reservations at a chosen index, compare-and-exchange, find,
 * emptying a live array and lockless iteration.  What the kernel's own
 * test_xarray checks for these, written anew here; ownership is counted in
 * destructors, and a seeded random mix is checked against a model.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

/* --- value entries ----------------------------------------------------------- */

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

/* --- multi-index entries ------------------------------------------------------ */

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

/* --- reservations at an index, cmpxchg, find, clear ------------------------- */

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

/* --- a seeded random mix against a model ------------------------------------ */

namespace {

constexpr unsigned long model_size = 64;

struct Model {
	// The id covering each index (0: none), and whether it is reserved.
	unsigned long id[model_size] = {};
	bool reserved[model_size] = {};

	/* The aligned range of the entry covering @index. */
	void range(unsigned long index, unsigned long &first, unsigned long &last) const
	{
		first = last = index;
		while (first > 0 && id[first - 1] == id[index])
			first--;
		while (last + 1 < model_size && id[last + 1] == id[index])
			last++;
	}
	void cover(unsigned long first, unsigned long last, unsigned long v)
	{
		for (unsigned long i = first; i <= last; i++) {
			id[i] = v;
			reserved[i] = false;
		}
	}
	unsigned long live() const
	{
		unsigned long n = 0;
		for (unsigned long i = 0; i < model_size; i++)
			n += id[i] && (i == 0 || id[i - 1] != id[i]);
		return n;
	}
};

template <class B> unsigned long id_of(const B &b)
{
	return b ? b->value : 0;
}

u64 next_random(u64 &s)
{
	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return s;
}

/* Reserved indices, seen through the entry API: neither occupied nor vacant. */
[[gnu::noinline]] bool reservations_match(kxx::kunit::Test &test, XArray<Box<Item>> &xa, Model &m)
{
	XaCursor cur(xa);
	bool ok = true;
	for (unsigned long i = 0; i < model_size; i++) {
		auto slot = cur.entry(i);
		bool reserved = !slot.is_occupied() && slot.vacant().is_none();
		if (reserved != m.reserved[i]) {
			KXX_INFO(test, "index %lu: reserved %d, model %d", i, reserved, m.reserved[i]);
			ok = false;
		}
	}
	return ok;
}

/*
 * The model's cursor operations, out of line: each XaCursor holds an
 * xa_state, and the whole switch in one frame would pass the kernel's
 * frame-size limit.
 */
[[gnu::noinline]] void cursor_step(kxx::kunit::Test &test, XArray<Box<Item>> &xa, Model &m, u64 r,
				   unsigned long index, unsigned long &next_id)
{
	switch (r % 10) {
		case 7: { // a store through a cursor, allocating outside the lock
			unsigned long f, l;
			m.range(index, f, l);
			bool had = m.id[index];
			Box<Item> v = item(next_id);
			XaCursor cur(xa, index);
			auto out = cur.update(GFP_KERNEL, [&] { return cur.store(move(v)); });
			KXX_ASSERT_TRUE(test, out.is_ok());
			KXX_EXPECT_EQ(test, out->has_value(), had);
			if (had)
				m.cover(f, l, next_id);
			else
				m.cover(index, index, next_id);
			next_id++;
			break;
		}
		case 8: { // the entry API: insert, replace or remove; reserved: neither
			unsigned long f, l;
			m.range(index, f, l);
			Box<Item> v = item(next_id);
			XaCursor cur(xa);
			auto slot = cur.entry(index);
			if (m.reserved[index]) {
				KXX_EXPECT_TRUE(test, slot.occupied().is_none());
				KXX_EXPECT_TRUE(test, slot.vacant().is_none());
			} else if (!m.id[index]) {
				auto vacant = slot.vacant();
				KXX_ASSERT_TRUE(test, vacant.has_value());
				auto got = cur.update(GFP_KERNEL, [&] {
					return move(*cur.entry(index).vacant()).insert(move(v));
				});
				KXX_ASSERT_TRUE(test, got.is_ok());
				KXX_EXPECT_EQ(test, (*got)->value, next_id);
				m.cover(index, index, next_id++);
			} else {
				auto occupied = slot.occupied();
				KXX_ASSERT_TRUE(test, occupied.has_value());
				KXX_EXPECT_EQ(test, occupied->get()->value, m.id[index]);
				if (r & (1ul << 42)) {
					auto old = move(*occupied).remove();
					KXX_EXPECT_TRUE(test, old.has_value());
					m.cover(f, l, 0);
				} else {
					auto old = cur.update(GFP_KERNEL, [&] {
						return cur.entry(index).occupied()->replace(move(v));
					});
					KXX_ASSERT_TRUE(test, old.is_ok());
					KXX_EXPECT_EQ(test, (*old)->value, m.id[index]);
					m.cover(f, l, next_id++);
				}
			}
			break;
		}
		case 9: { // steps and a paused walk of a cursor
			XaCursor cur(xa);
			KXX_EXPECT_EQ(test, id_of(cur.load()), m.id[0]);
			for (unsigned long i = 1; i < model_size; i++)
				KXX_EXPECT_EQ(test, id_of(cur.next()), m.id[i]);
			cur.set(index);
			unsigned long visits = 0, prev_id = m.id[index];
			for (auto e : cur.entries(model_size - 1)) {
				KXX_EXPECT_EQ(test, e.value->value, m.id[e.index]);
				if (visits++ == 0 && prev_id)
					KXX_EXPECT_EQ(test, e.index, index); // where it stands
				else
					KXX_EXPECT_NE(test, e.value->value, prev_id);
				prev_id = e.value->value;
				if (visits % 3 == 0)
					cur.pause();
			}
			unsigned long expect = 0;
			for (unsigned long i = index; i < model_size; i++)
				expect += m.id[i] && (i == index || m.id[i - 1] != m.id[i]);
			KXX_EXPECT_EQ(test, visits, expect);
			break;
		}
	}
}

} // namespace

KXX_TEST(kxx_xarray_model, random_mix_matches_the_model)
{
	Item::reset();
	for (u64 seed = 1; seed <= 8; seed++) {
		u64 s = seed * 0x9e3779b97f4a7c15ull;
		XArray<Box<Item>> xa;
		Model m;
		Option<XArray<Box<Item>>::Reservation> res[4];
		unsigned long next_id = 1;
		for (int step = 0; step < 400; step++) {
			u64 r = next_random(s);
			unsigned long index = (r >> 8) % model_size;
			switch (r % 10) {
			case 0: { // store
				unsigned long f, l;
				m.range(index, f, l);
				bool had = m.id[index];
				auto out = xa.store(index, item(next_id), GFP_KERNEL);
				KXX_ASSERT_TRUE(test, out.is_ok());
				KXX_EXPECT_EQ(test, out->has_value(), had);
				if (had)
					m.cover(f, l, next_id);
				else
					m.cover(index, index, next_id);
				next_id++;
				break;
			}
			case 1: { // store_order
				unsigned int order = (r >> 20) % 4;
				unsigned long first = index & ~((1ul << order) - 1);
				unsigned long last = first + (1ul << order) - 1;
				unsigned long distinct = 0, prev = 0;
				for (unsigned long i = first; i <= last; i++) {
					if (m.id[i] && m.id[i] != prev)
						distinct++;
					prev = m.id[i];
				}
				auto out = xa.store_order(first, order, item(next_id), GFP_KERNEL);
				if (distinct > 1) {
					KXX_EXPECT_TRUE(test, out.is_err() &&
								  out.error().error == code::EBUSY);
					break;
				}
				KXX_ASSERT_TRUE(test, out.is_ok());
				KXX_EXPECT_EQ(test, out->has_value(), distinct == 1);
				unsigned long f = first, l = last;
				if (distinct == 1) {
					unsigned long of, ol;
					unsigned long at = first;
					while (!m.id[at])
						at++;
					m.range(at, of, ol);
					if (of < f)
						f = of;
					if (ol > l)
						l = ol;
				}
				m.cover(f, l, next_id++);
				break;
			}
			case 2: { // remove
				unsigned long f, l;
				m.range(index, f, l);
				bool had = m.id[index];
				auto out = xa.remove(index);
				KXX_EXPECT_EQ(test, out.has_value(), had);
				// As __xa_erase(): a reservation there is released too
				// (its Reservation's fill() then finds the slot gone).
				if (had)
					m.cover(f, l, 0);
				else
					m.reserved[index] = false;
				break;
			}
			case 3: { // reserve_at
				auto &slot = res[(r >> 30) % 4];
				if (slot.has_value())
					break;
				auto out = xa.reserve_at(index, GFP_KERNEL);
				bool free = !m.id[index] && !m.reserved[index];
				KXX_EXPECT_EQ(test, out.is_ok(), free);
				if (out.is_ok()) {
					m.reserved[index] = true;
					slot = move(*out);
				}
				break;
			}
			case 4: { // fill or drop a reservation
				auto &slot = res[(r >> 30) % 4];
				if (!slot.has_value())
					break;
				unsigned long at = slot->index();
				bool still = m.reserved[at];
				if (r & (1ul << 40)) {
					auto out = move(*slot).fill(item(next_id));
					KXX_EXPECT_EQ(test, out.is_ok(), still);
					if (still)
						m.cover(at, at, next_id);
					next_id++;
				} else if (still) {
					m.reserved[at] = false;
				}
				slot = None; // dropped: releases if still reserved
				break;
			}
			case 5: { // compare_exchange against the current entry or None
				auto g = xa.lock();
				unsigned long f, l;
				m.range(index, f, l);
				bool expect_empty = r & (1ul << 41);
				auto cur = g.get(index);
				auto out = expect_empty
					       ? g.compare_exchange(index, None, item(next_id), GFP_ATOMIC)
					       : g.compare_exchange(index, cur, item(next_id), GFP_ATOMIC);
				// A null borrow expects an empty index too.
				bool match = m.id[index] ? !expect_empty : !m.reserved[index];
				KXX_EXPECT_EQ(test, out.is_ok(), match);
				if (match) {
					if (m.id[index])
						m.cover(f, l, next_id);
					else
						m.cover(index, index, next_id);
				}
				next_id++;
				break;
			}
			case 6: { // a walk: every entry once, in order
				auto g = xa.lock();
				unsigned long prev_id = 0, visits = 0;
				for (auto e : g.entries(0, model_size - 1)) {
					KXX_EXPECT_EQ(test, e.value->value, m.id[e.index]);
					KXX_EXPECT_NE(test, e.value->value, prev_id);
					prev_id = e.value->value;
					visits++;
				}
				KXX_EXPECT_EQ(test, visits, m.live());
				break;
			}
			default: // 7..9: the cursor and the entry API
				cursor_step(test, xa, m, r, index, next_id);
				break;
			}
			// The whole array, index by index, against the model.
			{
				auto g = xa.lock();
				for (unsigned long i = 0; i < model_size; i++) {
					auto p = g.get(i);
					unsigned long got = p ? p->value : 0;
					if (got != m.id[i])
						KXX_INFO(test, "seed %llu step %d: index %lu", seed, step, i);
					KXX_ASSERT_EQ(test, got, m.id[i]);
				}
			}
			KXX_ASSERT_EQ(test, (unsigned long)Item::live(), m.live());
			if ((step % 8 == 7 || step == 399) && !reservations_match(test, xa, m)) {
				KXX_INFO(test, "seed %llu step %d: op %llu", seed, step, r % 10);
				KXX_ASSERT_TRUE(test, false);
			}
		}
		for (auto &slot : res)
			slot = None;
	}
	KXX_EXPECT_EQ(test, Item::live(), 0l);
}

/* --- static arrays ----------------------------------------------------------- */

namespace {
// As DEFINE_XARRAY_ALLOC1(): no constructor at load (the freestanding
// check would reject one), no destructor at unload.
constinit StaticXArray<Box<Item>, XaFlags::Alloc1> static_ids{ &static_ids };
constinit StaticXArray<Box<Item>, XaFlags::Alloc1> static_unused{ &static_unused };
} // namespace

KXX_TEST(kxx_xarray_static, bytes_match_define_xarray)
{
	unsigned long name_offset;
	auto *c = static_cast<const unsigned char *>(kxx_kunit_static_xarray(&name_offset));
	auto *cxx = reinterpret_cast<const unsigned char *>(&static_unused);
	unsigned long differ = 0;
	for (unsigned long i = 0; i < KXX_SIZEOF_XARRAY; i++) {
		if (i >= name_offset && i < name_offset + sizeof(void *))
			continue; // the lock's name: null here, "name.xa_lock" in C
		differ += c[i] != cxx[i];
	}
	KXX_EXPECT_EQ(test, differ, 0ul);
	KXX_EXPECT_NULL(test, static_unused.lock_class_name());
}

KXX_TEST(kxx_xarray_static, used_and_emptied_at_exit)
{
	Item::reset();
	for (unsigned long i = 1; i <= 20; i++) {
		auto id = static_ids.alloc(item(i), GFP_KERNEL);
		KXX_ASSERT_TRUE(test, id.is_ok());
		KXX_EXPECT_EQ(test, (unsigned long)*id, i); // Alloc1: from 1
	}
	{
		auto g = static_ids.lock(); // lockdep: a class keyed by the array itself
		KXX_EXPECT_EQ(test, g.get(7)->value, 7ul);
		KXX_EXPECT_TRUE(test, g.remove(7).has_value());
	}
	KXX_EXPECT_EQ(test, Item::live(), 19l);
	static_ids.exit(); // what the module's exit does
	KXX_EXPECT_EQ(test, Item::live(), 0l);
	KXX_EXPECT_TRUE(test, static_ids.empty());
}
