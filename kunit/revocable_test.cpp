// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/revocable_test.cpp - Revocable<T>: access under RCU until revoked.
 *
 * Proves:    kxx/sync/revocable.h.
 * Suites:    kxx_revocable.
 *
 * Readers on every CPU never see the T after its drop (it poisons itself
 * and KASAN watches); the drop happens exactly once, after every access
 * has ended; a revoke from inside an access is reported, not a deadlock.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

namespace {

/* Checks itself: a reader that sees a dropped one sees alive == 0. */
struct Resource {
	static inline long dropped;
	explicit Resource(long v) : value(v), alive(1) {}
	~Resource()
	{
		alive = 0;
		__atomic_fetch_add(&dropped, 1, __ATOMIC_RELAXED);
	}
	long value;
	int alive;
};

struct RevokeRace {
	Revocable<Resource> res{ 42 };
	long dead_seen = 0;
	long granted = 0;
	long refused = 0;
};

long revocable_reader(void *arg, unsigned int)
{
	RevokeRace &race = *static_cast<RevokeRace *>(arg);
	long reads = 0;

	while (!kxx_kunit_thread_should_stop()) {
		if (auto g = race.res.try_access()) {
			if (__atomic_load_n(&g->alive, __ATOMIC_RELAXED) != 1 || g->value != 42)
				__atomic_fetch_add(&race.dead_seen, 1, __ATOMIC_RELAXED);
			__atomic_fetch_add(&race.granted, 1, __ATOMIC_RELAXED);
		} else {
			__atomic_fetch_add(&race.refused, 1, __ATOMIC_RELAXED);
		}
		if (++reads % 64 == 0)
			kxx_kunit_cond_resched();
	}
	return reads;
}

} // namespace

KXX_TEST(kxx_revocable, access_until_revoked)
{
	__atomic_store_n(&Resource::dropped, 0, __ATOMIC_SEQ_CST);
	Revocable<Resource> r(7);
	KXX_EXPECT_TRUE(test, r.is_available());
	{
		auto g = r.try_access();
		KXX_ASSERT_TRUE(test, static_cast<bool>(g));
		KXX_EXPECT_EQ(test, g->value, 7l);
		KXX_EXPECT_EQ(test, (*g).value, 7l);
	}
	long seen = 0;
	KXX_EXPECT_TRUE(test, r.try_access_with([&](const Resource &res) { seen = res.value; }));
	KXX_EXPECT_EQ(test, seen, 7l);

	KXX_EXPECT_TRUE(test, r.revoke()); // this call dropped it
	KXX_EXPECT_EQ(test, __atomic_load_n(&Resource::dropped, __ATOMIC_SEQ_CST), 1l);
	KXX_EXPECT_FALSE(test, r.is_available());
	{
		auto g = r.try_access();
		KXX_EXPECT_FALSE(test, static_cast<bool>(g));
		KXX_EXPECT_NULL(test, g.get());
	} // an empty guard holds no read section (lockdep would see it unbalanced)
	KXX_EXPECT_FALSE(test, r.try_access_with([&](const Resource &) { seen = -1; }));
	KXX_EXPECT_EQ(test, seen, 7l);
	KXX_EXPECT_FALSE(test, r.revoke()); // once
	KXX_EXPECT_EQ(test, __atomic_load_n(&Resource::dropped, __ATOMIC_SEQ_CST), 1l);
}

KXX_TEST(kxx_revocable, revoked_under_readers_on_every_cpu)
{
	__atomic_store_n(&Resource::dropped, 0, __ATOMIC_SEQ_CST);
	auto race = Box<RevokeRace>::make(GFP_KERNEL).value();
	{
		kxx::kunit::Threads readers(revocable_reader, race.get());
		KXX_ASSERT_TRUE(test, readers.started());
		while (__atomic_load_n(&race->granted, __ATOMIC_RELAXED) < 1000)
			kxx_kunit_msleep(1);
		KXX_EXPECT_TRUE(test, race->res.revoke());
		// Dropped once, after every access that saw it available ended.
		KXX_EXPECT_EQ(test, __atomic_load_n(&Resource::dropped, __ATOMIC_SEQ_CST), 1l);
		long refused_before = __atomic_load_n(&race->refused, __ATOMIC_RELAXED);
		while (__atomic_load_n(&race->refused, __ATOMIC_RELAXED) < refused_before + 1000)
			kxx_kunit_msleep(1);
		long reads = readers.stop();
		KXX_INFO(test, "%ld reads on %u CPUs, %ld granted, %ld refused", reads,
			 kxx_kunit_online_cpus(), race->granted, race->refused);
	}
	KXX_EXPECT_EQ(test, race->dead_seen, 0l);
	KXX_EXPECT_GT(test, race->refused, 0l);
	{
		Box<RevokeRace> gone = move(race); // the destructor finds it dropped
	}
	KXX_EXPECT_EQ(test, __atomic_load_n(&Resource::dropped, __ATOMIC_SEQ_CST), 1l);
}

/*
 * revoke() through a function of its own: written in an RCU read section's
 * scope, the Clang pass refuses it (clang-fail:revocable_revoke_under_read_guard);
 * this is the run-time report for what Clang cannot see.
 */
template <class T> bool revoke_unseen(Revocable<T> &r)
{
	return r.revoke();
}

KXX_TEST(kxx_revocable, revoke_inside_access_is_reported)
{
	__atomic_store_n(&Resource::dropped, 0, __ATOMIC_SEQ_CST);
	{
		Revocable<Resource> r(3);
		kxx::kunit::ExpectMisuse misuse;
		if (auto g = r.try_access()) {
			// synchronize_rcu() here would wait for this very section
			KXX_EXPECT_FALSE(test, r.revoke());
			KXX_EXPECT_EQ(test, misuse.count(), 1ul);
			KXX_EXPECT_EQ(test, g->alive, 1); // still ours until the guard ends
			KXX_EXPECT_FALSE(test, static_cast<bool>(r.try_access())); // nested: refused
		}
		KXX_EXPECT_EQ(test, __atomic_load_n(&Resource::dropped, __ATOMIC_SEQ_CST), 0l);
		{
			auto rg = rcu::read_lock(); // any RCU read section is one
			KXX_EXPECT_FALSE(test, revoke_unseen(r));
			KXX_EXPECT_EQ(test, misuse.count(), 2ul);
		}
		KXX_EXPECT_FALSE(test, r.try_access_with([](const Resource &) {}));
		KXX_EXPECT_TRUE(test, r.revoke()); // outside: waits, then drops
		KXX_EXPECT_EQ(test, __atomic_load_n(&Resource::dropped, __ATOMIC_SEQ_CST), 1l);
		KXX_EXPECT_EQ(test, misuse.count(), 2ul);
	}
	{
		Revocable<Resource> r(4);
		kxx::kunit::ExpectMisuse misuse;
		r.try_access_with([&](const Resource &) { r.revoke(); });
		KXX_EXPECT_EQ(test, misuse.count(), 1ul);
	} // the destructor drops it: the revoke inside left that to it
	KXX_EXPECT_EQ(test, __atomic_load_n(&Resource::dropped, __ATOMIC_SEQ_CST), 2l);
}

KXX_TEST(kxx_revocable, guard_as_temporary)
{
	Revocable<Resource> r(11);
	KXX_EXPECT_FALSE(test, kxx_rcu_read_held());
	// A temporary guard's section ends with its full expression (borrowing
	// from one does not compile: compile-fail revocable_borrow_from_temporary_guard).
	KXX_EXPECT_TRUE(test, static_cast<bool>(r.try_access()));
	KXX_EXPECT_FALSE(test, kxx_rcu_read_held());
	{
		auto g = r.try_access();
		KXX_EXPECT_TRUE(test, kxx_rcu_read_held()); // a granted access is a read section
	}
	KXX_EXPECT_FALSE(test, kxx_rcu_read_held());
	KXX_EXPECT_TRUE(test, r.revoke());
	KXX_EXPECT_FALSE(test, static_cast<bool>(r.try_access()));
	KXX_EXPECT_FALSE(test, kxx_rcu_read_held()); // a refused one holds none
}

KXX_TEST(kxx_revocable, destructor_drops_once)
{
	__atomic_store_n(&Resource::dropped, 0, __ATOMIC_SEQ_CST);
	{
		Revocable<Resource> kept(1);
		KXX_EXPECT_TRUE(test, static_cast<bool>(kept.try_access()));
	} // never revoked: the destructor revokes and drops
	KXX_EXPECT_EQ(test, __atomic_load_n(&Resource::dropped, __ATOMIC_SEQ_CST), 1l);
	{
		Revocable<Resource> revoked(2);
		KXX_EXPECT_TRUE(test, revoked.revoke());
	}
	KXX_EXPECT_EQ(test, __atomic_load_n(&Resource::dropped, __ATOMIC_SEQ_CST), 2l);
	{
		Revocable<Box<Counted>> boxed(Box<Counted>::make(GFP_KERNEL, 5).value());
		if (auto g = boxed.try_access())
			KXX_EXPECT_EQ(test, (*g)->value, 5l);
	}
}

namespace {

struct RacingRevokes {
	Revocable<Resource> res{ 5 };
	int inside = 0;	  // the holder's access is running
	int release = 0;  // the holder may end its access, a while later
	int revoker_result = -1;
};

/*
 * CPU 0 holds one access until told, and a while after; CPU 1 revokes (and
 * waits for it).
 */
long racing_revokes(void *arg, unsigned int cpu)
{
	RacingRevokes &race = *static_cast<RacingRevokes *>(arg);
	if (cpu == 0) {
		if (auto g = race.res.try_access()) {
			__atomic_store_n(&race.inside, 1, __ATOMIC_SEQ_CST);
			while (!__atomic_load_n(&race.release, __ATOMIC_SEQ_CST))
				__builtin_ia32_pause();
			for (unsigned long i = 0; i < (1ul << 24); i++) // the racing revoke() runs
				__atomic_load_n(&race.release, __ATOMIC_SEQ_CST);
			__atomic_store_n(&race.inside, 0, __ATOMIC_SEQ_CST);
		}
	} else if (cpu == 1) {
		while (!__atomic_load_n(&race.inside, __ATOMIC_SEQ_CST))
			kxx_kunit_msleep(1);
		__atomic_store_n(&race.revoker_result, race.res.revoke(), __ATOMIC_SEQ_CST);
	}
	while (!kxx_kunit_thread_should_stop())
		kxx_kunit_msleep(1);
	return 0;
}

} // namespace

KXX_TEST(kxx_revocable, racing_revoke_returns_after_every_access)
{
	if (kxx_kunit_online_cpus() < 2)
		return;
	__atomic_store_n(&Resource::dropped, 0, __ATOMIC_SEQ_CST);
	auto race = Box<RacingRevokes>::make(GFP_KERNEL).value();
	kxx::kunit::Threads threads(racing_revokes, race.get());
	KXX_ASSERT_TRUE(test, threads.started());
	while (!__atomic_load_n(&race->inside, __ATOMIC_SEQ_CST))
		kxx_kunit_msleep(1);
	while (race->res.is_available()) // CPU 1's revoke() has begun
		kxx_kunit_msleep(1);
	kxx_kunit_msleep(10); // and is waiting for CPU 0's access
	__atomic_store_n(&race->release, 1, __ATOMIC_SEQ_CST);
	bool mine = race->res.revoke();
	int inside_at_return = __atomic_load_n(&race->inside, __ATOMIC_SEQ_CST);
	threads.stop();
	KXX_EXPECT_FALSE(test, mine);
	KXX_EXPECT_EQ(test, __atomic_load_n(&race->revoker_result, __ATOMIC_SEQ_CST), 1);
	// "Ends every access": the losing revoke() too returns only after the
	// access that saw the T available has ended.
	KXX_EXPECT_EQ(test, inside_at_return, 0);
	KXX_EXPECT_EQ(test, __atomic_load_n(&Resource::dropped, __ATOMIC_SEQ_CST), 1l);
}

/*
 * Destroyed inside an RCU read section, a Revocable cannot wait for its
 * accesses: reported, and the T is left alive (leaked), never dropped
 * under a reader.
 */
KXX_TEST(kxx_revocable, destroyed_inside_read_section_is_reported)
{
	__atomic_store_n(&Resource::dropped, 0, __ATOMIC_SEQ_CST);
	kxx::kunit::ExpectMisuse misuse;
	{
		auto reader = rcu::read_lock();
		Revocable<Resource> r(7);
		KXX_EXPECT_TRUE(test, static_cast<bool>(r.try_access()));
	} // r ends first, inside the section
	KXX_EXPECT_EQ(test, misuse.count(), 1ul);
	KXX_EXPECT_EQ(test, __atomic_load_n(&Resource::dropped, __ATOMIC_SEQ_CST), 0l);
	{
		Revocable<Resource> r(8);
		KXX_EXPECT_TRUE(test, r.revoke());
		auto reader = rcu::read_lock();
	} // revoked already: its destructor inside a section has nothing to wait for
	KXX_EXPECT_EQ(test, misuse.count(), 1ul);
	KXX_EXPECT_EQ(test, __atomic_load_n(&Resource::dropped, __ATOMIC_SEQ_CST), 1l);
}
