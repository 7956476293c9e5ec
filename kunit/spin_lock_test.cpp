// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/spin_lock_test.cpp - SpinLock<T, Flavour>: ownership, flavours, contexts, classes.
 *
 * Proves:    kxx/sync/spin_lock.h.
 * Suites:    kxx_spin_lock.
 *
 * The T a SpinLock owns is built once and dropped once; each flavour masks
 * what it says, in process context, hard interrupts (on_each_cpu) and
 * softirqs (a timer), with lockdep watching: a flavour that were not
 * irq- or softirq-safe there would be an inconsistent-lock-state splat,
 * and same-class nesting without lock_nested() a recursive-locking one.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

KXX_TEST(kxx_spin_lock, owns_and_drops_its_value)
{
	Tracked::reset();
	{
		SpinLock<Tracked> s(Tracked(5));
		KXX_EXPECT_EQ(test, Tracked::live(), 1);
		{
			auto g = s.lock();
			g->value++;
			KXX_EXPECT_EQ(test, (*g).value, 6);
		}
		KXX_EXPECT_EQ(test, Tracked::live(), 1);
	}
	KXX_EXPECT_EQ(test, Tracked::live(), 0);

	// Built in place: an unmovable T, owning a Box.
	Item::reset();
	{
		SpinLock<Box<Item>, SpinFlavour::Irqsave> s(in_place_fn, [] { return item(7); });
		KXX_EXPECT_EQ(test, s.with([](Box<Item> &b) { return b->value; }), 7ul);
		KXX_EXPECT_EQ(test, Item::live(), 1l);
	}
	KXX_EXPECT_EQ(test, Item::live(), 0l);
}

KXX_TEST(kxx_spin_lock, flavours_mask_what_they_say)
{
	SpinLock<int> plain(0);
	SpinLock<int, SpinFlavour::Irqsave> irq(0);
	SpinLock<int, SpinFlavour::Bh> bh(0);
	KXX_ASSERT_FALSE(test, kxx_kunit_irqs_disabled());
	{
		auto g = plain.lock();
		KXX_EXPECT_FALSE(test, kxx_kunit_irqs_disabled());
		KXX_EXPECT_FALSE(test, kxx_kunit_bh_disabled());
		KXX_EXPECT_TRUE(test, kxx_preempt_count() != 0); // a spinlock: atomic
	}
	{
		auto g = irq.lock();
		KXX_EXPECT_TRUE(test, kxx_kunit_irqs_disabled());
		{
			auto h = bh.lock(); // inside an irqs-off section: they stay off
			KXX_EXPECT_TRUE(test, kxx_kunit_bh_disabled());
		}
		KXX_EXPECT_TRUE(test, kxx_kunit_irqs_disabled());
	}
	KXX_EXPECT_FALSE(test, kxx_kunit_irqs_disabled());
	{
		auto g = bh.lock();
		KXX_EXPECT_TRUE(test, kxx_kunit_bh_disabled());
		KXX_EXPECT_FALSE(test, kxx_kunit_irqs_disabled());
	}
	KXX_EXPECT_FALSE(test, kxx_kunit_bh_disabled());
	KXX_EXPECT_EQ(test, kxx_preempt_count(), 0u);
}

template <class L> void check_try_lock(kxx::kunit::Test &test, L &lock)
{
	// As another context would try it (the Clang pass rightly refuses a
	// try_lock() written in the scope of a Guard of the same lock).
	auto busy = [&lock] { return lock.try_lock().is_none(); };
	{
		Option<typename L::Guard> g = lock.try_lock();
		KXX_ASSERT_TRUE(test, g.is_some());
		**g = 1;
		KXX_EXPECT_TRUE(test, busy()); // held: refused
	}
	{
		auto g = lock.lock();
		KXX_EXPECT_TRUE(test, busy());
		KXX_EXPECT_EQ(test, *g, 1);
	}
	KXX_EXPECT_TRUE(test, lock.try_lock().is_some());
	KXX_EXPECT_FALSE(test, kxx_kunit_irqs_disabled());
	KXX_EXPECT_FALSE(test, kxx_kunit_bh_disabled());
}

KXX_TEST(kxx_spin_lock, try_lock_fails_while_held)
{
	SpinLock<int> plain(0);
	SpinLock<int, SpinFlavour::Irqsave> irq(0);
	SpinLock<int, SpinFlavour::Bh> bh(0);
	check_try_lock(test, plain);
	check_try_lock(test, irq);
	check_try_lock(test, bh);
}

KXX_TEST(kxx_spin_lock, with_returns_the_result)
{
	SpinLock<Tracked> s(Tracked(40));
	int r = s.with([](Tracked &t) { return t.value += 2; });
	KXX_EXPECT_EQ(test, r, 42);
	bool ran = false;
	s.with([&](Tracked &t) { ran = t.value == 42 && kxx_preempt_count() != 0; });
	KXX_EXPECT_TRUE(test, ran);
	KXX_EXPECT_EQ(test, kxx_preempt_count(), 0u); // let go
}

/*
 * An Irqsave lock taken on every CPU in hard interrupt context and here in
 * process context: lockdep would report a flavour that is not irq-safe,
 * and an unlock that turned interrupts on inside the handler is counted.
 */
KXX_TEST(kxx_spin_lock, irqsave_lock_used_from_hardirq)
{
	SpinLock<long, SpinFlavour::Irqsave> count(0);
	Atomic<long> irqs_were_on{ 0 }, tries{ 0 };
	for (int i = 0; i < 10; i++)
		count.with([](long &n) { n++; });
	on_each_cpu(
	    [](SpinLock<long, SpinFlavour::Irqsave> &count, Atomic<long> &irqs_were_on,
	       Atomic<long> &tries) {
		    {
			    auto g = count.lock();
			    ++*g;
		    }
		    if (auto g = count.try_lock()) { // another CPU may hold it now
			    ++**g;
			    tries.fetch_add(1);
		    }
		    if (!kxx_kunit_irqs_disabled())
			    irqs_were_on.fetch_add(1);
	    },
	    count, irqs_were_on, tries);
	KXX_EXPECT_EQ(test, irqs_were_on.load(), 0l);
	KXX_EXPECT_EQ(test, count.with([](long &n) { return n; }),
		      10l + static_cast<long>(kxx_kunit_online_cpus()) + tries.load());
}

/*
 * A BH lock inside an Irqsave lock's T is lent, mutable, to a hard
 * interrupt (on_each_cpu() lends the outer lock as it is).  Always taken
 * under the outer lock, with interrupts off, it cannot deadlock, but
 * spin_lock_bh() there is local_bh_disable() in a hard interrupt, which the
 * kernel WARNs about (and its unlock as much): in a hard interrupt it is
 * taken as a plain lock (softirqs cannot run there anyway).
 */
KXX_TEST(kxx_spin_lock, bh_lock_nested_in_irqsave_lock_used_from_hardirq)
{
	using Inner = SpinLock<long, SpinFlavour::Bh>;
	SpinLock<Inner, SpinFlavour::Irqsave> outer(in_place_fn, [] { return Inner(0); });
	outer.with([](Inner &in) { in.with([](long &n) { n++; }); });
	on_each_cpu(
	    [](SpinLock<Inner, SpinFlavour::Irqsave> &outer) {
		    outer.with([](Inner &in) {
			    in.with([](long &n) { n++; });
			    if (auto g = in.try_lock())
				    ++**g;
		    });
	    },
	    outer);
	long n = outer.with([](Inner &in) { return in.with([](long &n) { return n; }); });
	KXX_EXPECT_EQ(test, n, 1l + 2 * static_cast<long>(kxx_kunit_online_cpus()));
}

/* The same for a LockBh XArray inside an Irqsave lock's T. */
KXX_TEST(kxx_spin_lock, bh_xarray_nested_in_irqsave_lock_used_from_hardirq)
{
	using Inner = XArray<Box<u64>, XaFlags::LockBh>;
	SpinLock<Inner, SpinFlavour::Irqsave> outer(in_place_fn, [] { return Inner(); });
	on_each_cpu(
	    [](SpinLock<Inner, SpinFlavour::Irqsave> &outer) {
		    outer.with([](Inner &xa) {
			    {
				    auto g = xa.lock();
				    (void)g;
			    }
			    if (auto g = xa.try_lock())
				    (void)g;
		    });
	    },
	    outer);
	KXX_EXPECT_TRUE(test, outer.with([](Inner &xa) { return xa.empty(); }));
}

namespace {
struct SoftirqUse {
	SpinLock<long, SpinFlavour::Bh> *bh;
	SpinLock<long, SpinFlavour::Irqsave> *irq;
	bool in_softirq;
	bool got_bh_try;
};
} // namespace

/*
 * A Bh lock (and an Irqsave one) taken in softirq context (a timer) and in
 * process context: lockdep reports a lock taken in softirqs and, elsewhere,
 * with softirqs on; the Bh flavour keeps them off.
 */
KXX_TEST(kxx_spin_lock, bh_lock_used_from_softirq)
{
	SpinLock<long, SpinFlavour::Bh> bh(0);
	SpinLock<long, SpinFlavour::Irqsave> irq(0);
	SoftirqUse use{ &bh, &irq, false, false };
	for (int round = 0; round < 3; round++) {
		{
			auto g = bh.lock();
			++*g;
		}
		irq.with([](long &n) { n++; });
		kxx_kunit_in_softirq(
		    [](void *arg) {
			    auto *use = static_cast<SoftirqUse *>(arg);
			    use->in_softirq = kxx_kunit_bh_disabled() && !kxx_kunit_in_task();
			    {
				    auto g = use->bh->lock();
				    ++*g;
			    }
			    use->irq->with([](long &n) { n++; });
			    if (auto g = use->bh->try_lock()) {
				    ++**g;
				    use->got_bh_try = true;
			    }
		    },
		    &use);
		KXX_EXPECT_TRUE(test, use.in_softirq);
		KXX_EXPECT_TRUE(test, use.got_bh_try);
	}
	KXX_EXPECT_EQ(test, bh.with([](long &n) { return n; }), 9l);
	KXX_EXPECT_EQ(test, irq.with([](long &n) { return n; }), 6l);
}

/*
 * Two locks declared at one place share a lockdep class; holding both
 * needs lock_nested<1>() for the inner one, or lockdep reports recursive
 * locking (the console must stay clean).
 */
template <class L> void check_nested(kxx::kunit::Test &test, L &first, L &second)
{
	KXX_ASSERT_TRUE(test, first.lock_class_name() == second.lock_class_name());
	{
		auto outer = first.lock();
		auto inner = second.template lock_nested<1>();
		*outer = 1;
		*inner = 2;
	}
	auto get = [](int &n) { return n; };
	KXX_EXPECT_EQ(test, first.with(get) + second.with(get), 3);
}

KXX_TEST(kxx_spin_lock, same_class_nested_with_subclass)
{
	SpinLock<int> plain[2];
	SpinLock<int, SpinFlavour::Irqsave> irq[2];
	SpinLock<int, SpinFlavour::Bh> bh[2];
	check_nested(test, plain[0], plain[1]);
	check_nested(test, irq[0], irq[1]);
	check_nested(test, bh[0], bh[1]);
	KXX_EXPECT_FALSE(test, kxx_kunit_irqs_disabled());
	KXX_EXPECT_FALSE(test, kxx_kunit_bh_disabled());
}

KXX_TEST(kxx_spin_lock, classes_named_after_declaration)
{
	const int line = __LINE__ + 1;
	SpinLock<int> plain(0);
	SpinLock<Tracked, SpinFlavour::Irqsave> irq(Tracked(1));
	SpinLock<int, SpinFlavour::Bh> bh(0);
	SpinLock<int> named(KXX_LOCK_CLASS("test counter"), 0);
	if (!plain.lock_class_name())
		KXX_SKIP(test, "no lockdep in this kernel");
	char want[128];
	kxx_scnprintf(want, sizeof(want), "kxx::SpinLock<int> (spin_lock_test.cpp:%d)", line);
	KXX_EXPECT_STREQ(test, plain.lock_class_name(), want);
	kxx_scnprintf(want, sizeof(want),
		      "kxx::SpinLock<kxx_test::Tracked> (irq, spin_lock_test.cpp:%d)", line + 1);
	KXX_EXPECT_STREQ(test, irq.lock_class_name(), want);
	kxx_scnprintf(want, sizeof(want), "kxx::SpinLock<int> (bh, spin_lock_test.cpp:%d)",
		      line + 2);
	KXX_EXPECT_STREQ(test, bh.lock_class_name(), want);
	kxx_scnprintf(want, sizeof(want), "test counter (spin_lock_test.cpp:%d)", line + 3);
	KXX_EXPECT_STREQ(test, named.lock_class_name(), want);
}
