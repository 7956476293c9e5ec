// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/xarray_cursor_test.cpp - XaCursor: the advanced API's writes and the
 * entry API.
 *
 * Proves:    kxx/xarray/cursor.h (store, remove, marks, update(), pause() and
 *            the entry API), with the loads and steps of xas.h it writes at.
 * Suites:    kxx_xarray_cursor (its XaCursor cases; the read side's are in
 *            xarray_read_cursor_test.cpp).
 *
 * What the kernel's test_xarray checks of xas_* operations, written anew
 * for the owning cursor: changes at sibling slots, marks at the cursor, the
 * free mark of allocating arrays, misuse inside update(), and ownership
 * counted in destructors.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

namespace {

/* The same through a cursor already held (which moves there). */
template <class C> unsigned long value_at_index_locked(C &cur, unsigned long index)
{
	cur.set(index);
	return value_of(cur.load());
}

} // namespace

KXX_TEST(kxx_xarray_cursor, load_store_remove_at_sparse_indices)
{
	Item::reset();
	{
		XArray<Box<Item>> xa;
		XaCursor cur(xa);
		// 2^k - 1 and 2^k: every height of the tree.
		for (unsigned int k = 0; k < 64; k++) {
			for (unsigned long index : (const unsigned long[]){ (1ul << k) - 1, 1ul << k }) {
				cur.set(index);
				Box<Item> v = item(index);
				auto old = cur.update(GFP_KERNEL, [&] { return cur.store(move(v)); });
				KXX_ASSERT_TRUE(test, old.is_ok());
				KXX_EXPECT_EQ(test, cur.index(), index);
				KXX_EXPECT_EQ(test, value_of(cur.load()), index);
				if (old->has_value()) // 1 is stored twice
					KXX_EXPECT_EQ(test, (*old)->get()->value, index);
			}
		}
		KXX_EXPECT_EQ(test, Item::live(), 127l); // 128 stores, at 127 indices
		cur.set(1ul << 40);
		KXX_EXPECT_EQ(test, value_of(cur.load()), 1ul << 40);
		KXX_EXPECT_NULL(test, cur.next()); // 2^40 + 1
		KXX_EXPECT_EQ(test, cur.index(), (1ul << 40) + 1);
		cur.set(1ul << 40);
		auto out = cur.remove();
		KXX_ASSERT_TRUE(test, out.has_value());
		KXX_EXPECT_EQ(test, (*out)->value, 1ul << 40);
		KXX_EXPECT_NULL(test, cur.load());
		KXX_EXPECT_TRUE(test, cur.remove().is_none());
		out = None;
		KXX_EXPECT_EQ(test, Item::live(), 126l);
	} // the cursor ends first (declared last), then the array drops the rest
	KXX_EXPECT_EQ(test, Item::live(), 0l);
}
/*
 * A step onto a sibling slot leaves the kernel's xa_state at that slot; a
 * change made there must reach the entry's first slot, as a change at any
 * index of a multi-index entry does through a Guard: remove() takes the
 * whole entry out (not only the siblings: its owner would be freed while
 * the array still held it), store() replaces it whole and hands back the
 * real owner, marks are the entry's.  Afterwards the walk goes on from
 * the index it was at.  KASAN and the live count watch.
 */
KXX_TEST(kxx_xarray_cursor, changes_at_a_sibling_slot_reach_the_whole_entry)
{
	Item::reset();
	{
		XArray<Box<Item>> xa;
		KXX_ASSERT_TRUE(test, xa.store_order(0, 2, item(1), GFP_KERNEL).is_ok()); // 0..3
		KXX_ASSERT_TRUE(test, xa.store_order(4, 2, item(2), GFP_KERNEL).is_ok()); // 4..7
		KXX_ASSERT_TRUE(test, xa.store_order(8, 2, item(3), GFP_KERNEL).is_ok()); // 8..11
		KXX_ASSERT_TRUE(test, xa.store(12, item(12), GFP_KERNEL).is_ok());
		{
			XaCursor cur(xa, 0);
			KXX_EXPECT_EQ(test, value_of(cur.load()), 1ul);
			KXX_EXPECT_EQ(test, value_of(cur.next()), 1ul); // index 1: a sibling slot
			Option<Box<Item>> gone = cur.remove();
			KXX_ASSERT_TRUE(test, gone.is_some());
			KXX_EXPECT_EQ(test, (*gone)->value, 1ul);
			KXX_EXPECT_NULL(test, cur.load());
			KXX_EXPECT_NULL(test, cur.next()); // 2: the whole entry is gone

			cur.set(4);
			KXX_EXPECT_EQ(test, value_of(cur.load()), 2ul);
			KXX_EXPECT_EQ(test, value_of(cur.next()), 2ul); // 5: a sibling slot
			Box<Item> v = item(50);
			auto old = cur.store(move(v));
			KXX_ASSERT_TRUE(test, old.is_ok() && old->is_some());
			KXX_EXPECT_EQ(test, (**old)->value, 2ul); // the real owner, not a marker
			KXX_EXPECT_EQ(test, value_of(cur.next()), 50ul); // 6: still one entry
			KXX_EXPECT_EQ(test, value_of(cur.next()), 50ul); // 7

			cur.set(8);
			KXX_EXPECT_EQ(test, value_of(cur.load()), 3ul);
			KXX_EXPECT_EQ(test, value_of(cur.next()), 3ul); // 9: a sibling slot
			cur.set_mark(XaMark::M1);
			KXX_EXPECT_TRUE(test, cur.get_mark(XaMark::M1));
			KXX_EXPECT_EQ(test, value_of(cur.next()), 3ul); // 10
			KXX_EXPECT_EQ(test, value_of(cur.next()), 3ul); // 11
			KXX_EXPECT_EQ(test, value_of(cur.next()), 12ul); // 12: index and slot agree
		}
		auto g = xa.lock();
		KXX_EXPECT_NULL(test, g.get(0));
		KXX_EXPECT_NULL(test, g.get(3));
		KXX_EXPECT_EQ(test, g.get(4)->value, 50ul);
		KXX_EXPECT_TRUE(test, g.get_mark(8, XaMark::M1)); // the entry's mark
		unsigned long marked = 0;
		for (auto e : g.marked(XaMark::M1)) {
			KXX_EXPECT_EQ(test, e.value->value, 3ul); // a real entry, once
			marked++;
		}
		KXX_EXPECT_EQ(test, marked, 1ul);
		KXX_EXPECT_EQ(test, Item::live(), 3l); // 50, 3, 12
	}
	KXX_EXPECT_EQ(test, Item::live(), 0l);
}
KXX_TEST(kxx_xarray_cursor, marks_at_the_cursor)
{
	XArray<Box<Item>> xa;
	for (unsigned long i = 0; i < 200; i += 10)
		KXX_ASSERT_TRUE(test, xa.store(i, item(i), GFP_KERNEL).is_ok());
	XaCursor cur(xa);
	for (unsigned long i = 0; i < 200; i += 30) {
		cur.set(i);
		cur.set_mark(XaMark::M1);
	}
	cur.set(5);
	cur.set_mark(XaMark::M1); // nothing there: nothing marked
	KXX_EXPECT_FALSE(test, cur.get_mark(XaMark::M1));
	cur.set(30);
	KXX_EXPECT_TRUE(test, cur.get_mark(XaMark::M1));
	KXX_EXPECT_FALSE(test, cur.get_mark(XaMark::M2));
	cur.clear_mark(XaMark::M1);
	KXX_EXPECT_FALSE(test, cur.get_mark(XaMark::M1));

	cur.set(0);
	unsigned long n = 0, sum = 0;
	for (auto e : cur.marked(XaMark::M1)) {
		KXX_EXPECT_EQ(test, e.value->value, e.index);
		sum += e.index;
		n++;
	}
	KXX_EXPECT_EQ(test, n, 6ul); // 0, 60, 90, 120, 150, 180
	KXX_EXPECT_EQ(test, sum, 600ul);
	cur.set(61);
	auto f = cur.find_marked(XaMark::M1);
	KXX_ASSERT_TRUE(test, f.has_value());
	KXX_EXPECT_EQ(test, f->index, 90ul);
	KXX_EXPECT_TRUE(test, cur.find_marked(XaMark::M1, 100).is_none());

	// A mark set at any index of a multi-index entry is the entry's.
	auto stored = cur.update(GFP_KERNEL, [&] {
		cur.set(256);
		auto e = cur.entry();
		return e.vacant() ? move(*e.vacant()).insert(item(256)).is_ok() : false;
	});
	KXX_ASSERT_TRUE(test, stored); // update() returns what f() returned
	cur.set(256);
	auto small = cur.remove();
	KXX_ASSERT_TRUE(test, small.has_value());
	small = None;
	KXX_EXPECT_EQ(test, value_at_index_locked(cur, 256), ~0ul);
}

KXX_TEST(kxx_xarray_cursor, marks_of_multi_index_entries)
{
	XArray<Box<Item>> xa;
	KXX_ASSERT_TRUE(test, xa.store_order(256, 2, item(256), GFP_KERNEL).is_ok());
	XaCursor cur(xa, 258);
	cur.set_mark(XaMark::M2);
	for (unsigned long i = 256; i < 260; i++) {
		cur.set(i);
		KXX_EXPECT_TRUE(test, cur.get_mark(XaMark::M2));
	}
	cur.set(0);
	auto f = cur.find_marked(XaMark::M2);
	KXX_ASSERT_TRUE(test, f.has_value());
	KXX_EXPECT_EQ(test, f->index, 256ul);
	KXX_EXPECT_TRUE(test, cur.find_marked(XaMark::M2).is_none()); // once
	cur.set(259);
	cur.clear_mark(XaMark::M2);
	cur.set(256);
	KXX_EXPECT_FALSE(test, cur.get_mark(XaMark::M2));
}

KXX_TEST(kxx_xarray_cursor, mark0_refused_on_allocating_arrays)
{
	XArray<Box<Item>> xa(XaFlags::Alloc);
	auto id = xa.alloc(item(1), GFP_KERNEL);
	KXX_ASSERT_TRUE(test, id.is_ok());
	XaCursor cur(xa, *id);
	{
		kxx::kunit::ExpectMisuse expect;
		cur.set_mark(XaMark::M0); // XA_FREE_MARK: would hand the id out again
		KXX_EXPECT_FALSE(test, cur.get_mark(XaMark::M0));
		KXX_EXPECT_TRUE(test, cur.find_marked(XaMark::M0).is_none());
		unsigned long n = 0;
		for (auto e : cur.marked(XaMark::M0))
			n += e.index + 1;
		KXX_EXPECT_EQ(test, n, 0ul);
		KXX_EXPECT_EQ(test, expect.count(), 4ul);
	}
}

/*
 * update() inside update() runs its function once, without retries, and
 * says so; a cursor's find_marked(M0) on an allocating array (of either
 * kind) is refused as the Guard's is.
 */
KXX_TEST(kxx_xarray_cursor, misuse_inside_update_and_of_mark0_changes_nothing)
{
	Item::reset();
	kxx::kunit::ExpectMisuse misuse;
	{
		XArray<Box<Item>> xa;
		XaCursor cur(xa, 4);
		int outer = 0, inner = 0;
		int r = cur.update(GFP_KERNEL, [&] {
			outer++;
			return cur.update(GFP_KERNEL, [&] { return ++inner * 7; });
		});
		KXX_EXPECT_EQ(test, r, 7);
		KXX_EXPECT_EQ(test, outer, 1);
		KXX_EXPECT_EQ(test, inner, 1);
		KXX_EXPECT_EQ(test, misuse.count(), 1ul);
		KXX_EXPECT_TRUE(test, cur.store(item(4)).is_ok()); // the cursor works on
	}
	{
		XArray<Box<Item>> ids(XaFlags::Alloc);
		KXX_ASSERT_TRUE(test, ids.alloc(item(1), GFP_KERNEL).is_ok());
		XaCursor cur(ids);
		KXX_EXPECT_TRUE(test, cur.find_marked(XaMark::M0).is_none());
		KXX_EXPECT_EQ(test, misuse.count(), 2ul);
	}
	{
		XArray<RcuBox<Shared>> ids(XaFlags::Alloc);
		KXX_ASSERT_TRUE(test, ids.alloc(RcuBox<Shared>::make(GFP_KERNEL, 1ul).value(), GFP_KERNEL)
					  .is_ok());
		XaReadCursor cur(ids);
		KXX_EXPECT_TRUE(test, cur.find_marked(XaMark::M0).is_none());
		KXX_EXPECT_EQ(test, misuse.count(), 3ul);
	}
	KXX_EXPECT_EQ(test, Item::live(), 0l);
}

KXX_TEST(kxx_xarray_cursor, stores_keep_the_free_mark_right)
{
	// A store through the cursor takes its index out of the free slots,
	// a remove puts it back, as __xa_store() and __xa_erase() do.
	XArray<Box<Item>, XaFlags::Alloc1> xa;
	{
		XaCursor cur(xa, 1);
		KXX_ASSERT_TRUE(test, cur.update(GFP_KERNEL, [&] { return cur.store(item(1)); }).is_ok());
		cur.set(2);
		auto slot = cur.entry();
		auto v = slot.vacant();
		KXX_ASSERT_TRUE(test, v.has_value());
		Box<Item> two = item(2);
		KXX_ASSERT_TRUE(test, move(*v).insert(move(two)).is_ok());
	}
	auto id = xa.alloc(item(3), GFP_KERNEL);
	KXX_ASSERT_TRUE(test, id.is_ok());
	KXX_EXPECT_EQ(test, *id, 3u); // not 1 or 2: they are in use
	{
		XaCursor cur(xa, 1);
		KXX_EXPECT_TRUE(test, cur.remove().has_value());
	}
	id = xa.alloc(item(4), GFP_KERNEL);
	KXX_ASSERT_TRUE(test, id.is_ok());
	KXX_EXPECT_EQ(test, *id, 1u); // free again
	KXX_EXPECT_EQ(test, value_at_index(xa, 1), 4ul);
	KXX_EXPECT_EQ(test, value_at_index(xa, 2), 2ul);
}

KXX_TEST(kxx_xarray_cursor, entry_api)
{
	Item::reset();
	{
		XArray<Box<Item>> xa;
		KXX_ASSERT_TRUE(test, xa.store(5, item(5), GFP_KERNEL).is_ok());
		KXX_ASSERT_TRUE(test, xa.store_order(16, 3, item(16), GFP_KERNEL).is_ok());
		auto r = xa.reserve_at(7, GFP_KERNEL);
		KXX_ASSERT_TRUE(test, r.is_ok());
		XaCursor cur(xa);

		// Vacant: insert lends what it stored.
		Box<Item> six = item(6);
		auto slot = cur.entry(6);
		KXX_EXPECT_FALSE(test, slot.is_occupied());
		KXX_EXPECT_TRUE(test, slot.occupied().is_none());
		auto v = slot.vacant();
		KXX_ASSERT_TRUE(test, v.has_value());
		auto got = move(*v).insert(move(six));
		KXX_ASSERT_TRUE(test, got.is_ok());
		KXX_EXPECT_EQ(test, (*got)->value, 6ul);
		(*got)->value = 66; // a Box borrow under the lock is mutable
		KXX_EXPECT_EQ(test, value_of(cur.load()), 66ul);

		// Occupied: get, replace (the old owner back), remove.
		auto five = cur.entry(5).occupied();
		KXX_ASSERT_TRUE(test, five.has_value());
		KXX_EXPECT_TRUE(test, cur.entry(5).vacant().is_none());
		KXX_EXPECT_EQ(test, five->get()->value, 5ul);
		Box<Item> fifty = item(50);
		auto old = five->replace(move(fifty));
		KXX_ASSERT_TRUE(test, old.is_ok());
		KXX_EXPECT_EQ(test, (*old)->value, 5ul);
		KXX_EXPECT_EQ(test, five->get()->value, 50ul);
		auto gone = move(*five).remove();
		KXX_ASSERT_TRUE(test, gone.has_value());
		KXX_EXPECT_EQ(test, (*gone)->value, 50ul);

		// A multi-index entry is occupied at every index; replace is whole.
		auto mid = cur.entry(21).occupied();
		KXX_ASSERT_TRUE(test, mid.has_value());
		Box<Item> m = item(1600);
		auto m_old = mid->replace(move(m));
		KXX_ASSERT_TRUE(test, m_old.is_ok());
		KXX_EXPECT_EQ(test, (*m_old)->value, 16ul);
		KXX_EXPECT_EQ(test, value_at_index_locked(cur, 16), 1600ul);
		KXX_EXPECT_EQ(test, value_at_index_locked(cur, 23), 1600ul);

		// A reserved index is neither: its Reservation owns it.
		auto res = cur.entry(7);
		KXX_EXPECT_TRUE(test, res.occupied().is_none());
		KXX_EXPECT_TRUE(test, res.vacant().is_none());

		// Stale handles: the cursor moved or the entry changed since.
		auto eight = cur.entry(8).vacant();
		auto five_again = cur.entry(6).occupied();
		KXX_ASSERT_TRUE(test, eight.has_value() && five_again.has_value());
		cur.set(8);
		KXX_ASSERT_TRUE(test, cur.store(item(8)).is_ok()); // filled behind the Vacant's back
		Box<Item> late = item(80);
		auto busy = move(*eight).insert(move(late));
		KXX_EXPECT_TRUE(test, busy.is_err() && busy.error() == code::EBUSY);
		KXX_ASSERT_TRUE(test, late.get() != nullptr); // not moved from
		KXX_EXPECT_EQ(test, late->value, 80ul);
		cur.set(6);
		auto removed = cur.remove(); // the Occupied's entry, gone
		KXX_EXPECT_TRUE(test, removed.has_value());
		cur.set(100); // and the cursor elsewhere
		KXX_EXPECT_NULL(test, five_again->get());
		auto no = five_again->replace(move(late));
		KXX_EXPECT_TRUE(test, no.is_err() && no.error() == code::ENOENT);
		KXX_EXPECT_EQ(test, late->value, 80ul);
		KXX_EXPECT_TRUE(test, move(*five_again).remove().is_none());
		KXX_EXPECT_NULL(test, cur.load()); // 100: untouched
		// In the array: 8 and 1600; with the caller: old (5), gone (50),
		// m_old (16), removed (66) and late (80).
		KXX_EXPECT_EQ(test, Item::live(), 7l);
	}
	KXX_EXPECT_EQ(test, Item::live(), 0l);
}
KXX_TEST(kxx_xarray_cursor, the_lock_is_let_go_only_where_nothing_is_nested)
{
	XArray<Box<Item>> xa;
	XArray<Box<Item>> other(XaFlags::None, KXX_LOCK_CLASS());
	KXX_ASSERT_TRUE(test, xa.store(1, item(1), GFP_KERNEL).is_ok());
	XaCursor cur(xa, 1);
	const Gfp may_block = GFP_KERNEL; // refused by the Clang pass if written under g
	{
		kxx::kunit::ExpectMisuse expect;
		auto g = other.lock(); // taken after the cursor: its lock must stay
		cur.pause();           // would take xa's lock under other's: refused
		KXX_EXPECT_EQ(test, cur.index(), 1ul); // nothing moved
		KXX_EXPECT_FALSE(test, cur.nomem(may_block));
		KXX_EXPECT_EQ(test, expect.count(), 1ul); // nomem() had nothing to do
	}
	{
		kxx::kunit::ExpectMisuse expect;
		int runs = 0;
		auto r = cur.update(GFP_KERNEL, [&] {
			runs++;
			cur.pause(); // inside update(): refused, borrows in f() stay valid
			return cur.load() != nullptr;
		});
		KXX_EXPECT_TRUE(test, r);
		KXX_EXPECT_EQ(test, runs, 1);
		KXX_EXPECT_EQ(test, expect.count(), 1ul);
	}
	cur.pause(); // nothing nested now: lets go and goes on
	KXX_EXPECT_EQ(test, cur.index(), 2ul);
}
