// SPDX-License-Identifier: GPL-2.0
/*
 * Forced allocation failures: with fault injection on for the test's own
 * task (kxx::kunit::FailAllocations), every allocating kxx call returns ENOMEM, a
 * failed store hands its value back intact, nothing is leaked (the runner's
 * kmemleak scan after the suites) and every structure still works after.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

using namespace kxx;

namespace {

struct Item {
	static inline long live;
	explicit Item(long v) : value(v) { __atomic_fetch_add(&live, 1, __ATOMIC_RELAXED); }
	Item(const Item &o) : value(o.value) { __atomic_fetch_add(&live, 1, __ATOMIC_RELAXED); }
	~Item() { __atomic_fetch_add(&live, -1, __ATOMIC_RELAXED); }
	long value;
};

long injected; // allocation failures this suite saw (reported at the end)

template <class R> bool is_enomem(const R &r)
{
	if (!r.is_err())
		return false;
	injected++;
	return true;
}

#define KXX_REQUIRE_INJECTION(test)                                                                \
	do {                                                                                       \
		if (!kxx::kunit::FailAllocations::available())                                     \
			KXX_SKIP(test, "fault injection not configured (failslab task-filter)");   \
	} while (0)

} // namespace

KXX_TEST(kxx_fault, box_and_arc_make)
{
	KXX_REQUIRE_INJECTION(test);
	Item::live = 0;
	{
		kxx::kunit::FailAllocations fail;
		auto b = Box<Item>::make(GFP_KERNEL, 1);
		auto a = Arc<Item>::make(GFP_KERNEL, 2);
		auto r = RcuBox<Item>::make(GFP_KERNEL, 3);
		KXX_EXPECT_TRUE(test, is_enomem(b) && b.error() == code::ENOMEM);
		KXX_EXPECT_TRUE(test, is_enomem(a) && a.error() == code::ENOMEM);
		KXX_EXPECT_TRUE(test, is_enomem(r) && r.error() == code::ENOMEM);
	}
	KXX_EXPECT_EQ(test, Item::live, 0l); // nothing was constructed

	auto ok = Box<Item>::make(GFP_KERNEL, 4); // injection off: works again
	KXX_EXPECT_TRUE(test, ok.is_ok());
}

KXX_TEST(kxx_fault, xarray_store_insert_alloc_reserve)
{
	KXX_REQUIRE_INJECTION(test);
	Item::live = 0;
	{
		XArray<Box<Item>> xa(XaFlags::Alloc);
		// Values made before the failure window; indices far apart so
		// every store needs new nodes.
		Box<Item> v1 = Box<Item>::make(GFP_KERNEL, 11).value();
		Box<Item> v2 = Box<Item>::make(GFP_KERNEL, 12).value();
		Box<Item> v3 = Box<Item>::make(GFP_KERNEL, 13).value();
		Item *p1 = v1.get();
		{
			kxx::kunit::FailAllocations fail;
			auto s = xa.store(1ul << 40, move(v1), GFP_KERNEL);
			KXX_ASSERT_TRUE(test, is_enomem(s));
			StoreError<Box<Item>> e = move(s).error();
			KXX_EXPECT_TRUE(test, e.error == code::ENOMEM);
			KXX_EXPECT_EQ(test, e.value.get(), p1); // the same object, back
			KXX_EXPECT_EQ(test, e.value->value, 11l);
			v1 = move(e.value);

			auto i = xa.insert(1ul << 50, move(v2), GFP_KERNEL);
			KXX_ASSERT_TRUE(test, is_enomem(i));
			v2 = move(move(i).error().value);
			KXX_EXPECT_EQ(test, v2->value, 12l);

			auto a = xa.alloc(move(v3), GFP_KERNEL, XaLimit{ 1u << 20, 1u << 21 });
			KXX_ASSERT_TRUE(test, is_enomem(a));
			v3 = move(move(a).error().value);
			KXX_EXPECT_EQ(test, v3->value, 13l);

			auto r = xa.reserve(GFP_KERNEL, XaLimit{ 1u << 22, 1u << 23 });
			KXX_EXPECT_TRUE(test, is_enomem(r) && r.error() == code::ENOMEM);
		}
		KXX_EXPECT_TRUE(test, xa.empty());
		KXX_EXPECT_EQ(test, Item::live, 3l); // all three still owned here

		// The array works after the failures.
		KXX_EXPECT_TRUE(test, xa.store(1ul << 40, move(v1), GFP_KERNEL).is_ok());
		KXX_EXPECT_TRUE(test, xa.insert(1ul << 50, move(v2), GFP_KERNEL).is_ok());
		auto id = xa.alloc(move(v3), GFP_KERNEL, XaLimit{ 1u << 20, 1u << 21 });
		KXX_ASSERT_TRUE(test, id.is_ok());
		KXX_EXPECT_EQ(test, *id, 1u << 20);
		auto g = xa.lock();
		KXX_EXPECT_EQ(test, g.get(1ul << 50)->value, 12l);
	}
	KXX_EXPECT_EQ(test, Item::live, 0l);
}

KXX_TEST(kxx_fault, xarray_reserved_store_cmpxchg_store_order)
{
	KXX_REQUIRE_INJECTION(test);
	Item::live = 0;
	{
		XArray<Box<Item>> xa;
		auto r = xa.reserve_at(1ul << 45, GFP_KERNEL); // its nodes exist now
		KXX_ASSERT_TRUE(test, r.is_ok());
		Box<Item> a = Box<Item>::make(GFP_KERNEL, 21).value();
		Box<Item> b = Box<Item>::make(GFP_KERNEL, 22).value();
		Box<Item> c = Box<Item>::make(GFP_KERNEL, 23).value();
		{
			kxx::kunit::FailAllocations fail;
			// A reserved index is filled without allocating.
			KXX_EXPECT_TRUE(test, move(*r).fill(move(a)).is_ok());

			auto g = xa.lock();
			auto x = g.compare_exchange(1ul << 50, None, move(b), GFP_ATOMIC | GFP_NOWARN);
			KXX_ASSERT_TRUE(test, is_enomem(x));
			KXX_EXPECT_TRUE(test, x.error().error == code::ENOMEM);
			KXX_EXPECT_FALSE(test, x.error().mismatch());
			b = move(move(x).error().value);
			KXX_EXPECT_EQ(test, b->value, 22l);

			auto o = g.store_order(1ul << 52, 3, move(c), GFP_ATOMIC | GFP_NOWARN);
			KXX_ASSERT_TRUE(test, is_enomem(o));
			c = move(move(o).error().value);
			KXX_EXPECT_EQ(test, c->value, 23l);
		}
		KXX_EXPECT_EQ(test, Item::live, 3l);
		auto g = xa.lock();
		KXX_EXPECT_EQ(test, g.get(1ul << 45)->value, 21l);
		KXX_EXPECT_NULL(test, g.get(1ul << 50));
		KXX_EXPECT_NULL(test, g.get(1ul << 52));
	}
	KXX_EXPECT_EQ(test, Item::live, 0l);
}

/*
 * The cursor's allocate-outside-the-lock loop (xas_nomem()): a store that
 * cannot allocate under the lock leaves the value with the caller, nomem()
 * allocates without the lock and the retry stores; a node allocated for a
 * retry that stores nothing is freed with the cursor (kmemleak would
 * report it).
 */
KXX_TEST(kxx_fault, xarray_cursor_nomem_retries)
{
	KXX_REQUIRE_INJECTION(test);
	Item::live = 0;
	{
		XArray<Box<Item>> xa;
		Box<Item> a = Box<Item>::make(GFP_KERNEL, 31).value();
		Box<Item> b = Box<Item>::make(GFP_KERNEL, 32).value();
		XaCursor cur(xa, 1ul << 40); // an empty array: the store needs nodes
		{
			kxx::kunit::FailAllocations fail;
			auto r = cur.store(move(a));
			KXX_ASSERT_TRUE(test, is_enomem(r));
			KXX_EXPECT_TRUE(test, r.error() == code::ENOMEM);
			// nomem() cannot allocate either: no retry.
			KXX_EXPECT_FALSE(test, cur.nomem(GFP_KERNEL | GFP_NOWARN));
		}
		KXX_ASSERT_TRUE(test, a.get() != nullptr); // still ours
		KXX_EXPECT_EQ(test, a->value, 31l);
		KXX_EXPECT_EQ(test, cur.index(), 1ul << 40);
		KXX_EXPECT_NULL(test, cur.load()); // the cursor works after an error

		int runs = 0;
		auto r = cur.update(GFP_KERNEL, [&] {
			if (runs++ == 0) {
				kxx::kunit::FailAllocations fail;
				return cur.store(move(a));
			}
			return cur.store(move(a));
		});
		KXX_ASSERT_TRUE(test, r.is_ok());
		KXX_EXPECT_EQ(test, runs, 2);
		injected++;
		KXX_EXPECT_EQ(test, cur.load()->value, 31l);

		cur.set(1ul << 55);
		{
			kxx::kunit::FailAllocations fail;
			auto r2 = cur.store(move(b));
			KXX_EXPECT_TRUE(test, is_enomem(r2));
		}
		KXX_EXPECT_TRUE(test, cur.nomem(GFP_KERNEL)); // a node, not used:
		KXX_EXPECT_EQ(test, b->value, 32l);          // b stays with us

		// nomem() cannot allocate either: f() runs once more under the
		// lock, so what it returns was computed without a gap.
		cur.set(1ul << 58);
		runs = 0;
		{
			kxx::kunit::FailAllocations fail;
			auto r3 = cur.update(GFP_KERNEL | GFP_NOWARN, [&] {
				runs++;
				return cur.store(move(b));
			});
			KXX_EXPECT_TRUE(test, is_enomem(r3));
		}
		KXX_EXPECT_EQ(test, runs, 2);
		KXX_EXPECT_EQ(test, b->value, 32l);
	}
	KXX_EXPECT_EQ(test, Item::live, 0l);
}

/*
 * A cursor on a BH array lets its lock go for nomem() with BHs still off,
 * so the node comes without direct reclaim; a Vacant's insert() fails
 * as a store does; nomem() inside update() is a misuse report (update()
 * retries by itself).
 */
KXX_TEST(kxx_fault, cursor_nomem_on_bh_arrays_and_inside_update)
{
	KXX_REQUIRE_INJECTION(test);
	Item::live = 0;
	{
		XArray<Box<Item>> xa(XaFlags::LockBh);
		Box<Item> a = Box<Item>::make(GFP_KERNEL, 41).value();
		Box<Item> b = Box<Item>::make(GFP_KERNEL, 42).value();
		Box<Item> c = Box<Item>::make(GFP_KERNEL, 43).value();
		XaCursor cur(xa, 1ul << 40);
		{
			kxx::kunit::FailAllocations fail;
			auto r = cur.store(move(a));
			KXX_ASSERT_TRUE(test, is_enomem(r));
		}
		KXX_EXPECT_TRUE(test, kxx_kunit_bh_disabled());
		KXX_EXPECT_TRUE(test, cur.nomem(GFP_KERNEL));
		KXX_EXPECT_TRUE(test, kxx_kunit_bh_disabled()); // off throughout
		KXX_EXPECT_TRUE(test, cur.store(move(a)).is_ok());

		auto slot = cur.entry(1ul << 50).vacant();
		KXX_ASSERT_TRUE(test, slot.has_value());
		{
			kxx::kunit::FailAllocations fail;
			auto got = move(*slot).insert(move(b));
			KXX_EXPECT_TRUE(test, is_enomem(got) && got.error() == code::ENOMEM);
		}
		KXX_ASSERT_TRUE(test, b.get() != nullptr); // not moved from
		KXX_EXPECT_EQ(test, b->value, 42l);

		kxx::kunit::ExpectMisuse misuse;
		int runs = 0;
		bool failed = false;
		cur.set(1ul << 55);
		bool retried = cur.update(GFP_KERNEL, [&] {
			if (runs++ == 0) {
				kxx::kunit::FailAllocations fail;
				failed = cur.store(move(c)).is_err();
				return cur.nomem(GFP_KERNEL); // misuse: nothing done
			}
			return false;
		});
		KXX_EXPECT_TRUE(test, failed);
		injected += failed;
		KXX_EXPECT_FALSE(test, retried);
		KXX_EXPECT_EQ(test, runs, 2); // update() itself ran f() again
		KXX_EXPECT_EQ(test, misuse.count(), 1ul);
		KXX_EXPECT_EQ(test, c->value, 43l);
	}
	KXX_EXPECT_EQ(test, Item::live, 0l);
}

KXX_TEST(kxx_fault, percpu_allocations)
{
	KXX_REQUIRE_INJECTION(test);
	Item::live = 0;
	{
		kxx::kunit::FailAllocations fail;
		auto z = DynamicPerCpu<u64>::new_zero(GFP_KERNEL | GFP_NOWARN);
		auto w = DynamicPerCpu<Item>::new_with(GFP_KERNEL | GFP_NOWARN, Item(5));
		auto f = DynamicPerCpu<Item>::new_from(GFP_KERNEL | GFP_NOWARN,
						       [](unsigned int cpu) { return Item(cpu); });
		// The per-CPU allocator has no fault-injection hook (and may
		// serve these from a populated chunk); the handle's shared area
		// is a slab allocation, and that fails: after every CPU's T was
		// built, so this also checks they are all destroyed again.
		KXX_EXPECT_TRUE(test, z.is_none());
		KXX_EXPECT_TRUE(test, w.is_none());
		KXX_EXPECT_TRUE(test, f.is_none());
		injected += z.is_none() + w.is_none() + f.is_none(); // only what did fail
	}
	KXX_EXPECT_EQ(test, Item::live, 0l); // no CPU's T left behind

	auto ok = DynamicPerCpu<Item>::new_with(GFP_KERNEL, Item(6));
	KXX_ASSERT_TRUE(test, ok.is_some());
	KXX_EXPECT_EQ(test, ok->remote_ptr_unsynchronized(0)->value, 6l);
}

KXX_TEST(kxx_fault, rcu_replace_after_failure)
{
	KXX_REQUIRE_INJECTION(test);
	Rcu<RcuBox<Item>> x(RcuBox<Item>::make(GFP_KERNEL, 1).value());
	{
		kxx::kunit::FailAllocations fail;
		auto next = RcuBox<Item>::make(GFP_ATOMIC, 2);
		KXX_EXPECT_TRUE(test, is_enomem(next));
	}
	{
		auto g = rcu::read_lock();
		KXX_EXPECT_EQ(test, x.dereference(g)->value, 1l); // unchanged
	}
	auto old = x.replace(RcuBox<Item>::make(GFP_KERNEL, 3).value());
	KXX_ASSERT_TRUE(test, old.is_some());
	move(*old).defer();
	rcu::barrier();
}

/*
 * The remaining allocating calls, each failing with ENOMEM and giving back
 * what it was handed: alloc_cyclic() (the value), reserve_at() (nothing
 * reserved), RcuArc::make() and Page::alloc() (nothing built), and
 * RcuOld::defer(gfp) (the RcuOld itself, still holding the old value,
 * which is then dropped the blocking way).
 */
KXX_TEST(kxx_fault, cyclic_reserve_at_rcuarc_page_and_defer)
{
	KXX_REQUIRE_INJECTION(test);
	rcu::barrier(); // earlier cases' deferred frees, before counting
	Item::live = 0;
	{
		XArray<Box<Item>> xa(XaFlags::Alloc);
		Box<Item> v = Box<Item>::make(GFP_KERNEL, 21).value();
		Rcu<Box<Item>> cfg(Box<Item>::make(GFP_KERNEL, 22).value());
		Option<RcuOld<Box<Item>>> old = cfg.replace(Box<Item>::make(GFP_KERNEL, 23).value());
		KXX_ASSERT_TRUE(test, old.is_some());
		u32 next = 1u << 24;
		{
			kxx::kunit::FailAllocations fail;
			{
				auto g = xa.lock();
				auto c = g.alloc_cyclic(move(v), next, GFP_ATOMIC,
							XaLimit{ 1u << 24, 1u << 25 });
				KXX_ASSERT_TRUE(test, is_enomem(c));
				v = move(move(c).error().value);
			}
			auto r = xa.reserve_at(1ul << 44, GFP_KERNEL);
			KXX_EXPECT_TRUE(test, is_enomem(r) && r.error() == code::ENOMEM);
			auto a = RcuArc<Item>::make(GFP_KERNEL, 24);
			KXX_EXPECT_TRUE(test, is_enomem(a) && a.error() == code::ENOMEM);
			auto pg = Page::alloc(GFP_KERNEL);
			KXX_EXPECT_TRUE(test, is_enomem(pg) && pg.error() == code::ENOMEM);
			auto deferred = move(*old).defer(GFP_ATOMIC);
			KXX_ASSERT_TRUE(test, is_enomem(deferred));
			old = move(deferred).error(); // the RcuOld comes back, still full
		}
		KXX_EXPECT_EQ(test, v->value, 21l);
		KXX_EXPECT_TRUE(test, xa.empty());
		KXX_ASSERT_TRUE(test, old.is_some());
		KXX_EXPECT_EQ(test, old->get()->value, 22l);
		KXX_EXPECT_EQ(test, Item::live, 3l); // 21 here, 22 in the RcuOld, 23 in cfg
		old.reset(); // waits for the grace period, frees 22
		KXX_EXPECT_EQ(test, Item::live, 2l);
		auto id = xa.alloc(move(v), GFP_KERNEL, XaLimit{ 1u << 24, 1u << 25 });
		KXX_EXPECT_TRUE(test, id.is_ok() && *id == 1u << 24); // works again
	}
	rcu::barrier();
	KXX_EXPECT_EQ(test, Item::live, 0l);
}

/*
 * An SRCU domain and an SrcuBox: ENOMEM, nothing built (the domain's
 * srcu_struct is one allocation; the box's value is not constructed).
 */
KXX_TEST(kxx_fault, srcu_domain_and_box_make)
{
	KXX_REQUIRE_INJECTION(test);
	Item::live = 0;
	SrcuDomain domain = SrcuDomain::make().value();
	{
		kxx::kunit::FailAllocations fail;
		auto d = SrcuDomain::make();
		auto b = SrcuBox<Item>::make(domain, GFP_KERNEL, 1);
		KXX_EXPECT_TRUE(test, is_enomem(d) && d.error() == code::ENOMEM);
		KXX_EXPECT_TRUE(test, is_enomem(b) && b.error() == code::ENOMEM);
	}
	KXX_EXPECT_EQ(test, Item::live, 0l);
	auto ok = SrcuBox<Item>::make(domain, GFP_KERNEL, 2); // injection off: works again
	KXX_ASSERT_TRUE(test, ok.is_ok());
	KXX_EXPECT_EQ(test, ok.value()->value, 2l);
}

/* Last case of the suite: the count the runner's summary reports. */
KXX_TEST(kxx_fault, report)
{
	KXX_EXPECT_GT(test, injected, 0l);
	KXX_INFO(test, "kxx-reliability: allocation failures injected: %ld", injected);
}
