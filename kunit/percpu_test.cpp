// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/percpu_test.cpp - per-CPU variables, their counters, on_each_cpu().
 *
 * Proves:    kxx/percpu/ (this_cpu.h, access.h, static.h, dynamic.h,
 *            allocation.h, on_each_cpu.h), and sync/irq_guard.h and
 *            cpu_guard.h guarding per-CPU data.
 * Suites:    kxx_percpu (its last case, irqsave_sections_end_in_order, is
 *            sync_test.cpp's).
 *
 * Static and dynamic per-CPU variables, counters from every CPU and from
 * hard interrupts, remote snapshots, on_each_cpu, ownership counted in
 * destructors.  DEBUG_PREEMPT, DEBUG_ATOMIC_SLEEP and lockdep watch the
 * suite; scripts/check-percpu-asm.sh checks that the counter probes below
 * compile to one %gs: instruction.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

using namespace kxx;

KXX_DEFINE_PER_CPU(u64, kxx_test_u64, ~0ull - 1);
KXX_DEFINE_PER_CPU(s64, kxx_test_s64, -5);
KXX_DEFINE_PER_CPU(u32, kxx_test_seeded, 0xabcd);
KXX_DEFINE_PER_CPU(unsigned long, kxx_test_probe, 0);
KXX_DEFINE_PER_CPU(unsigned long, kxx_test_nowait, 0);

/* The fast paths, as a driver writes them; the asm check reads these. */
extern "C" void kxx_percpu_probe_static_add(unsigned long v);
extern "C" void kxx_percpu_probe_static_add(unsigned long v)
{
	kxx_test_probe.add(v);
}
extern "C" void kxx_percpu_probe_static_inc();
extern "C" void kxx_percpu_probe_static_inc()
{
	kxx_test_probe.inc();
}
extern "C" void kxx_percpu_probe_dynamic_add(const DynamicPerCpu<u32> &c, u32 v);
extern "C" void kxx_percpu_probe_dynamic_add(const DynamicPerCpu<u32> &c, u32 v)
{
	c.add(v);
}

namespace {

unsigned int online_cpus()
{
	return kxx_kunit_online_cpus();
}

struct Tracked {
	static inline long constructed;
	static inline long destroyed;

	explicit Tracked(unsigned int v) : value(v)
	{
		__atomic_fetch_add(&constructed, 1, __ATOMIC_RELAXED);
	}
	Tracked(const Tracked &o) : value(o.value)
	{
		__atomic_fetch_add(&constructed, 1, __ATOMIC_RELAXED);
	}
	~Tracked() { __atomic_fetch_add(&destroyed, 1, __ATOMIC_RELAXED); }

	unsigned int value;
};

} // namespace

/* --- the Rust series' sample ---------------------------------------------------- */

KXX_TEST(kxx_percpu, static_variables_wrap)
{
	unsigned int seeded = 0;
	kxx_test_seeded.for_each_possible_cpu([&](unsigned int, u32 v) { seeded += v == 0xabcd; });
	KXX_EXPECT_GE(test, seeded, online_cpus()); // the loader copied init to every CPU

	IrqGuard guard;
	kxx_test_u64.with(guard, [&](u64 &v) { KXX_EXPECT_EQ(test, v, ~0ull - 1); });
	kxx_test_u64.add(3); // wraps
	kxx_test_u64.with(guard, [&](u64 &v) { KXX_EXPECT_EQ(test, v, 1ull); });

	kxx_test_s64.with(guard, [&](s64 &v) { KXX_EXPECT_EQ(test, v, -5ll); });
	kxx_test_s64.sub(10);
	kxx_test_s64.inc();
	kxx_test_s64.with(guard, [&](s64 &v) {
		KXX_EXPECT_EQ(test, v, -14ll);
		v = 7; // this CPU's instance is ours under the guard
	});
	KXX_EXPECT_EQ(test, kxx_test_s64.read(guard.cpu()), 7ll);
}

KXX_TEST(kxx_percpu, on_each_cpu_counts_every_cpu)
{
	Option<DynamicPerCpu<u64>> counter = DynamicPerCpu<u64>::new_zero(GFP_KERNEL);
	KXX_ASSERT_TRUE(test, counter.is_some());

	on_each_cpu([](const DynamicPerCpu<u64> &c) { c.inc(); }, *counter);
	counter->for_each_possible_cpu([&](unsigned int, u64 v) { KXX_EXPECT_LE(test, v, 1ull); });
	KXX_EXPECT_EQ(test, counter->sum(), static_cast<u64>(online_cpus()));

	auto bump = [](const DynamicPerCpu<u64> &c) { c.inc(); };
	for (int round = 0; round < 3; round++)
		on_each_cpu(bump, *counter);
	unsigned int at_four = 0;
	counter->for_each_possible_cpu([&](unsigned int, u64 v) { at_four += v == 4; });
	KXX_EXPECT_EQ(test, at_four, online_cpus());
	KXX_EXPECT_EQ(test, counter->sum(), 4ull * online_cpus());
}

/*
 * A read guard lent to every CPU through an Irqsave SpinLock's T (a
 * driver struct holding references): its caller waits inside the section,
 * so no grace period ends and the loads on other CPUs are right.  PROVE_RCU
 * sees only each CPU's own task, which holds no RCU lock there; kxx's
 * load() walks without xa_load()'s nested section, but keeps one of its
 * own on PROVE_RCU kernels, so nothing is reported (a report fails the run).
 */
namespace {
struct LentReader {
	const rcu::ReadGuard &guard;
	const XArray<RcuBox<u64>> &xa;
};
} // namespace

KXX_TEST(kxx_percpu, read_guard_lent_to_every_cpu_loads_without_reports)
{
	XArray<RcuBox<u64>> xa;
	Result<RcuBox<u64>> value = RcuBox<u64>::make(GFP_KERNEL, 42);
	KXX_ASSERT_TRUE(test, value.is_ok());
	KXX_ASSERT_TRUE(test, xa.store(7, move(value).value(), GFP_KERNEL).is_ok());
	Atomic<long> found{ 0 };
	{
		auto g = rcu::read_lock();
		SpinLock<LentReader, SpinFlavour::Irqsave> lent(in_place_fn,
								 [&] { return LentReader{ g, xa }; });
		on_each_cpu(
		    [](SpinLock<LentReader, SpinFlavour::Irqsave> &lent, Atomic<long> &found) {
			    lent.with([&](LentReader &r) {
				    auto e = r.xa.load(r.guard, 7);
				    if (e && *e == 42)
					    found.fetch_add(1);
			    });
		    },
		    lent, found);
	}
	KXX_EXPECT_EQ(test, found.load(), static_cast<long>(kxx_kunit_online_cpus()));
}

/*
 * on_each_cpu() waits for every CPU: a thread holding a spinlock (a kxx
 * Guard) or with interrupts off could wait forever for a CPU spinning on
 * that lock with interrupts off.  It is refused there, reported, and runs
 * nothing; after the guard it runs as usual.
 */
KXX_TEST(kxx_percpu, on_each_cpu_refused_under_spinlocks)
{
	Option<DynamicPerCpu<u64>> counter = DynamicPerCpu<u64>::new_zero(GFP_KERNEL);
	KXX_ASSERT_TRUE(test, counter.is_some());
	XArray<Box<u64>> plain;
	XArray<Box<u64>, XaFlags::LockBh> bh;
	auto bump = [](const DynamicPerCpu<u64> &c) { c.inc(); };
	{
		kxx::kunit::ExpectMisuse misuse;
		{
			auto g = plain.lock();
			on_each_cpu(bump, *counter);
		}
		{
			auto g = bh.lock();
			on_each_cpu(bump, *counter);
		}
		{
			IrqGuard irq;
			on_each_cpu(bump, *counter);
		}
		{
			CpuGuard cpu;
			on_each_cpu(bump, *counter);
		}
		KXX_EXPECT_EQ(test, misuse.count(), 4ul);
	}
	KXX_EXPECT_EQ(test, counter->sum(), 0ull); // nothing ran
	on_each_cpu(bump, *counter);
	KXX_EXPECT_EQ(test, counter->sum(), static_cast<u64>(online_cpus()));
}

/*
 * on_each_cpu_nowait() returns before the calls run, so it takes only a
 * callable without state (a captureless lambda): nothing on the caller's
 * stack can be gone when it runs.
 */
KXX_TEST(kxx_percpu, on_each_cpu_nowait_takes_stateless_callables)
{
	const unsigned long before = kxx_test_nowait.sum();
	on_each_cpu_nowait([] { kxx_test_nowait.inc(); });
	rcu::barrier(); // waits for the calls (kxx_percpu.barrier_waits_for_nowait_calls)
	KXX_EXPECT_EQ(test, kxx_test_nowait.sum(), before + online_cpus());
}

/*
 * rcu::barrier() (which a module's exit calls) waits for on_each_cpu_nowait()
 * calls still running: a waiting on_each_cpu() would not, since each CPU
 * runs the waited-for calls it has queued before the others.  Slow calls
 * show it: each spins 20 ms before it counts.
 */
KXX_TEST(kxx_percpu, barrier_waits_for_nowait_calls)
{
	const unsigned long before = kxx_test_nowait.sum();
	on_each_cpu_nowait([] {
		u64 until = kxx_kunit_now_ns() + 20000000ull;
		while (kxx_kunit_now_ns() < until)
			asm volatile("pause" ::: "memory");
		kxx_test_nowait.inc();
	});
	rcu::barrier();
	KXX_EXPECT_EQ(test, kxx_test_nowait.sum(), before + online_cpus());
}

KXX_TEST(kxx_percpu, new_with_seeds_every_cpu)
{
	Option<DynamicPerCpu<u64>> c = DynamicPerCpu<u64>::new_with(GFP_KERNEL, 100);
	KXX_ASSERT_TRUE(test, c.is_some());

	IrqGuard guard;
	u64 now = c->with(guard, [](u64 &v) {
		v += 4;
		return v;
	});
	KXX_EXPECT_EQ(test, now, 104ull);
	const unsigned int me = guard.cpu();
	c->for_each_possible_cpu(
	    [&](unsigned int cpu, u64 v) { KXX_EXPECT_EQ(test, v, cpu == me ? 104ull : 100ull); });
	KXX_EXPECT_TRUE(test,
			c->with(guard, [&](u64 &v) { return &v == c->remote_ptr_unsynchronized(me); }));
}

namespace {

template <class T> void check_width(kxx::kunit::Test &test)
{
	Option<DynamicPerCpu<T>> c = DynamicPerCpu<T>::new_zero(GFP_KERNEL);
	KXX_ASSERT_TRUE(test, c.is_some());

	IrqGuard guard;
	c->add(static_cast<T>(5));
	c->sub(static_cast<T>(2));
	c->inc();
	c->dec();
	c->dec();
	KXX_EXPECT_EQ(test, c->with(guard, [](T &v) { return v; }), static_cast<T>(2));
	c->sub(static_cast<T>(3)); // below zero: wraps for unsigned, -1 for signed
	KXX_EXPECT_EQ(test, c->with(guard, [](T &v) { return v; }), static_cast<T>(-1));
	KXX_EXPECT_EQ(test, c->sum(), static_cast<T>(-1)); // other CPUs are 0
	c->add(static_cast<T>(1));
	KXX_EXPECT_EQ(test, c->sum(), static_cast<T>(0));
}

} // namespace

KXX_TEST(kxx_percpu, counters_for_every_integer_width)
{
	check_width<u8>(test);
	check_width<s8>(test);
	check_width<u16>(test);
	check_width<s16>(test);
	check_width<u32>(test);
	check_width<s32>(test);
	check_width<u64>(test);
	check_width<s64>(test);
}

/* --- every CPU adding ---------------------------------------------------------- */

namespace {

long add_from_cpu(void *arg, unsigned int cpu)
{
	auto &counter = *static_cast<DynamicPerCpu<u64> *>(arg);
	for (int i = 0; i < 10000; i++)
		counter.add(cpu + 1);
	return 1;
}

} // namespace

KXX_TEST(kxx_percpu, sum_of_pinned_threads_is_exact)
{
	Option<DynamicPerCpu<u64>> counter = DynamicPerCpu<u64>::new_zero(GFP_KERNEL);
	KXX_ASSERT_TRUE(test, counter.is_some());

	long threads = 0;
	{
		kxx::kunit::Threads run(add_from_cpu, &*counter);
		KXX_ASSERT_TRUE(test, run.started());
		threads = run.stop();
	}
	KXX_EXPECT_EQ(test, threads, static_cast<long>(online_cpus()));

	u64 want = 0;
	counter->for_each_possible_cpu([&](unsigned int cpu, u64 v) {
		if (v) {
			KXX_EXPECT_EQ(test, v, 10000ull * (cpu + 1));
			want += 10000ull * (cpu + 1);
		}
	});
	KXX_EXPECT_EQ(test, counter->sum(), want);
	KXX_EXPECT_GE(test, want, 10000ull * online_cpus());
}

/* --- interrupts ------------------------------------------------------------------ */

namespace {

struct IrqRace {
	DynamicPerCpu<u64> plain;	   // read-modify-write under an IrqGuard
	DynamicPerCpu<Atomic<u64>> shared; // const access under a CpuGuard
	bool stop;
};

/*
 * A read-modify-write with room for an interrupt in the middle: under a
 * CpuGuard an IPI's add() landing there was lost; under an IrqGuard none
 * can land there.
 */
long slow_increments(void *arg, unsigned int)
{
	IrqRace &race = *static_cast<IrqRace *>(arg);
	long n = 0;
	for (; n < 20000; n++) {
		{
			IrqGuard guard;
			race.plain.with(guard, [](u64 &v) {
				u64 seen = __atomic_load_n(&v, __ATOMIC_RELAXED);
				for (int spin = 0; spin < 50; spin++)
					asm volatile("" ::: "memory");
				__atomic_store_n(&v, seen + 1, __ATOMIC_RELAXED);
			});
		}
		{
			CpuGuard guard; // preemption only: interrupts run, Atomic copes
			race.shared.with(guard, [](const Atomic<u64> &a) { a.fetch_add(1); });
		}
		if (n % 256 == 0)
			kxx_kunit_cond_resched();
	}
	return n;
}

} // namespace

/*
 * Mutable access to this CPU's instance excludes hard interrupts on it
 * (IrqGuard); under a preemption-only CpuGuard only types made for
 * concurrent access are lent, as const.  Threads on every CPU against
 * add()s from IPIs on every CPU: not one update is lost.  (Mutable access
 * under a CpuGuard does not compile: percpu_mutable_under_cpu_guard.)
 */
KXX_TEST(kxx_percpu, irq_guard_excludes_interrupts)
{
	auto plain = DynamicPerCpu<u64>::new_zero(GFP_KERNEL);
	auto shared = DynamicPerCpu<Atomic<u64>>::new_from(
	    GFP_KERNEL, [](unsigned int) { return Atomic<u64>(0); });
	KXX_ASSERT_TRUE(test, plain.is_some() && shared.is_some());
	auto race = Box<IrqRace>::make(GFP_KERNEL, *plain, *shared, false);
	KXX_ASSERT_TRUE(test, race.is_ok());
	IrqRace &r = **race;
	long ipis = 0, increments = 0;
	{
		kxx::kunit::Threads threads(slow_increments, &r);
		KXX_ASSERT_TRUE(test, threads.started());
		u64 deadline = kxx_kunit_now_ns() + 1500000000ull;
		while (kxx_kunit_now_ns() < deadline) {
			on_each_cpu(
			    [](const DynamicPerCpu<u64> &plain, const DynamicPerCpu<Atomic<u64>> &shared) {
				    plain.add(1);
				    CpuGuard guard;
				    shared.with(guard, [](const Atomic<u64> &a) { a.fetch_add(1); });
			    },
			    r.plain, r.shared);
			ipis++;
		}
		increments = threads.stop();
	}
	const u64 want = static_cast<u64>(increments) + static_cast<u64>(ipis) * online_cpus();
	u64 atomics = 0;
	r.shared.for_each_possible_cpu_unsynchronized(
	    [&](unsigned int, Atomic<u64> &a) { atomics += a.load(); });
	KXX_EXPECT_EQ(test, r.plain.sum(), want);
	KXX_EXPECT_EQ(test, atomics, want);
	KXX_INFO(test, "%ld increments against %ld IPIs on %u CPUs", increments, ipis,
		 online_cpus());
}

/* --- remote snapshots ------------------------------------------------------------- */

namespace {
struct Pair {
	u64 count;
	u64 twice; // always 2 * count
};
} // namespace

/*
 * Another CPU's instance is read as a snapshot (a copy, word by word with
 * READ_ONCE): never a reference into memory that CPU may be changing.
 * Writing it takes the _unsynchronized API, whose name says whose job the
 * synchronisation is.
 */
KXX_TEST(kxx_percpu, remote_reads_are_snapshots)
{
	Option<DynamicPerCpu<Pair>> pairs = DynamicPerCpu<Pair>::new_zero(GFP_KERNEL);
	KXX_ASSERT_TRUE(test, pairs.is_some());
	on_each_cpu(
	    [](const DynamicPerCpu<Pair> &pairs) {
		    IrqGuard guard;
		    pairs.with(guard, [&](Pair &p) {
			    p.count = guard.cpu() + 1;
			    p.twice = 2 * p.count;
		    });
	    },
	    *pairs);
	unsigned int seen = 0;
	pairs->for_each_possible_cpu([&](unsigned int cpu, Pair p) {
		if (p.count) {
			KXX_EXPECT_EQ(test, p.count, cpu + 1ull);
			KXX_EXPECT_EQ(test, p.twice, 2 * p.count);
			seen++;
		}
	});
	KXX_EXPECT_EQ(test, seen, online_cpus());
	pairs->remote_ptr_unsynchronized(0)->count = 41; // no one else runs this test's CPUs' code
	KXX_EXPECT_EQ(test, pairs->read(0).count, 41ull);

	// An impossible CPU (per_cpu_ptr() would index past its table): a
	// misuse report and an empty snapshot, never a wild read.
	kxx::kunit::ExpectMisuse misuse;
	KXX_EXPECT_EQ(test, pairs->read(kxx_nr_cpu_ids()).count, 0ull);
	KXX_EXPECT_EQ(test, pairs->read(~0u).twice, 0ull);
	KXX_EXPECT_EQ(test, misuse.count(), 2ul);
}

/* --- ownership ------------------------------------------------------------------ */

KXX_TEST(kxx_percpu, one_t_per_cpu_destroyed_by_last_handle)
{
	const unsigned int possible = [] {
		unsigned int n = 0;
		for (unsigned int c = kxx_next_possible_cpu(-1); c < kxx_nr_cpu_ids();
		     c = kxx_next_possible_cpu(static_cast<int>(c)))
			n++;
		return n;
	}();
	Tracked::constructed = Tracked::destroyed = 0;
	{
		Option<DynamicPerCpu<Tracked>> a = DynamicPerCpu<Tracked>::new_from(
		    GFP_KERNEL, [](unsigned int cpu) { return Tracked(cpu * 10); });
		KXX_ASSERT_TRUE(test, a.is_some());
		KXX_EXPECT_EQ(test, Tracked::constructed, static_cast<long>(possible));
		// Tracked is not trivially copyable: no snapshot; nothing else
		// touches these instances here, so unsynchronized is right.
		a->for_each_possible_cpu_unsynchronized(
		    [&](unsigned int cpu, Tracked &t) { KXX_EXPECT_EQ(test, t.value, cpu * 10); });
		{
			DynamicPerCpu<Tracked> b = *a; // shares the area
			KXX_EXPECT_EQ(test, b.handles(), 2u);
			KXX_EXPECT_EQ(test, b.remote_ptr_unsynchronized(0), a->remote_ptr_unsynchronized(0));
		}
		KXX_EXPECT_EQ(test, Tracked::destroyed, 0l); // a still holds it
	}
	KXX_EXPECT_EQ(test, Tracked::destroyed, static_cast<long>(possible));

	Tracked::constructed = Tracked::destroyed = 0;
	{
		Tracked seed(7);
		Option<DynamicPerCpu<Tracked>> c =
		    DynamicPerCpu<Tracked>::new_with(GFP_KERNEL, seed);
		KXX_ASSERT_TRUE(test, c.is_some());
		KXX_EXPECT_EQ(test, Tracked::constructed, static_cast<long>(possible) + 1);
	}
	KXX_EXPECT_EQ(test, Tracked::destroyed, static_cast<long>(possible) + 1);
}

namespace {
struct alignas(64) Line {
	u64 hits;
	u64 pad[7];
};
} // namespace

KXX_TEST(kxx_percpu, allocation_is_sized_and_aligned_for_t)
{
	Option<PerCpuAllocation<Line>> a = PerCpuAllocation<Line>::new_zero();
	KXX_ASSERT_TRUE(test, a.is_some());
	for (unsigned int c = kxx_next_possible_cpu(-1); c < kxx_nr_cpu_ids();
	     c = kxx_next_possible_cpu(static_cast<int>(c))) {
		Line *line = static_cast<Line *>(kxx_per_cpu_ptr(a->pcpu(), c));
		KXX_EXPECT_EQ(test, reinterpret_cast<uintptr_t>(line) % 64, 0ul);
		KXX_EXPECT_EQ(test, line->hits, 0ull);
		KXX_EXPECT_EQ(test, line->pad[6], 0ull);
	}
	Option<PerCpuAllocation<Line>> moved = a.take();
	KXX_EXPECT_TRUE(test, a.is_none());
	KXX_EXPECT_TRUE(test, moved.is_some());
}

/*
 * A CpuGuard keeps its thread on its CPU: a helper asks the scheduler to
 * move this thread elsewhere while the guard is held, and the thread stays
 * put until the guard ends, then moves.  (Before, nothing tried to move it.)
 */
KXX_TEST(kxx_percpu, cpu_guard_pins_the_thread)
{
	if (online_cpus() < 2)
		KXX_SKIP(test, "needs two CPUs");
	struct kxx_kunit_mover *mover = kxx_kunit_move_me_start();
	KXX_ASSERT_NOT_NULL(test, mover);
	unsigned int pinned, target, moves_seen = 0;
	{
		CpuGuard guard;
		pinned = guard.cpu();
		target = (pinned + 1) % online_cpus();
		kxx_kunit_move_me_now(mover, target);
		u64 until = kxx_kunit_now_ns() + 50000000ull; // 50 ms of wanting to move
		while (kxx_kunit_now_ns() < until)
			moves_seen += guard.cpu() != pinned;
	}
	// The guard is gone: the move happens at the next chance.
	for (int i = 0; i < 5000 && kxx_kunit_raw_cpu() != target; i++) // a busy host: seconds
		kxx_kunit_msleep(1);
	const unsigned int after = kxx_kunit_raw_cpu();
	kxx_kunit_move_me_finish(mover);
	KXX_EXPECT_EQ(test, moves_seen, 0u);
	KXX_EXPECT_EQ(test, after, target); // proves the move was really asked for

	kxx_percpu_probe_static_add(2);
	kxx_percpu_probe_static_inc();
	KXX_EXPECT_GE(test, kxx_test_probe.sum(), 3ul);
}

/*
 * A DynamicPerCpu handle is never empty: "moving" one copies the handle, so
 * the source keeps counting into the same live area.  Before, the moved-from
 * handle kept the per-CPU pointer without a reference, and its add() wrote
 * into freed (and reused) per-CPU memory.
 */
KXX_TEST(kxx_percpu, moved_from_handle_stays_valid)
{
	Option<DynamicPerCpu<u64>> made = DynamicPerCpu<u64>::new_zero(GFP_KERNEL);
	KXX_ASSERT_TRUE(test, made.is_some());
	DynamicPerCpu<u64> source = *move(made);
	{
		DynamicPerCpu<u64> taker = move(source);
		KXX_EXPECT_EQ(test, taker.handles(), 3u); // made, source, taker
		taker.add(2);
	}
	made.reset();
	KXX_EXPECT_EQ(test, source.handles(), 1u);
	Option<DynamicPerCpu<u64>> other = DynamicPerCpu<u64>::new_zero(GFP_KERNEL);
	KXX_ASSERT_TRUE(test, other.is_some());
	source.add(5); // its own, live area
	KXX_EXPECT_EQ(test, source.sum(), 7ull);
	KXX_EXPECT_EQ(test, other->sum(), 0ull);

	DynamicPerCpu<u64> assigned = *other;
	assigned = source; // copies first, then drops other's reference
	KXX_EXPECT_EQ(test, assigned.sum(), 7ull);
	KXX_EXPECT_EQ(test, other->handles(), 1u);
}
