// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/xarray_model_test.cpp - a seeded random mix of operations, against a model.
 *
 * Proves:    kxx/xarray/ as a whole (xarray.h, guard.h, reservation.h,
 *            multi.h, cursor.h): every operation keeps the array what the
 *            model says, and each entry is dropped once.
 * Suites:    kxx_xarray_model.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

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
