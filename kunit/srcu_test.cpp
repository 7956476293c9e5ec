// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/srcu_test.cpp - SRCU: SrcuDomain, StaticSrcuDomain, SrcuReadGuard
 * and SrcuBox.
 *
 * Proves:    kxx/rcu/srcu.h, kxx/rcu/static_srcu.h and kxx/rcu/srcu_box.h.
 * Suites:    kxx_srcu.
 *
 * Readers that sleep inside their sections while writers replace and wait;
 * frees that wait for the domain's readers, exactly once; the misuses that
 * would deadlock or free under a reader, reported instead (counted with
 * ExpectMisuse).  KASAN, lockdep, PROVE_RCU and DEBUG_ATOMIC_SLEEP watch.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

namespace {

struct SrcuRace {
	explicit SrcuRace(SrcuDomain d) : domain(move(d)) {}
	SrcuDomain domain;
	const Sealed *current = nullptr; // published with release, read with acquire
	bool writer_done = false;
	long torn = 0;
	long slept = 0;
};

/* A reader on every CPU: looks, sleeps inside the section, looks again. */
long srcu_sleeping_reader(void *arg, unsigned int)
{
	SrcuRace &race = *static_cast<SrcuRace *>(arg);
	long reads = 0;

	while (!__atomic_load_n(&race.writer_done, __ATOMIC_ACQUIRE)) {
		auto g = race.domain.read_lock();
		const Sealed *s = __atomic_load_n(&race.current, __ATOMIC_ACQUIRE);
		if (s && !s->valid())
			__atomic_fetch_add(&race.torn, 1, __ATOMIC_RELAXED);
		kxx_kunit_msleep(1); // readers may sleep: the writer waits for us
		__atomic_fetch_add(&race.slept, 1, __ATOMIC_RELAXED);
		if (s && !s->valid()) // still ours after the sleep
			__atomic_fetch_add(&race.torn, 1, __ATOMIC_RELAXED);
		reads++;
	}
	return reads;
}

} // namespace

KXX_TEST(kxx_srcu, readers_sleep_while_writers_wait)
{
	static constexpr u64 rounds = 60;
	__atomic_store_n(&Sealed::destroyed, 0, __ATOMIC_SEQ_CST);
	auto race = Box<SrcuRace>::make(GFP_KERNEL, SrcuDomain::make().value()).value();
	{
		// Odd rounds: a Box freed after synchronize(); even: an SrcuBox
		// whose drop queues call_srcu() and returns.
		Box<Sealed> plain = Box<Sealed>::make(GFP_KERNEL, 0ull).value();
		Option<SrcuBox<Sealed>> boxed;
		__atomic_store_n(&race->current, plain.get(), __ATOMIC_RELEASE);

		kxx::kunit::Threads readers(srcu_sleeping_reader, race.get());
		KXX_ASSERT_TRUE(test, readers.started());
		for (u64 seq = 1; seq <= rounds; seq++) {
			if (seq % 2) {
				Box<Sealed> next = Box<Sealed>::make(GFP_KERNEL, seq).value();
				__atomic_store_n(&race->current, next.get(), __ATOMIC_RELEASE);
				boxed.reset(); // the SrcuBox of the round before
				if (seq % 4 == 1)
					race->domain.synchronize();
				else
					race->domain.synchronize_expedited();
				plain = move(next); // frees the old Box: no reader can see it
			} else {
				auto next = SrcuBox<Sealed>::make(race->domain, GFP_KERNEL, seq).value();
				__atomic_store_n(&race->current, next.get(), __ATOMIC_RELEASE);
				boxed = move(next);
			}
		}
		__atomic_store_n(&race->writer_done, true, __ATOMIC_RELEASE);
		long reads = readers.stop();
		__atomic_store_n(&race->current, nullptr, __ATOMIC_RELEASE);
		KXX_EXPECT_GT(test, reads, 0l);
		KXX_INFO(test, "%ld sleeping reads on %u CPUs during %llu replacements", reads,
			 kxx_kunit_online_cpus(), rounds);
	}
	KXX_EXPECT_EQ(test, race->torn, 0l);
	KXX_EXPECT_GT(test, race->slept, 0l);
	race->domain.barrier();
	rcu::barrier(); // Sealed's destructor is not trivial: kxx's worker ran it
	KXX_EXPECT_EQ(test, __atomic_load_n(&Sealed::destroyed, __ATOMIC_SEQ_CST),
		      static_cast<long>(rounds + 1)); // each exactly once
}

KXX_TEST(kxx_srcu, box_freed_after_readers_leave)
{
	Counted::reset();
	SrcuDomain domain = SrcuDomain::make().value();
	{
		auto g = domain.read_lock();
		KXX_EXPECT_TRUE(test, g.of(domain));
		{
			auto b = SrcuBox<Counted>::make(domain, GFP_KERNEL, 5).value();
			KXX_EXPECT_EQ(test, b->value, 5);
			KXX_EXPECT_TRUE(test, b.in(domain));
		} // queued: call_srcu(), no waiting inside our own section
		kxx_kunit_msleep(30);
		// This thread is still a reader: no grace period can have ended.
		KXX_EXPECT_EQ(test, Counted::freed(), 0);
	}
	domain.barrier();
	rcu::barrier(); // Counted's destructor ran in process context
	KXX_EXPECT_EQ(test, Counted::made(), 1);
	KXX_EXPECT_EQ(test, Counted::freed(), 1);
}

KXX_TEST(kxx_srcu, box_drop_does_not_block)
{
	Counted::reset();
	__atomic_store_n(&Sealed::destroyed, 0, __ATOMIC_SEQ_CST);
	SrcuDomain domain = SrcuDomain::make().value();
	{
		auto a = SrcuBox<Counted>::make(domain, GFP_KERNEL, 1).value();
		auto b = SrcuBox<Shared>::make(domain, GFP_KERNEL, Shared{ 2 }).value();
		auto c = SrcuBox<Counted>::make(domain, GFP_KERNEL, 3).value();
		auto rg = rcu::read_lock(); // atomic: DEBUG_ATOMIC_SLEEP would catch a sleep
		IrqGuard irq;
		{
			SrcuBox<Counted> gone = move(a);
		}
		{
			SrcuBox<Shared> gone = move(b); // trivial: freed in the callback itself
		}
		c = SrcuBox<Counted>::make(domain, GFP_ATOMIC, 4).value(); // the old c dropped
		KXX_EXPECT_EQ(test, c->value, 4);
	}
	domain.barrier();
	rcu::barrier();
	KXX_EXPECT_EQ(test, Counted::made(), 3);
	KXX_EXPECT_EQ(test, Counted::freed(), 3);
}

KXX_TEST(kxx_srcu, synchronize_inside_own_section_is_reported)
{
	SrcuDomain a = SrcuDomain::make().value();
	SrcuDomain b = SrcuDomain::make().value();
	kxx::kunit::ExpectMisuse misuse;
	{
		auto g = a.read_lock();
		KXX_EXPECT_TRUE(test, a.read_held());
		KXX_EXPECT_FALSE(test, b.read_held());
		b.synchronize(); // another domain: its readers are not us
		b.barrier();
		KXX_EXPECT_EQ(test, misuse.count(), 0ul);
		a.synchronize(); // each would wait for this very section
		a.synchronize_expedited();
		a.barrier();
		{
			auto nested = a.read_lock();
			a.synchronize();
		}
		KXX_EXPECT_EQ(test, misuse.count(), 4ul);
	}
	KXX_EXPECT_FALSE(test, a.read_held());
	a.synchronize(); // outside: waits, no report
	KXX_EXPECT_EQ(test, misuse.count(), 4ul);
}

KXX_TEST(kxx_srcu, destroy_with_reader_inside_is_reported)
{
	Option<SrcuDomain> domain = SrcuDomain::make().ok();
	KXX_ASSERT_TRUE(test, domain.is_some());
	kxx::kunit::ExpectMisuse misuse;
	{
		auto g = domain->read_lock();
		domain.reset(); // a reader is inside: leaked, reported
		KXX_EXPECT_EQ(test, misuse.count(), 1ul);
		kxx_kunit_msleep(1);
	} // srcu_read_unlock() on the leaked srcu_struct: KASAN would see a free
	KXX_EXPECT_EQ(test, misuse.count(), 1ul);
}

KXX_TEST(kxx_srcu, destroy_with_box_alive_is_reported)
{
	Counted::reset();
	Option<SrcuDomain> domain = SrcuDomain::make().ok();
	KXX_ASSERT_TRUE(test, domain.is_some());
	Option<SrcuBox<Counted>> box = SrcuBox<Counted>::make(*domain, GFP_KERNEL, 9).ok();
	KXX_ASSERT_TRUE(test, box.is_some());
	{
		kxx::kunit::ExpectMisuse misuse;
		domain.reset(); // the box would queue its free on freed memory: leaked
		KXX_EXPECT_EQ(test, misuse.count(), 1ul);
	}
	KXX_EXPECT_EQ(test, (*box)->value, 9);
	box.reset(); // call_srcu() on the leaked domain, which is still valid
	// The module's exit waits for it and frees the quiet domain; here:
	kxx_kunit_msleep(50);
	rcu::barrier();
	KXX_EXPECT_EQ(test, Counted::made(), 1);
}

KXX_TEST(kxx_srcu, moved_domain_is_inert)
{
	SrcuDomain a = SrcuDomain::make().value();
	SrcuDomain b = move(a); // the srcu_struct moves; a is empty
	{
		auto g1 = b.read_lock();
		auto g2 = b.read_lock(); // sections nest
		KXX_EXPECT_TRUE(test, g1.of(b));
		KXX_EXPECT_TRUE(test, g2.of(b));
	}
	b.synchronize();
	Option<SrcuDomain> c = SrcuDomain::make(KXX_LOCK_CLASS("kxx_srcu test domain")).ok();
	KXX_EXPECT_TRUE(test, c.is_some());
} // a's destructor does nothing; b and c are freed

KXX_TEST(kxx_srcu, lock_class_named_after_the_declaration)
{
	SrcuDomain here = SrcuDomain::make().value();
	unsigned int a = __LINE__ - 1;
	SrcuDomain named = SrcuDomain::make(KXX_LOCK_CLASS("kxx_srcu test")).value();
	unsigned int b = __LINE__ - 1;
	KXX_ASSERT_NOT_NULL(test, here.lock_class_name()); // the test kernel has lockdep
	char want[64];
	kxx_scnprintf(want, sizeof(want), "kxx::SrcuDomain (srcu_test.cpp:%u)", a);
	KXX_EXPECT_STREQ(test, here.lock_class_name(), want);
	kxx_scnprintf(want, sizeof(want), "kxx_srcu test (srcu_test.cpp:%u)", b);
	KXX_EXPECT_STREQ(test, named.lock_class_name(), want);
}

KXX_DECLARE_SRCU(kxx_test_srcu); // KXX_DEFINE_SRCU() in kunit/module.c
extern "C" const char *kxx_test_srcu_class_name(void);

namespace {
constinit StaticSrcuDomain static_domain{ KXX_SRCU(kxx_test_srcu) };
} // namespace

KXX_TEST(kxx_srcu, static_domain_frees_after_its_readers)
{
	Counted::reset();
	{
		auto g = static_domain.read_lock();
		KXX_EXPECT_TRUE(test, g.of(static_domain));
		KXX_EXPECT_TRUE(test, static_domain.read_held());
		{
			auto b = SrcuBox<Counted>::make(static_domain, GFP_KERNEL, 5).value();
			KXX_EXPECT_TRUE(test, b.in(static_domain));
		} // queued: call_srcu() on the static domain
		kxx_kunit_msleep(30);
		KXX_EXPECT_EQ(test, Counted::freed(), 0); // we are still its reader
	}
	KXX_EXPECT_FALSE(test, static_domain.read_held());
	static_domain.barrier();
	rcu::barrier();
	KXX_EXPECT_EQ(test, Counted::made(), 1);
	KXX_EXPECT_EQ(test, Counted::freed(), 1);
	KXX_EXPECT_STREQ(test, static_domain.lock_class_name(), kxx_test_srcu_class_name());
}

KXX_TEST(kxx_srcu, static_domain_carries_an_srcu_pointer)
{
	Counted::reset();
	{
		Srcu<SrcuBox<Counted>> s(static_domain,
					 SrcuBox<Counted>::make(static_domain, GFP_KERNEL, 1).value());
		{
			auto g = static_domain.read_lock();
			const Counted *c = s.dereference(g);
			KXX_ASSERT_NOT_NULL(test, c);
			KXX_EXPECT_EQ(test, c->value, 1l);
			kxx_kunit_msleep(1); // a sleeping reader keeps its borrow
			KXX_EXPECT_EQ(test, c->value, 1l);
		}
		{
			auto old = s.replace(SrcuBox<Counted>::make(static_domain, GFP_KERNEL, 2).value());
			KXX_EXPECT_TRUE(test, old.is_some());
		} // an SrcuBox of this domain: its drop waits for nothing
		static_domain.synchronize_expedited();
	}
	static_domain.barrier();
	rcu::barrier();
	KXX_EXPECT_EQ(test, Counted::made(), 2);
	KXX_EXPECT_EQ(test, Counted::freed(), 2); // each exactly once
}

KXX_TEST(kxx_srcu, static_domain_waited_on_inside_itself_is_reported)
{
	kxx::kunit::ExpectMisuse misuse;
	{
		auto g = static_domain.read_lock();
		static_domain.synchronize(); // would wait for this very section
		static_domain.barrier();
		KXX_EXPECT_EQ(test, misuse.count(), 2ul);
	}
	static_domain.synchronize(); // outside: waits, no report
	KXX_EXPECT_EQ(test, misuse.count(), 2ul);
}
