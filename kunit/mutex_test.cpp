// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/mutex_test.cpp - Mutex<T>: ownership, try_lock, sleeping under it, classes.
 *
 * Proves:    kxx/sync/mutex.h.
 * Suites:    kxx_mutex.
 *
 * The T a Mutex owns is built once and dropped once; try_lock() fails while
 * another thread holds it; a Mutex Guard may sleep (DEBUG_ATOMIC_SLEEP stays
 * silent) and nests by subclass under lockdep.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

KXX_TEST(kxx_mutex, owns_and_drops_its_value)
{
	Tracked::reset();
	{
		Mutex<Tracked> m(Tracked(5));
		KXX_EXPECT_EQ(test, Tracked::live(), 1);
		{
			auto g = m.lock();
			g->value++;
			KXX_EXPECT_EQ(test, g.get().value, 6);
		}
		KXX_EXPECT_EQ(test, Tracked::live(), 1);
	}
	KXX_EXPECT_EQ(test, Tracked::live(), 0);

	Item::reset();
	{
		Mutex<Box<Item>> m(in_place_fn, [] { return item(3); });
		KXX_EXPECT_EQ(test, m.with([](Box<Item> &b) { return b->value; }), 3ul);
		KXX_EXPECT_EQ(test, Item::live(), 1l);
	}
	KXX_EXPECT_EQ(test, Item::live(), 0l);
}

namespace {
struct Contender {
	Mutex<int> *m;
	Atomic<long> refused{ 0 };
	Atomic<long> got{ 0 };
};
} // namespace

/*
 * Held here, the mutex is refused to a thread on every CPU (mutex_trylock
 * from another task); let go, each of them gets it.
 */
KXX_TEST(kxx_mutex, try_lock_fails_while_held)
{
	Mutex<int> m(0);
	Contender c;
	c.m = &m;
	{
		auto g = m.lock();
		// (through a lambda: the Clang pass refuses it written under g)
		KXX_EXPECT_TRUE(test, [&m] { return m.try_lock().is_none(); }()); // this task too
		kxx::kunit::Threads threads(
		    [](void *arg, unsigned int) -> long {
			    auto *c = static_cast<Contender *>(arg);
			    if (c->m->try_lock().is_none())
				    c->refused.fetch_add(1);
			    while (!kxx_kunit_thread_should_stop())
				    kxx_kunit_msleep(1);
			    return 0;
		    },
		    &c);
		KXX_ASSERT_TRUE(test, threads.started());
		while (c.refused.load() < static_cast<long>(kxx_kunit_online_cpus()))
			kxx_kunit_msleep(1);
		*g = 1;
	}
	kxx::kunit::Threads threads(
	    [](void *arg, unsigned int) -> long {
		    auto *c = static_cast<Contender *>(arg);
		    c->m->with([](int &n) { n++; }); // may wait: a Mutex may
		    c->got.fetch_add(1);
		    while (!kxx_kunit_thread_should_stop())
			    kxx_kunit_msleep(1);
		    return 0;
	    },
	    &c);
	KXX_ASSERT_TRUE(test, threads.started());
	while (c.got.load() < static_cast<long>(kxx_kunit_online_cpus()))
		kxx_kunit_msleep(1);
	threads.stop();
	KXX_EXPECT_EQ(test, c.refused.load(), static_cast<long>(kxx_kunit_online_cpus()));
	KXX_EXPECT_EQ(test, m.with([](int &n) { return n; }),
		      1 + static_cast<int>(kxx_kunit_online_cpus()));
	Option<Mutex<int>::Guard> g = m.try_lock();
	KXX_EXPECT_TRUE(test, g.is_some());
}

/* Under a Mutex Guard the task may sleep: GFP_KERNEL, msleep, another mutex. */
/*
 * A Mutex inside an Irqsave SpinLock's T reaches on_each_cpu()'s hard
 * interrupts (the outer lock is lent there as it is).  mutex_trylock() must
 * not run in an interrupt (the owner would be whichever task was
 * interrupted): try_lock() there is a misuse report and None, the mutex
 * untouched.  (on_each_cpu() runs the callable on its own CPU in process
 * context, interrupts off: there try_lock() is allowed and succeeds.)
 */
KXX_TEST(kxx_mutex, try_lock_in_interrupt_is_a_misuse_that_changes_nothing)
{
	SpinLock<Mutex<long>, SpinFlavour::Irqsave> outer(in_place_fn,
							  [] { return Mutex<long>(0); });
	Atomic<long> got{ 0 };
	{
		kxx::kunit::ExpectMisuse misuse;
		on_each_cpu(
		    [](SpinLock<Mutex<long>, SpinFlavour::Irqsave> &outer, Atomic<long> &got) {
			    outer.with([&](Mutex<long> &m) {
				    if (auto g = m.try_lock()) {
					    ++**g;
					    got.fetch_add(1);
				    }
			    });
		    },
		    outer, got);
		KXX_EXPECT_EQ(test, misuse.count(),
			      static_cast<unsigned long>(kxx_kunit_online_cpus()) - 1);
	}
	KXX_EXPECT_EQ(test, got.load(), 1l);
	// In process context, under the spinlock, it does not sleep: allowed.
	long n = outer.with([](Mutex<long> &m) {
		auto g = m.try_lock();
		return g.has_value() ? ++**g : -1l;
	});
	KXX_EXPECT_EQ(test, n, 2l);
}

KXX_TEST(kxx_mutex, sleeps_under_its_guard)
{
	Item::reset();
	Mutex<Option<Box<Item>>> slot(None);
	Mutex<int> other(0);
	int r = slot.with([&](Option<Box<Item>> &s) {
		s = Box<Item>::make(GFP_KERNEL, 9ul).ok(); // may sleep: allowed here
		kxx_kunit_msleep(1);
		auto g = other.lock();
		*g = 1;
		return s.is_some() ? 1 : 0;
	});
	KXX_EXPECT_EQ(test, r, 1);
	KXX_EXPECT_EQ(test, kxx_preempt_count(), 0u);
	{
		auto g = slot.lock();
		KXX_EXPECT_EQ(test, (*g)->get()->value, 9ul);
	}
	KXX_EXPECT_EQ(test, Item::live(), 1l);
}

static void check_nested(kxx::kunit::Test &test, Mutex<int> &first, Mutex<int> &second)
{
	KXX_ASSERT_TRUE(test, first.lock_class_name() == second.lock_class_name());
	{
		auto outer = first.lock();
		auto inner = second.lock_nested<1>();
		*outer = 1;
		*inner = 2;
		kxx_kunit_msleep(1); // both held, sleeping: a Mutex may
	}
	auto get = [](int &n) { return n; };
	KXX_EXPECT_EQ(test, first.with(get) + second.with(get), 3);
}

KXX_TEST(kxx_mutex, same_class_nested_with_subclass)
{
	Mutex<int> pair[2];
	check_nested(test, pair[0], pair[1]);
}

KXX_TEST(kxx_mutex, classes_named_after_declaration)
{
	const int line = __LINE__ + 1;
	Mutex<int> plain(0);
	Mutex<int> named(KXX_LOCK_CLASS("test config"), 0);
	if (!plain.lock_class_name())
		KXX_SKIP(test, "no lockdep in this kernel");
	char want[128];
	kxx_scnprintf(want, sizeof(want), "kxx::Mutex<int> (mutex_test.cpp:%d)", line);
	KXX_EXPECT_STREQ(test, plain.lock_class_name(), want);
	kxx_scnprintf(want, sizeof(want), "test config (mutex_test.cpp:%d)", line + 1);
	KXX_EXPECT_STREQ(test, named.lock_class_name(), want);
}
