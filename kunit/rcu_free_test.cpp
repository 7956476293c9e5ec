// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/rcu_free_test.cpp - what RCU frees, and when: RcuBox, RcuOld and
 * kxx's process-context worker.
 *
 * Proves:    kxx/rcu/free.h (RcuFree), box.h (RcuBox) and old.h (RcuOld),
 *            and a lockless XArray::load() of what they free
 *            (foreign/rcu_freed.h).
 * Suites:    kxx_rcu (its freeing cases; Rcu<P> is rcu_test.cpp's).
 *
 * Nothing freed before a grace period, nothing that blocks where it must
 * not, destructors that own locks run in process context.  PROVE_RCU and
 * DEBUG_ATOMIC_SLEEP watch the whole suite; counters in destructors (read
 * after rcu::barrier()) prove every object is freed exactly once.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

/* --- RcuBox and RcuOld ---------------------------------------------------- */

KXX_TEST(kxx_rcu, rcubox_freed_only_after_grace_period)
{
	Counted::reset();
	{
		auto g = rcu::read_lock();
		{
			RcuBox<Counted> b = RcuBox<Counted>::make(GFP_ATOMIC, 7).value();
			KXX_EXPECT_EQ(test, b->value, 7); // read-only: readers may see it
		} // dropped here: call_rcu(), no blocking inside the read section
		// This CPU is still a reader, so no grace period can have ended.
		KXX_EXPECT_EQ(test, Counted::freed(), 0);
	}
	rcu::barrier();
	KXX_EXPECT_EQ(test, Counted::freed(), 1);
}

KXX_TEST(kxx_rcu, defer_does_not_sleep)
{
	Counted::reset();
	Rcu<RcuBox<Counted>, RcuWriters::SpinIrqsave> x(RcuBox<Counted>::make(GFP_KERNEL, 1).value());
	XArray<Box<int>> spin; // its guard is a spinlock: atomic context
	{
		auto atomic = spin.lock();
		for (long i = 2; i <= 100; i++) {
			auto old = x.replace(RcuBox<Counted>::make(GFP_ATOMIC, i).value());
			KXX_ASSERT_TRUE(test, old.is_some());
			move(*old).defer(); // DEBUG_ATOMIC_SLEEP would catch a sleep
		}
	}
	rcu::barrier();
	KXX_EXPECT_EQ(test, Counted::made(), 100);
	KXX_EXPECT_EQ(test, Counted::freed(), 99);
}

/* An RcuOld moved from holds nothing: defer() on it frees nothing twice. */
KXX_TEST(kxx_rcu, defer_of_moved_from_old_is_empty)
{
	Counted::reset();
	Rcu<RcuBox<Counted>> x(RcuBox<Counted>::make(GFP_KERNEL, 1).value());
	Option<RcuOld<RcuBox<Counted>>> old = x.replace(RcuBox<Counted>::make(GFP_KERNEL, 2).value());
	KXX_ASSERT_TRUE(test, old.is_some());
	RcuOld<RcuBox<Counted>> taken = move(*old);
	KXX_EXPECT_NULL(test, old->get());
	move(*old).defer(); // nothing to free
	KXX_EXPECT_EQ(test, taken.get()->value, 1);
	move(taken).defer();
	rcu::barrier();
	KXX_EXPECT_EQ(test, Counted::freed(), 1);
}

/*
 * The callback finds the allocation from its rcu_head, which follows T:
 * KASAN would report a kfree() of anything but the allocation's start, and
 * kmemleak (make test) an allocation never freed.
 */
KXX_TEST(kxx_rcu, rcubox_callback_frees_from_the_start)
{
	struct Plain {
		u64 a, b, c;
	};
	static_assert(is_trivially_destructible_v<Plain>);
	Rcu<RcuBox<Plain>> x(RcuBox<Plain>::make(GFP_KERNEL, Plain{ 1, 2, 3 }).value());
	for (u64 i = 0; i < 1000; i++) {
		auto old = x.replace(RcuBox<Plain>::make(GFP_KERNEL, Plain{ i, i, i }).value());
		KXX_ASSERT_TRUE(test, old.is_some());
		move(*old).defer();
	}
	rcu::barrier();
	auto g = rcu::read_lock();
	KXX_EXPECT_EQ(test, x.dereference(g)->c, 999ull);
}

/* --- lockless XArray::load ------------------------------------------------------ */

KXX_TEST(kxx_rcu, xarray_load_without_lock)
{
	Counted::reset();
	{
		XArray<RcuBox<Counted>> xa(XaFlags::Alloc1);
		u32 ids[8];
		for (u32 &id : ids) {
			auto r =
			    xa.alloc(RcuBox<Counted>::make(GFP_KERNEL, 40).value(), GFP_KERNEL);
			KXX_ASSERT_TRUE(test, r.is_ok());
			id = *r;
		}
		{
			auto g = rcu::read_lock();
			const Counted *seen = xa.load(g, ids[3]);
			KXX_ASSERT_NOT_NULL(test, seen);
			KXX_EXPECT_EQ(test, seen->value, 40);

			// A writer removes it while we read: RcuBox defers the free.
			xa.remove(ids[3]).reset();
			KXX_EXPECT_NULL(test, xa.load(g, ids[3]));
			KXX_EXPECT_EQ(test, seen->value, 40); // still valid memory
			KXX_EXPECT_EQ(test, Counted::freed(), 0);
			KXX_EXPECT_NULL(test, xa.load(g, 1000));
		}
		rcu::barrier();
		KXX_EXPECT_EQ(test, Counted::freed(), 1);
	}
	rcu::barrier();
	KXX_EXPECT_EQ(test, Counted::freed(), 8);
}

/* --- disposal in every context -------------------------------------------- */

/*
 * Disposal that must not block never does: an RcuOld of an RcuBox dropped
 * inside a read-side section and under a spinlock, an Rcu<RcuBox<T>>
 * destroyed under a spinlock, and an RcuOld<Box<T>> handed to defer(gfp)
 * there.  (Before, every ~RcuOld and ~Rcu called synchronize_rcu(): a
 * self-deadlock inside a read-side section, a sleep under a spinlock.)  The
 * blocking forms say might_sleep() on every call, so DEBUG_ATOMIC_SLEEP
 * reports a misplaced one at once.
 */
KXX_TEST(kxx_rcu, disposal_never_blocks_where_it_must_not)
{
	Counted::reset();
	XArray<Box<int>> spin; // its Guard is a spinlock: atomic context
	auto heap = Box<Rcu<RcuBox<Counted>, RcuWriters::SpinIrqsave>>::make(GFP_KERNEL);
	KXX_ASSERT_TRUE(test, heap.is_ok());
	Rcu<Box<Counted>, RcuWriters::SpinIrqsave> boxes(Box<Counted>::make(GFP_KERNEL, 0).value());
	auto &deferred = **heap;
	KXX_ASSERT_TRUE(test,
			deferred.replace(RcuBox<Counted>::make(GFP_KERNEL, 1).value()).is_none());
	{
		auto g = rcu::read_lock();
		auto old = deferred.replace(RcuBox<Counted>::make(GFP_ATOMIC, 2).value());
		KXX_EXPECT_TRUE(test, old.is_some());
		old.reset(); // inside the read section: deferred, no wait

		auto boxed = boxes.replace(Box<Counted>::make(GFP_ATOMIC, 3).value());
		KXX_ASSERT_TRUE(test, boxed.is_some());
		KXX_EXPECT_TRUE(test, move(*boxed).defer(GFP_ATOMIC).is_ok());
	}
	{
		auto atomic = spin.lock();
		auto old = deferred.replace(RcuBox<Counted>::make(GFP_ATOMIC, 4).value());
		old.reset();
		auto boxed = boxes.replace(Box<Counted>::make(GFP_ATOMIC, 5).value());
		KXX_EXPECT_TRUE(test, boxed.is_some() && move(*boxed).defer(GFP_ATOMIC).is_ok());
		heap = code::ECANCELED; // ~Rcu<RcuBox<T>> under the spinlock
	}
	rcu::barrier();
	KXX_EXPECT_EQ(test, Counted::freed(), 5l); // 1, 2, 4 (RcuBox), 0, 3 (defer); boxes holds 5
	KXX_EXPECT_EQ(test, Counted::made(), 6l);
}

namespace {
/* A T whose destructor belongs in process context: it owns locks. */
struct Heavy {
	static inline long in_task, elsewhere;
	Heavy() : inner(Box<int>::make(GFP_KERNEL, 7).value())
	{
		auto stored = table.store(1, Box<int>::make(GFP_KERNEL, 1).value(), GFP_KERNEL);
	}
	~Heavy()
	{
		if (kxx_kunit_in_task())
			__atomic_fetch_add(&in_task, 1, __ATOMIC_RELAXED);
		else
			__atomic_fetch_add(&elsewhere, 1, __ATOMIC_RELAXED);
		kxx_might_sleep(); // and ~Rcu below may really sleep
	}
	XArray<Box<int>> table;
	Rcu<Box<int>> inner;
};
} // namespace

/*
 * RcuBox<T> and RcuArc<T> with a T that owns an XArray and an Rcu: the RCU
 * callback runs in softirq, where ~XArray would take a BH-unsafe lock and
 * ~Rcu<Box> would sleep; a T with a non-trivial destructor is destroyed in
 * process context instead.  rcu::barrier() waits for that too.
 */
namespace {
struct WaitsInDestructor {
	static inline Atomic<long> ran{ 0 };
	~WaitsInDestructor()
	{
		rcu::barrier(); // in kxx's worker: reported, returns
		ran.fetch_add(1);
	}
};
} // namespace

/*
 * A ~T that kxx runs in its process-context worker (after an RcuBox's grace
 * period) and that calls rcu::barrier() would flush the very work item it
 * runs in, and wait forever: it is a report, and returns at once.
 */
KXX_TEST(kxx_rcu, barrier_from_a_deferred_destructor_does_not_wait_for_itself)
{
	WaitsInDestructor::ran.store(0);
	kxx::kunit::ExpectMisuse misuse;
	{
		auto b = RcuBox<WaitsInDestructor>::make(GFP_KERNEL);
		KXX_ASSERT_TRUE(test, b.is_ok());
	}
	rcu::barrier();
	KXX_EXPECT_EQ(test, WaitsInDestructor::ran.load(), 1l);
	KXX_EXPECT_EQ(test, misuse.count(), 1ul);
}

KXX_TEST(kxx_rcu, nontrivial_destructors_run_in_process_context)
{
	Heavy::in_task = Heavy::elsewhere = 0;
	{
		XArray<Box<int>> spin;
		Option<Result<RcuBox<Heavy>>> a;
		Option<Result<RcuArc<Heavy>>> b;
		a = RcuBox<Heavy>::make(GFP_KERNEL);
		b = RcuArc<Heavy>::make(GFP_KERNEL);
		KXX_ASSERT_TRUE(test, a->is_ok() && b->is_ok());
		auto atomic = spin.lock();
		// Dropped here, under a spinlock (atomic context): nothing blocks.
		a = None;
		b = None;
	}
	rcu::barrier();
	KXX_EXPECT_EQ(test, Heavy::in_task, 2l);
	KXX_EXPECT_EQ(test, Heavy::elsewhere, 0l);
}
