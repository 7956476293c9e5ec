// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/srcu_pointer_test.cpp - Srcu<P>: Rcu's writers over an SrcuDomain.
 *
 * Proves:    kxx/rcu/srcu_pointer.h (and rcu/flavour.h's SRCU side).
 * Suites:    kxx_srcu_pointer.
 *
 * Readers sleep holding a borrow while writers replace: they never see a
 * freed value (KASAN, and a self-check), every old value is dropped
 * exactly once; the misuses (a guard of another domain, an old value
 * dropped inside its own domain's section, a domain destroyed under its
 * pointers) are reported and never free under a reader.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

namespace {

struct PtrRace {
	explicit PtrRace(SrcuDomain d)
	    : domain(move(d)), boxed(domain), plain(domain)
	{}
	SrcuDomain domain;
	Srcu<SrcuBox<Sealed>> boxed; // old values free themselves after the readers
	Srcu<Box<Sealed>> plain;	   // old values wait for synchronize_srcu()
	bool writer_done = false;
	long torn = 0;
};

long srcu_pointer_reader(void *arg, unsigned int)
{
	PtrRace &race = *static_cast<PtrRace *>(arg);
	long reads = 0;

	while (!__atomic_load_n(&race.writer_done, __ATOMIC_ACQUIRE)) {
		auto g = race.domain.read_lock();
		const Sealed *a = race.boxed.dereference(g);
		const Sealed *b = race.plain.dereference(g);
		kxx_kunit_msleep(1); // a sleeping reader keeps its borrows
		if ((a && !a->valid()) || (b && !b->valid()))
			__atomic_fetch_add(&race.torn, 1, __ATOMIC_RELAXED);
		reads++;
	}
	return reads;
}

} // namespace

KXX_TEST(kxx_srcu_pointer, replaced_under_sleeping_readers)
{
	static constexpr u64 rounds = 40;
	__atomic_store_n(&Sealed::destroyed, 0, __ATOMIC_SEQ_CST);
	auto race = Box<PtrRace>::make(GFP_KERNEL, SrcuDomain::make().value()).value();
	{
		kxx::kunit::Threads readers(srcu_pointer_reader, race.get());
		KXX_ASSERT_TRUE(test, readers.started());
		for (u64 seq = 1; seq <= rounds; seq++) {
			// SrcuBox: dropping the old value queues call_srcu() and returns
			auto a = race->boxed.replace(
			    SrcuBox<Sealed>::make(race->domain, GFP_KERNEL, seq).value());
			KXX_EXPECT_EQ(test, a.is_some(), seq > 1);
			// Box: the old value's drop waits for synchronize_srcu()
			auto b = race->plain.copy_update([&](const Sealed *old) -> Option<Box<Sealed>> {
				return Box<Sealed>::make(GFP_KERNEL, old ? old->seq + 1 : seq).ok();
			});
			KXX_EXPECT_EQ(test, b.is_some(), seq > 1);
		}
		__atomic_store_n(&race->writer_done, true, __ATOMIC_RELEASE);
		long reads = readers.stop();
		KXX_EXPECT_GT(test, reads, 0l);
		KXX_INFO(test, "%ld sleeping reads on %u CPUs during %llu replacements", reads,
			 kxx_kunit_online_cpus(), rounds);
	}
	KXX_EXPECT_EQ(test, race->torn, 0l);
	{
		Box<PtrRace> gone = move(race); // the pointers, then the domain
	}
	rcu::barrier(); // Sealed's destructors that kxx ran in process context
	// every value made (2 per round) dropped exactly once
	KXX_EXPECT_EQ(test, __atomic_load_n(&Sealed::destroyed, __ATOMIC_SEQ_CST),
		      static_cast<long>(2 * rounds));
}

KXX_TEST(kxx_srcu_pointer, guard_of_another_domain_reads_nothing)
{
	SrcuDomain a = SrcuDomain::make().value();
	SrcuDomain b = SrcuDomain::make().value();
	{
		Srcu<Box<Counted>> s(a, Box<Counted>::make(GFP_KERNEL, 5).value());
		{
			auto g = a.read_lock();
			const Counted *c = s.dereference(g);
			KXX_ASSERT_NOT_NULL(test, c);
			KXX_EXPECT_EQ(test, c->value, 5l);
		}
		kxx::kunit::ExpectMisuse misuse;
		{
			auto g = b.read_lock(); // b's readers do not hold a's values
			KXX_EXPECT_NULL(test, s.dereference(g));
		}
		KXX_EXPECT_EQ(test, misuse.count(), 1ul);
	}
}

KXX_TEST(kxx_srcu_pointer, old_dropped_inside_own_section_is_not_freed_under_reader)
{
	Counted::reset();
	SrcuDomain domain = SrcuDomain::make().value();
	Srcu<Box<Counted>> s(domain, Box<Counted>::make(GFP_KERNEL, 1).value());
	kxx::kunit::ExpectMisuse misuse;
	{
		auto g = domain.read_lock();
		const Counted *seen = s.dereference(g);
		KXX_ASSERT_NOT_NULL(test, seen);
		{
			auto old = s.replace(Box<Counted>::make(GFP_KERNEL, 2).value());
			KXX_EXPECT_TRUE(test, old.is_some());
		} // would synchronize_srcu() inside our own section: reported instead
		KXX_EXPECT_EQ(test, misuse.count(), 1ul);
		kxx_kunit_msleep(20);
		KXX_EXPECT_EQ(test, seen->value, 1l); // still ours (KASAN watches)
		KXX_EXPECT_EQ(test, Counted::freed(), 0);
	}
	domain.barrier(); // the old value was handed to an SrcuBox
	rcu::barrier();
	KXX_EXPECT_EQ(test, Counted::freed(), 1);
	KXX_EXPECT_EQ(test, misuse.count(), 1ul);
}

KXX_TEST(kxx_srcu_pointer, domain_outlives_its_pointers)
{
	Counted::reset();
	Option<SrcuDomain> domain = SrcuDomain::make().ok();
	KXX_ASSERT_TRUE(test, domain.is_some());
	{
		Srcu<Box<Counted>> s(*domain, Box<Counted>::make(GFP_KERNEL, 3).value());
		kxx::kunit::ExpectMisuse misuse;
		domain.reset(); // s still waits on it: leaked with a report, not freed
		KXX_EXPECT_EQ(test, misuse.count(), 1ul);
		auto old = s.replace(Box<Counted>::make(GFP_KERNEL, 4).value());
	} // synchronize_srcu() on the leaked domain: valid memory
	KXX_EXPECT_EQ(test, Counted::freed(), 2);
}

/*
 * An SrcuBox of another domain in an Srcu: its own free would wait for
 * the other domain's readers only, so its drop is reported and waits for
 * this domain's first.  Dropped once.
 */
KXX_TEST(kxx_srcu_pointer, box_of_another_domain_waits_for_this_one)
{
	Counted::reset();
	SrcuDomain a = SrcuDomain::make().value();
	SrcuDomain b = SrcuDomain::make().value();
	{
		Srcu<SrcuBox<Counted>> s(a, SrcuBox<Counted>::make(b, GFP_KERNEL, 1).value());
		kxx::kunit::ExpectMisuse misuse;
		{
			auto old = s.replace(SrcuBox<Counted>::make(a, GFP_KERNEL, 2).value());
			KXX_EXPECT_TRUE(test, old.is_some());
		}
		KXX_EXPECT_EQ(test, misuse.count(), 1ul);
	}
	b.barrier();
	a.barrier();
	rcu::barrier();
	KXX_EXPECT_EQ(test, Counted::freed(), 2);
}

/*
 * An old value dropped inside its own domain's section, with no memory for
 * the SrcuBox that would free it later: leaked, never freed under the
 * reader (reported).  The test takes the leaked value back after.
 */
KXX_TEST(kxx_srcu_pointer, old_dropped_inside_own_section_without_memory_is_leaked)
{
	if (!kxx::kunit::FailAllocations::available())
		KXX_SKIP(test, "fault injection not configured (failslab task-filter)");
	Counted::reset();
	SrcuDomain domain = SrcuDomain::make().value();
	Srcu<Box<Counted>> s(domain, Box<Counted>::make(GFP_KERNEL, 1).value());
	Box<Counted> next = Box<Counted>::make(GFP_KERNEL, 2).value();
	const Counted *seen;
	kxx::kunit::ExpectMisuse misuse;
	{
		auto g = domain.read_lock();
		seen = s.dereference(g);
		KXX_ASSERT_NOT_NULL(test, seen);
		{
			kxx::kunit::FailAllocations fail;
			auto old = s.replace(move(next));
			KXX_EXPECT_TRUE(test, old.is_some());
		} // reported; the SrcuBox for later cannot be made: leaked
		KXX_EXPECT_EQ(test, misuse.count(), 1ul);
		KXX_EXPECT_EQ(test, seen->value, 1l); // still ours (KASAN watches)
	}
	domain.barrier();
	rcu::barrier();
	KXX_EXPECT_EQ(test, Counted::freed(), 0);
	// SAFETY: the leaked old value, owned by nobody now (into_foreign()'s pointer).
	ForeignOwnable<Box<Counted>>::from_foreign(const_cast<Counted *>(seen));
	KXX_EXPECT_EQ(test, Counted::freed(), 1);
}
