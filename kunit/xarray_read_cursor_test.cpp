// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/xarray_read_cursor_test.cpp - the read side both cursors share, and
 * XaReadCursor.
 *
 * Proves:    kxx/xarray/xas.h (load, steps, find, walks and pause() over the
 *            kernel's xa_state) and read_cursor.h (the same without the lock).
 * Suites:    kxx_xarray_cursor (its read-side cases; XaCursor's writes are in
 *            xarray_cursor_test.cpp).
 *
 * What the kernel's test_xarray checks of xas_* walks, written anew: steps
 * over holes, multi-index entries and reservations, and walks paused while
 * writers run on every CPU.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

KXX_TEST(kxx_xarray_cursor, steps_see_entries_never_internal_ones)
{
	Item::reset();
	XArray<Box<Item>> xa;
	KXX_ASSERT_TRUE(test, xa.store(3, item(3), GFP_KERNEL).is_ok());
	KXX_ASSERT_TRUE(test, xa.store(4, item(4), GFP_KERNEL).is_ok());
	KXX_ASSERT_TRUE(test, xa.store_order(8, 2, item(8), GFP_KERNEL).is_ok()); // 8..11
	KXX_ASSERT_TRUE(test, xa.store(70, item(70), GFP_KERNEL).is_ok()); // another node
	auto r = xa.reserve_at(6, GFP_KERNEL); // a zero entry inside
	KXX_ASSERT_TRUE(test, r.is_ok());
	{
		XaCursor cur(xa, 2);
		KXX_EXPECT_NULL(test, cur.load());
		KXX_EXPECT_EQ(test, value_of(cur.next()), 3ul);
		KXX_EXPECT_EQ(test, value_of(cur.next()), 4ul);
		KXX_EXPECT_NULL(test, cur.next()); // 5
		KXX_EXPECT_NULL(test, cur.next()); // 6: reserved reads as empty
		KXX_EXPECT_NULL(test, cur.next()); // 7
		for (unsigned long i = 8; i <= 11; i++) // every sibling slot is the entry
			KXX_EXPECT_EQ(test, value_of(cur.next()), 8ul);
		KXX_EXPECT_NULL(test, cur.next()); // 12
		KXX_EXPECT_EQ(test, cur.index(), 12ul);
		for (unsigned long i = 11; i >= 8; i--)
			KXX_EXPECT_EQ(test, value_of(cur.prev()), 8ul);
		KXX_EXPECT_NULL(test, cur.prev()); // 7
		cur.set(10);
		KXX_EXPECT_EQ(test, value_of(cur.load()), 8ul);
		cur.set(63);
		KXX_EXPECT_NULL(test, cur.load());
		KXX_EXPECT_NULL(test, cur.next());                  // 64, the next node
		for (unsigned long i = 65; i < 70; i++)
			KXX_EXPECT_NULL(test, cur.next());
		KXX_EXPECT_EQ(test, value_of(cur.next()), 70ul);

		// find: from a fresh position the entry there, then the next ones.
		cur.set(9);
		auto f = cur.find();
		KXX_ASSERT_TRUE(test, f.has_value());
		KXX_EXPECT_EQ(test, f->index, 9ul); // never below where it started
		KXX_EXPECT_EQ(test, value_of(f->value), 8ul);
		f = cur.find();
		KXX_ASSERT_TRUE(test, f.has_value());
		KXX_EXPECT_EQ(test, f->index, 70ul); // past the reservation and siblings
		KXX_EXPECT_TRUE(test, cur.find().is_none());
		cur.set(0);
		KXX_EXPECT_TRUE(test, cur.find(2).is_none()); // up to max only

		// A walk: each entry once, the multi-index one too.
		cur.set(0);
		unsigned long seen[8], n = 0;
		for (auto e : cur.entries()) {
			if (n < 8)
				seen[n] = e.index;
			n++;
		}
		KXX_ASSERT_EQ(test, n, 4ul);
		KXX_EXPECT_EQ(test, seen[0], 3ul);
		KXX_EXPECT_EQ(test, seen[1], 4ul);
		KXX_EXPECT_EQ(test, seen[2], 8ul);
		KXX_EXPECT_EQ(test, seen[3], 70ul);
	}
	KXX_EXPECT_TRUE(test, move(*r).fill(item(6)).is_ok()); // the reservation held
	KXX_EXPECT_EQ(test, value_at_index(xa, 6), 6ul);
}
/*
 * A load (or a fresh cursor's first step, or find()) inside a multi-index
 * entry walks down to the entry's first slot; the steps after it must still
 * read their own index's slot, not the one before it (found by
 * kxx_stress.every_operation_under_readers: the cursor reported entries at
 * indices they do not cover).
 */
KXX_TEST(kxx_xarray_cursor, steps_after_a_load_inside_an_entry_stay_on_their_index)
{
	Item::reset();
	{
		XArray<Box<Item>> xa;
		KXX_ASSERT_TRUE(test, xa.store_order(4, 2, item(4), GFP_KERNEL).is_ok()); // 4..7
		KXX_ASSERT_TRUE(test, xa.store(8, item(8), GFP_KERNEL).is_ok());
		KXX_ASSERT_TRUE(test, xa.store(9, item(9), GFP_KERNEL).is_ok());
		{
			XaCursor cur(xa, 5);
			KXX_EXPECT_EQ(test, value_of(cur.load()), 4ul);
			KXX_EXPECT_EQ(test, value_of(cur.next()), 4ul); // 6
			KXX_EXPECT_EQ(test, value_of(cur.next()), 4ul); // 7
			KXX_EXPECT_EQ(test, value_of(cur.next()), 8ul); // 8, not 7's slot
			KXX_EXPECT_EQ(test, cur.index(), 8ul);
		}
		{
			XaCursor cur(xa, 6); // a fresh cursor's first step loads its index
			KXX_EXPECT_EQ(test, value_of(cur.next()), 4ul);
			KXX_EXPECT_EQ(test, value_of(cur.next()), 4ul); // 7
			KXX_EXPECT_EQ(test, value_of(cur.next()), 8ul);
		}
		{
			XaCursor cur(xa, 6);
			auto f = cur.find();
			KXX_ASSERT_TRUE(test, f.has_value());
			KXX_EXPECT_EQ(test, f->index, 6ul);
			KXX_EXPECT_EQ(test, value_of(cur.next()), 4ul); // 7
			KXX_EXPECT_EQ(test, value_of(cur.next()), 8ul);
			KXX_EXPECT_EQ(test, value_of(cur.prev()), 4ul); // 7
			KXX_EXPECT_EQ(test, value_of(cur.prev()), 4ul); // 6
		}
		XArray<RcuBox<Item>> shared;
		KXX_ASSERT_TRUE(test, shared.store_order(4, 2, RcuBox<Item>::make(GFP_KERNEL, 4ul).value(),
							 GFP_KERNEL)
					  .is_ok());
		KXX_ASSERT_TRUE(
		    test, shared.store(8, RcuBox<Item>::make(GFP_KERNEL, 8ul).value(), GFP_KERNEL).is_ok());
		{
			XaReadCursor cur(shared, 5);
			KXX_EXPECT_EQ(test, value_of(cur.load()), 4ul);
			KXX_EXPECT_EQ(test, value_of(cur.next()), 4ul);
			KXX_EXPECT_EQ(test, value_of(cur.next()), 4ul);
			KXX_EXPECT_EQ(test, value_of(cur.next()), 8ul);
		}
	}
	rcu::barrier();
	KXX_EXPECT_EQ(test, Item::live(), 0l);
}
/* --- walks paused while writers run ------------------------------------------ */

namespace {

constexpr unsigned long walk_evens = 600; // indices 0, 2, ..., stored throughout

struct Walkers {
	XArray<Box<Item>> xa;
	XArray<RcuBox<Shared>> rxa;
	long writes;
};

/* On every CPU: stores and removes odd indices, in both arrays. */
long toggle_odd_indices(void *arg, unsigned int cpu)
{
	Walkers &w = *static_cast<Walkers *>(arg);
	u64 x = cpu * 0x9e3779b97f4a7c15ull + 1;
	long n = 0;
	while (!kxx_kunit_thread_should_stop()) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		unsigned long i = 2 * (x % walk_evens) + 1;
		if (x & (1ul << 40)) {
			auto a = w.xa.store(i, Box<Item>::make(GFP_KERNEL, i).value(), GFP_KERNEL);
			auto b = w.rxa.store(i, RcuBox<Shared>::make(GFP_KERNEL, i).value(), GFP_KERNEL);
			(void)a;
			(void)b;
		} else {
			auto a = w.xa.remove(i);
			auto b = w.rxa.remove(i);
		}
		if (++n % 32 == 0)
			kxx_kunit_cond_resched();
	}
	__atomic_fetch_add(&w.writes, n, __ATOMIC_RELAXED);
	return n;
}

/* A walk of @cur pausing every few entries: in order, each even index once. */
template <class C> bool walk_paused(C &cur, unsigned int every)
{
	unsigned long evens = 0, n = 0, prev = 0;
	bool ok = true, first = true;
	for (auto e : cur.entries()) {
		ok &= first || e.index > prev;
		ok &= e.value->value == e.index;
		first = false;
		prev = e.index;
		evens += !(e.index & 1);
		if (++n % every == 0)
			cur.pause(); // borrows end here: e is not used after
	}
	return ok && evens == walk_evens;
}

} // namespace

KXX_TEST(kxx_xarray_cursor, walks_paused_under_concurrent_writers)
{
	rcu::barrier();
	Item::reset();
	{
		auto w = Box<Walkers>::make(GFP_KERNEL).value();
		for (unsigned long i = 0; i < 2 * walk_evens; i += 2) {
			KXX_ASSERT_TRUE(test, w->xa.store(i, item(i), GFP_KERNEL).is_ok());
			KXX_ASSERT_TRUE(
			    test,
			    w->rxa.store(i, RcuBox<Shared>::make(GFP_KERNEL, i).value(), GFP_KERNEL)
				.is_ok());
		}
		kxx::kunit::Threads threads(toggle_odd_indices, w.get());
		KXX_ASSERT_TRUE(test, threads.started());
		unsigned int good = 0, rounds = 0;
		for (unsigned int every = 1; every <= 64; every *= 2, rounds += 2) {
			{
				XaCursor cur(w->xa);
				good += walk_paused(cur, every);
			}
			{
				XaReadCursor rc(w->rxa); // lockless: RcuBox entries
				good += walk_paused(rc, every);
			}
			kxx_kunit_cond_resched();
		}
		threads.stop();
		KXX_EXPECT_EQ(test, good, rounds);
		KXX_EXPECT_GT(test, w->writes, 0l);
		KXX_INFO(test, "%u paused walks beside %ld writes", rounds, w->writes);
	}
	rcu::barrier();
	KXX_EXPECT_EQ(test, Item::live(), 0l);
}

KXX_TEST(kxx_xarray_cursor, read_cursor_reads_locklessly)
{
	XArray<RcuBox<Shared>, XaFlags::Alloc1> xa;
	for (unsigned long i = 1; i <= 100; i++) {
		auto id = xa.alloc(RcuBox<Shared>::make(GFP_KERNEL, i * 7).value(), GFP_KERNEL);
		KXX_ASSERT_TRUE(test, id.is_ok());
	}
	{
		auto g = xa.lock();
		g.set_mark(50, XaMark::M1);
		g.set_mark(70, XaMark::M1);
	}
	auto r = xa.reserve_at(200, GFP_KERNEL);
	KXX_ASSERT_TRUE(test, r.is_ok());
	XaReadCursor rc(xa, 10);
	KXX_EXPECT_EQ(test, value_of(rc.load()), 70ul);
	KXX_EXPECT_EQ(test, value_of(rc.next()), 77ul);
	KXX_EXPECT_EQ(test, value_of(rc.prev()), 70ul);
	KXX_EXPECT_EQ(test, value_of(rc.prev()), 63ul);
	auto f = rc.find_marked(XaMark::M1);
	KXX_ASSERT_TRUE(test, f.has_value());
	KXX_EXPECT_EQ(test, f->index, 50ul);
	KXX_EXPECT_TRUE(test, rc.get_mark(XaMark::M1));
	f = rc.find_marked(XaMark::M1);
	KXX_ASSERT_TRUE(test, f.has_value());
	KXX_EXPECT_EQ(test, f->index, 70ul);
	rc.set(199);
	KXX_EXPECT_NULL(test, rc.next()); // 200: reserved, empty
	rc.set(100);
	f = rc.find();
	KXX_ASSERT_TRUE(test, f.has_value());
	KXX_EXPECT_EQ(test, f->index, 100ul);
	KXX_EXPECT_TRUE(test, rc.find().is_none()); // not the reservation at 200
}

KXX_TEST(kxx_xarray_cursor, pause_and_find_inside_multi_index_entries)
{
	XArray<Box<Item>> xa;
	KXX_ASSERT_TRUE(test, xa.store_order(4, 2, item(4), GFP_KERNEL).is_ok());   // 4..7
	KXX_ASSERT_TRUE(test, xa.store(8, item(8), GFP_KERNEL).is_ok());
	KXX_ASSERT_TRUE(test, xa.store_order(64, 6, item(64), GFP_KERNEL).is_ok()); // 64..127
	KXX_ASSERT_TRUE(test, xa.store(130, item(130), GFP_KERNEL).is_ok());
	{
		auto g = xa.lock();
		g.set_mark(4, XaMark::M1);
		g.set_mark(64, XaMark::M1);
	}
	XaCursor cur(xa, 5); // inside the first entry
	unsigned long seen[8], n = 0;
	for (auto e : cur.entries()) {
		if (n < 8)
			seen[n] = e.index;
		n++;
		cur.pause(); // after every entry: nothing after a multi-index one is skipped
	}
	KXX_ASSERT_EQ(test, n, 4ul);
	KXX_EXPECT_EQ(test, seen[0], 5ul); // reported where the walk started
	KXX_EXPECT_EQ(test, seen[1], 8ul);
	KXX_EXPECT_EQ(test, seen[2], 64ul);
	KXX_EXPECT_EQ(test, seen[3], 130ul);

	cur.set(100); // inside the order-6 entry, one node level up
	KXX_EXPECT_EQ(test, value_of(cur.load()), 64ul);
	cur.pause();
	auto f = cur.find();
	KXX_ASSERT_TRUE(test, f.has_value());
	KXX_EXPECT_EQ(test, f->index, 130ul); // not past it

	// A marked find from inside an entry reports where it was asked, and a
	// loop that goes on from there ends.
	unsigned long found = 0, first = 0;
	cur.set(6);
	for (auto e = cur.find_marked(XaMark::M1); e && found < 1000; e = cur.find_marked(XaMark::M1)) {
		if (found++ == 0)
			first = e->index;
		cur.set(e->index + 1);
	}
	KXX_EXPECT_EQ(test, first, 6ul);
	KXX_EXPECT_EQ(test, found, 66ul); // 6, 7 (the entry at 4..7), then 64..127, one by one
	cur.set(6);
	n = 0;
	for (auto e : cur.marked(XaMark::M1)) {
		if (n++ == 0)
			KXX_EXPECT_EQ(test, e.index, 6ul);
	}
	KXX_EXPECT_EQ(test, n, 2ul);
}
