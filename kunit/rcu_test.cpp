// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/rcu_test.cpp - Rcu<P>: a pointer readers follow without a lock, and
 * its writers.
 *
 * Proves:    kxx/rcu/pointer.h (Rcu, Rcu::Writer, RcuWriters), read.h (the
 *            read guard) and arc.h (RcuArcBorrow), with sync/atomic.h for
 *            state that readers share.
 * Suites:    kxx_rcu (its Rcu<P> cases; what RCU frees, and when, is
 *            rcu_free_test.cpp's).
 *
 * Readers racing writers on every CPU, writers from hard interrupts and
 * writers that sleep.  PROVE_RCU and DEBUG_ATOMIC_SLEEP watch the whole
 * suite; counters in destructors (read after rcu::barrier()) prove every
 * object is freed exactly once.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

namespace {

/* A value whose fields must always agree: a torn or freed read shows. */
struct Snapshot {
	static inline long destroyed;

	explicit Snapshot(u64 seq) : seq(seq)
	{
		for (int i = 0; i < 6; i++)
			payload[i] = seq * 0x9e3779b97f4a7c15ull + i;
		checksum = sum();
	}
	~Snapshot()
	{
		checksum = ~checksum; // a reader of freed memory would notice
		__atomic_fetch_add(&destroyed, 1, __ATOMIC_RELAXED);
	}
	u64 sum() const
	{
		u64 s = seq;
		for (u64 p : payload)
			s = (s << 7 | s >> 57) ^ p;
		return s;
	}
	bool valid() const { return checksum == sum(); }

	u64 seq;
	u64 payload[6];
	u64 checksum;
};

} // namespace

/* --- read guard and Rcu<P> --------------------------------------------------- */

KXX_TEST(kxx_rcu, rust_example_replace_under_reader)
{
	Counted::reset();
	{
		// A writer inside a read-side section: the spinning flavour.
		Rcu<Box<Counted>, RcuWriters::SpinIrqsave> x(Box<Counted>::make(GFP_KERNEL, 100).value());
		Box<Counted> q = Box<Counted>::make(GFP_KERNEL, 101).value();
		Option<RcuOld<Box<Counted>>> old;
		{
			auto g = rcu::read_lock();
			const Counted *v = x.dereference(g);
			KXX_ASSERT_NOT_NULL(test, v);
			KXX_EXPECT_EQ(test, v->value, 100);

			old = x.replace(move(q));	      // writer: may not sleep here,
			KXX_ASSERT_TRUE(test, old.is_some()); // and does not
			KXX_EXPECT_EQ(test, v->value, 100);   // the old reader still sees 100
			KXX_EXPECT_EQ(test, x.dereference(g)->value, 101);
			KXX_EXPECT_EQ(test, Counted::freed(), 0);
		}
		KXX_EXPECT_EQ(test, old->get()->value, 100);
		old.reset(); // outside the read section: waits a grace period, frees
		KXX_EXPECT_EQ(test, Counted::freed(), 1);
	}
	KXX_EXPECT_EQ(test, Counted::freed(), 2); // ~Rcu dropped 101
}

KXX_TEST(kxx_rcu, copy_update_builds_from_old_and_none_empties)
{
	Counted::reset();
	Rcu<Box<Counted>> x;
	{
		auto g = rcu::read_lock();
		KXX_EXPECT_NULL(test, x.dereference(g));
	}

	auto first = x.copy_update([](const Counted *old) -> Option<Box<Counted>> {
		return Box<Counted>::make(GFP_ATOMIC, old ? old->value + 1 : 1).ok();
	});
	KXX_EXPECT_TRUE(test, first.is_none()); // nothing was there

	for (int i = 0; i < 5; i++) {
		// Mutex writers: f may sleep, so it allocates with GFP_KERNEL
		auto old = x.copy_update([](const Counted *cur) -> Option<Box<Counted>> {
			kxx_might_sleep(); // DEBUG_ATOMIC_SLEEP: this is not atomic context
			return Box<Counted>::make(GFP_KERNEL, cur->value * 2).ok();
		});
		KXX_EXPECT_TRUE(test, old.is_some());
	}
	{
		auto g = rcu::read_lock();
		KXX_EXPECT_EQ(test, x.dereference(g)->value, 32);
	}

	auto last = x.copy_update([](const Counted *) -> Option<Box<Counted>> { return None; });
	KXX_ASSERT_TRUE(test, last.is_some());
	KXX_EXPECT_EQ(test, last->get()->value, 32);
	{
		auto g = rcu::read_lock();
		KXX_EXPECT_NULL(test, x.dereference(g));
	}
	last.reset();
	KXX_EXPECT_EQ(test, Counted::made(), 6);
	KXX_EXPECT_EQ(test, Counted::freed(), 6);
}
/* --- concurrency: readers on every CPU, writers replacing ---------------------------- */

namespace {

struct RcuRace {
	Rcu<RcuBox<Snapshot>> current;
	long torn;	  // readers that saw an inconsistent object
	long went_back;	  // readers that saw an older seq after a newer one
	long reads;	  // dereferences done
	u64 newest_seen;  // the newest seq any reader saw
	bool writer_done;
};

long rcu_reader(void *arg, unsigned int)
{
	RcuRace &race = *static_cast<RcuRace *>(arg);
	long reads = 0;
	u64 last = 0;

	for (bool done = false; !done;) {
		// One more read after the writer's last replace: it must see it.
		done = __atomic_load_n(&race.writer_done, __ATOMIC_ACQUIRE);
		{
			auto g = rcu::read_lock();
			const Snapshot *s = race.current.dereference(g);
			if (s && !s->valid())
				__atomic_fetch_add(&race.torn, 1, __ATOMIC_RELAXED);
			if (s && s->seq < last) // publication is ordered
				__atomic_fetch_add(&race.went_back, 1, __ATOMIC_RELAXED);
			if (s)
				last = s->seq;
		}
		if (++reads % 64 == 0)
			kxx_kunit_cond_resched();
	}
	for (u64 seen = __atomic_load_n(&race.newest_seen, __ATOMIC_RELAXED); seen < last;)
		if (__atomic_compare_exchange_n(&race.newest_seen, &seen, last, false,
						__ATOMIC_RELAXED, __ATOMIC_RELAXED))
			break;
	__atomic_fetch_add(&race.reads, reads, __ATOMIC_RELAXED);
	return reads;
}

} // namespace

KXX_TEST(kxx_rcu, readers_on_every_cpu_see_whole_objects)
{
	static constexpr u64 replacements = 4000;
	rcu::barrier();
	__atomic_store_n(&Snapshot::destroyed, 0, __ATOMIC_SEQ_CST);
	{
		auto race = Box<RcuRace>::make(GFP_KERNEL).value();
		KXX_ASSERT_TRUE(
		    test, race->current.replace(RcuBox<Snapshot>::make(GFP_KERNEL, 0ull).value())
			      .is_none());

		kxx::kunit::Threads readers(rcu_reader, race.get());
		KXX_ASSERT_TRUE(test, readers.started());
		for (u64 seq = 1; seq <= replacements; seq++) {
			auto old =
			    race->current.replace(RcuBox<Snapshot>::make(GFP_KERNEL, seq).value());
			KXX_ASSERT_TRUE(test, old.is_some());
			old.reset(); // RcuBox: freed after a grace period, without blocking
			if (seq % 128 == 0)
				kxx_kunit_cond_resched();
		}
		__atomic_store_n(&race->writer_done, true, __ATOMIC_RELEASE);
		long reads = readers.stop();

		KXX_EXPECT_GT(test, reads, 0l);
		KXX_EXPECT_EQ(test, race->torn, 0l);
		KXX_EXPECT_EQ(test, race->went_back, 0l);
		KXX_EXPECT_EQ(test, race->newest_seen, replacements); // every reader's last read
		KXX_INFO(test, "%ld reads on %u CPUs during %llu replacements", reads,
			 kxx_kunit_online_cpus(), replacements);
	}
	rcu::barrier();
	// every replaced object, and the last one with the Rcu, freed once
	KXX_EXPECT_EQ(test, __atomic_load_n(&Snapshot::destroyed, __ATOMIC_SEQ_CST),
		      static_cast<long>(replacements + 1));
}

namespace {

struct WriterRace {
	Rcu<RcuBox<Counted>> counter;
	long rounds;
};

long rcu_incrementer(void *arg, unsigned int)
{
	WriterRace &race = *static_cast<WriterRace *>(arg);

	for (long i = 0; i < race.rounds; i++) {
		auto old = race.counter.copy_update([](const Counted *cur) {
			return RcuBox<Counted>::make(GFP_KERNEL, cur->value + 1).ok(); // mutex writers
		});
		if (old.is_some())
			move(*old).defer();
	}
	return race.rounds;
}

} // namespace

/* Writers on every CPU read-modify-write: none of their updates is lost. */
KXX_TEST(kxx_rcu, concurrent_writers_are_serialised)
{
	Counted::reset();
	long expected = 0;
	{
		auto race = Box<WriterRace>::make(GFP_KERNEL).value();
		race->rounds = 300;
		KXX_ASSERT_TRUE(
		    test,
		    race->counter.replace(RcuBox<Counted>::make(GFP_KERNEL, 0).value()).is_none());
		{
			kxx::kunit::Threads writers(rcu_incrementer, race.get());
			KXX_ASSERT_TRUE(test, writers.started());
			expected = writers.stop();
		}
		KXX_EXPECT_EQ(test, expected, race->rounds * kxx_kunit_online_cpus());
		auto g = rcu::read_lock();
		KXX_EXPECT_EQ(test, race->counter.dereference(g)->value, expected);
	}
	rcu::barrier();
	KXX_EXPECT_EQ(test, Counted::made(), expected + 1);
	KXX_EXPECT_EQ(test, Counted::freed(), expected + 1);
}

/* --- borrows of shared owners, lock names ----------------------------------------- */

/*
 * Rcu<Arc<T>>: RcuOld keeps the old Arc's reference until after the grace
 * period, so a reader's borrow may clone() an owned Arc that outlives the
 * read guard.  Rcu<RcuArc<T>> drops it at once (the memory waits), so its
 * readers get an RcuArcBorrow and may only try_clone().
 */
KXX_TEST(kxx_rcu, readers_clone_owned_arcs)
{
	Counted::reset();
	{
		Rcu<Arc<Counted>> plain(Arc<Counted>::make(GFP_KERNEL, 1).value());
		Arc<Counted> kept = [&] {
			auto g = rcu::read_lock();
			return plain.dereference(g).clone();
		}();
		auto old = plain.replace(Arc<Counted>::make(GFP_KERNEL, 2).value());
		old.reset(); // waits for a grace period, drops the Rcu's reference
		KXX_EXPECT_EQ(test, kept->value, 1l);
		KXX_EXPECT_EQ(test, kept.ref_count(), 1u);
		KXX_EXPECT_EQ(test, Counted::freed(), 0l);
	}
	KXX_EXPECT_EQ(test, Counted::freed(), 2l);

	Counted::reset();
	{
		Rcu<RcuArc<Counted>, RcuWriters::SpinIrqsave> deferred(
		    RcuArc<Counted>::make(GFP_KERNEL, 3).value());
		auto g = rcu::read_lock();
		RcuArcBorrow<Counted> seen = deferred.dereference(g);
		Option<RcuArc<Counted>> kept = seen.try_clone();
		KXX_ASSERT_TRUE(test, kept.is_some());
		auto old = deferred.replace(RcuArc<Counted>::make(GFP_ATOMIC, 4).value());
		KXX_ASSERT_TRUE(test, old.is_some());
		move(*old).defer(); // drops the Rcu's reference now; ours remains
		KXX_EXPECT_EQ(test, (*kept)->value, 3l);
		kept.reset(); // the last reference: the T waits for the grace period
		KXX_EXPECT_TRUE(test, seen.try_clone().is_none());
		KXX_EXPECT_EQ(test, seen->value, 3l); // still valid under g
	}
	rcu::barrier();
	KXX_EXPECT_EQ(test, Counted::freed(), 2l);
}

KXX_TEST(kxx_rcu, writer_lock_named_after_the_type)
{
	Rcu<Box<Counted>> by_type;
	Rcu<Box<Counted>, RcuWriters::SpinIrqsave> spinning;
	const int line = __LINE__ + 1;
	Rcu<Box<Counted>> here(KXX_LOCK_CLASS("kxx_rcu test"));
	if (!by_type.lock_class_name())
		KXX_SKIP(test, "no lockdep in this kernel");
	KXX_EXPECT_STREQ(test, by_type.lock_class_name(),
			 "kxx::Rcu<kxx::Box<kxx_test::Counted>>::writers (mutex)");
	KXX_EXPECT_STREQ(test, spinning.lock_class_name(),
			 "kxx::Rcu<kxx::Box<kxx_test::Counted>>::writers (spin)");
	char want[64];
	kxx_scnprintf(want, sizeof(want), "kxx_rcu test (rcu_test.cpp:%d)", line);
	KXX_EXPECT_STREQ(test, here.lock_class_name(), want);
}

/*
 * What readers share is read-only; state that changes in place is made of
 * Atomic (or a lock inside T).  Hits counted through the const view that a
 * lockless load() gives, from every CPU at once, in hard interrupts.
 */
KXX_TEST(kxx_rcu, shared_state_changes_through_atomics)
{
	struct Stats {
		Atomic<u64> hits{ 0 };
	};
	XArray<RcuBox<Stats>> xa;
	KXX_ASSERT_TRUE(test, xa.store(5, RcuBox<Stats>::make(GFP_KERNEL).value(), GFP_KERNEL).is_ok());
	auto hit = [](const XArray<RcuBox<Stats>> &xa) { // plain: lent const, lockless reads
		auto g = rcu::read_lock();
		xa.load(g, 5)->hits.fetch_add(1);
	};
	for (int i = 0; i < 50; i++)
		on_each_cpu(hit, xa);
	auto g = rcu::read_lock();
	KXX_EXPECT_EQ(test, xa.load(g, 5)->hits.load(), 50ull * kxx_kunit_online_cpus());
}

/* --- writers in every context --------------------------------------------- */

/*
 * Rcu<P, RcuWriters::SpinIrqsave>: writers from hard interrupts (an IPI on
 * every CPU) and from process context on the same Rcu.  Its writers' lock
 * is taken irqsave, so lockdep sees a consistent, irq-safe lock (before,
 * a plain spinlock: "inconsistent lock state").
 */
KXX_TEST(kxx_rcu, spinning_writers_from_hard_interrupts)
{
	Counted::reset();
	{
		Rcu<RcuBox<Counted>, RcuWriters::SpinIrqsave> x(
		    RcuBox<Counted>::make(GFP_KERNEL, 0).value());
		for (int round = 0; round < 20; round++) {
			on_each_cpu(
			    [](Rcu<RcuBox<Counted>, RcuWriters::SpinIrqsave> &x) {
				    auto next = RcuBox<Counted>::make(GFP_ATOMIC, 1);
				    if (next.is_ok())
					    x.replace(move(next).value()).reset(); // never blocks
			    },
			    x);
			auto old = x.copy_update([](const Counted *cur) {
				return RcuBox<Counted>::make(GFP_ATOMIC, cur->value + 100).ok();
			});
			KXX_EXPECT_TRUE(test, old.is_some());
		}
		auto g = rcu::read_lock();
		KXX_EXPECT_EQ(test, x.dereference(g)->value, 101l); // the last update: copy_update
	}
	rcu::barrier();
	KXX_EXPECT_EQ(test, Counted::made(), Counted::freed());
	KXX_EXPECT_GE(test, Counted::made(), 41l);
}

/*
 * Rcu<P> (mutex writers, the default): copy_update()'s function runs with
 * only a mutex held, so it may build the new value with GFP_KERNEL (before,
 * under a spinlock: "sleeping function called from invalid context").  A
 * Writer holds the lock for several updates, and reads as a writer.
 */
KXX_TEST(kxx_rcu, mutex_writers_may_sleep)
{
	Counted::reset();
	{
		Rcu<Box<Counted>> x(Box<Counted>::make(GFP_KERNEL, 1).value());
		auto old = x.copy_update([](const Counted *cur) -> Option<Box<Counted>> {
			kxx_might_sleep();
			kxx_kunit_msleep(1); // really sleeps
			return Box<Counted>::make(GFP_KERNEL, cur->value + 1).ok();
		});
		KXX_ASSERT_TRUE(test, old.is_some());
		KXX_EXPECT_EQ(test, old->get()->value, 1l);
		{
			auto w = x.write();
			KXX_EXPECT_EQ(test, w.get()->value, 2l);
			auto a = w.replace(Box<Counted>::make(GFP_KERNEL, 3).value());
			auto b = w.copy_update([](const Counted *cur) {
				return Box<Counted>::make(GFP_KERNEL, cur->value * 10).ok();
			});
			KXX_EXPECT_EQ(test, w.get()->value, 30l);
			KXX_EXPECT_TRUE(test, a.is_some() && b.is_some());
		} // a and b wait for their grace period here, after the writer ended
	}
	KXX_EXPECT_EQ(test, Counted::made(), 4l);
	KXX_EXPECT_EQ(test, Counted::freed(), 4l);
}
