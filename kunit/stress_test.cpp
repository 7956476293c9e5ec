// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency stress, bounded in time (about 26 s in all on 4 CPUs): the
 * XArray, Rcu<P> and per-CPU counters used from every CPU at once, with
 * lockdep, KASAN and PROVE_RCU watching, and counters proving that every
 * object is freed exactly once (read after rcu::barrier()).
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

using namespace kxx;

namespace {

constexpr u64 ms = 1000000;

long stress_ops; // operations done by every case of the suite

/* An object whose fields must agree; freed memory or a torn read shows. */
struct Checked {
	static inline long live;

	explicit Checked(u64 seed) : seed(seed), check(~seed * 0x9e3779b97f4a7c15ull)
	{
		__atomic_fetch_add(&live, 1, __ATOMIC_RELAXED);
	}
	~Checked()
	{
		check = 0; // a reader of a freed object would see this
		__atomic_fetch_add(&live, -1, __ATOMIC_RELAXED);
	}
	bool valid() const { return check == ~seed * 0x9e3779b97f4a7c15ull; }

	u64 seed;
	u64 check;
};

/* xorshift64: a per-thread random stream. */
struct Random {
	u64 state;
	u64 next()
	{
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		return state;
	}
};

struct XaStress {
	XArray<RcuBox<Checked>> xa{ XaFlags::Alloc };
	u64 deadline;
	long writes, reads, bad;
};

constexpr unsigned long slots = 512;

long xa_stress_thread(void *arg, unsigned int cpu)
{
	XaStress &s = *static_cast<XaStress *>(arg);
	Random rnd{ 0x1234567ull * (cpu + 1) };
	long ops = 0;

	while (kxx_kunit_now_ns() < s.deadline) {
		u64 r = rnd.next();
		unsigned long index = r % slots;
		if (cpu % 2 == 0) { // writers on even CPUs
			auto v = RcuBox<Checked>::make(GFP_KERNEL, r);
			if (v.is_err())
				continue;
			switch ((r >> 32) % 4) {
			case 0: {
				auto old = s.xa.store(index, move(v).value(), GFP_KERNEL);
				break; // old value (if any) dropped: freed after a grace period
			}
			case 1: {
				auto done = s.xa.insert(index, move(v).value(), GFP_KERNEL);
				break; // EBUSY hands the value back, dropped here
			}
			case 2: {
				auto gone = s.xa.remove(index);
				break;
			}
			default: {
				auto id = s.xa.alloc(move(v).value(), GFP_KERNEL,
						     XaLimit{ 0, slots - 1 });
				break;
			}
			}
			__atomic_fetch_add(&s.writes, 1, __ATOMIC_RELAXED);
		} else { // readers on odd CPUs: lockless
			auto g = rcu::read_lock();
			for (int i = 0; i < 16; i++) {
				const Checked *c = s.xa.load(g, (index + i) % slots);
				if (c && !c->valid())
					__atomic_fetch_add(&s.bad, 1, __ATOMIC_RELAXED);
			}
			__atomic_fetch_add(&s.reads, 16, __ATOMIC_RELAXED);
		}
		if (++ops % 32 == 0)
			kxx_kunit_cond_resched();
	}
	return ops;
}

/*
 * Lockless cursors (XaReadCursor) stepping through slots that writers keep
 * turning into multi-index entries and back: store_order() over and under
 * what is there (a larger store frees leaf nodes, leaving retry entries; a
 * smaller one splits an entry into a node), remove(), reserve_at() (zero
 * entries) and marks.  Every borrow a reader gets must be a real entry: an
 * internal entry (a sibling, retry, zero or node pointer, all with bit 1
 * set) is counted, never dereferenced.
 */
struct CursorStress {
	XArray<RcuBox<Checked>> xa;
	u64 deadline;
	long writes, steps, bad;
};

constexpr unsigned long cursor_span = 128; // two leaf nodes: writers collide often

bool real_entry(const Checked *c)
{
	return !c || ((reinterpret_cast<unsigned long>(c) & 3) == 0 && c->valid());
}

void cursor_write(CursorStress &s, Random &rnd)
{
	u64 r = rnd.next();
	unsigned int order = r % 7; // 0..6: up to a whole leaf node (freed: retry entries)
	unsigned long first = ((r >> 8) % cursor_span) & ~((1ul << order) - 1);
	switch ((r >> 20) % 8) {
	case 0:
	case 1:
	case 2:
	case 3: { // empty the range, then one entry over all of it
		auto v = RcuBox<Checked>::make(GFP_ATOMIC, r);
		if (v.is_err())
			break;
		const unsigned long last = first + (1ul << order) - 1;
		auto g = s.xa.lock();
		while (auto e = g.find(first, last)) {
			unsigned long at = e->index;
			auto gone = g.remove(at); // freed after a grace period
		}
		auto out = g.store_order(first, order, move(v).value(), GFP_ATOMIC);
		break;
	}
	case 4: { // a single slot: under a multi-index entry it splits it
		auto v = RcuBox<Checked>::make(GFP_KERNEL, r);
		if (v.is_ok())
			auto out = s.xa.store((r >> 8) % cursor_span, move(v).value(), GFP_KERNEL);
		break;
	}
	case 5: {
		auto gone = s.xa.remove((r >> 8) % cursor_span);
		break;
	}
	case 6: { // a reservation, held for a moment (readers see a zero entry)
		auto res = s.xa.reserve_at((r >> 8) % cursor_span, GFP_KERNEL);
		kxx_kunit_cond_resched();
		break;
	}
	default: {
		auto g = s.xa.lock();
		for (unsigned long i = first; i < first + (1ul << order); i++) {
			if (r & (1ul << 40))
				g.set_mark(i, XaMark::M1);
			else
				g.clear_mark(i, XaMark::M1);
		}
		break;
	}
	}
	__atomic_fetch_add(&s.writes, 1, __ATOMIC_RELAXED);
}

void cursor_read(CursorStress &s, Random &rnd)
{
	u64 r = rnd.next();
	long steps = 0, bad = 0;
	XaReadCursor cur(s.xa, r % cursor_span);
	switch ((r >> 32) % 4) {
	case 0:
		for (int i = 0; i < 64; i++, steps++)
			bad += !real_entry(cur.next());
		break;
	case 1:
		for (int i = 0; i < 64; i++, steps++)
			bad += !real_entry(cur.prev());
		break;
	case 2:
		for (auto e : cur.marked(XaMark::M1, cursor_span - 1))
			bad += !real_entry(e.value), steps++;
		break;
	default:
		for (auto e : cur.entries(cursor_span - 1)) {
			bad += !real_entry(e.value), steps++;
			if (steps % 16 == 0)
				cur.pause();
		}
		bad += !real_entry(cur.load());
		break;
	}
	__atomic_fetch_add(&s.steps, steps, __ATOMIC_RELAXED);
	if (bad)
		__atomic_fetch_add(&s.bad, bad, __ATOMIC_RELAXED);
}

long cursor_stress_thread(void *arg, unsigned int cpu)
{
	CursorStress &s = *static_cast<CursorStress *>(arg);
	Random rnd{ 0x9e3779b9ull * (cpu + 1) };
	long ops = 0;

	while (kxx_kunit_now_ns() < s.deadline) {
		if (cpu % 2 == 0)
			cursor_write(s, rnd);
		else
			cursor_read(s, rnd);
		if (++ops % 64 == 0)
			kxx_kunit_cond_resched();
	}
	return ops;
}

/*
 * Every operation at once.  Threads on every CPU run a seeded random mix of
 * all of kxx's operations on one array, two Rcus (one per writer flavour)
 * and a per-CPU counter: locked, cursor and lockless reads; store,
 * store_order over and under what is there, remove, insert, reserve_at then
 * fill or release, compare_exchange and marks; Rcu writers; counter bumps.
 * Each stored object logs where it was stored (its first and last index):
 * every borrow a reader gets must be a real object (not an internal entry)
 * whose fields agree (a freed one's do not; KASAN, where it runs, catches
 * the read itself; memory reused by another object would pass).  Borrows
 * under the lock must also cover the index they were found at (stores over
 * a multi-index entry log their range as unknown); lockless ones are not
 * held to it (see bad_lockless()).  Each operation must have done its work
 * (stored, removed, filled, ...) at least once.  The seed is printed;
 * `stress_seed=N` replays each thread's sequence of operations (not their
 * interleaving).
 */
struct Logged {
	static inline long live;

	Logged(unsigned long first, unsigned long last, u64 seed)
	    : first(first), last(last), seed(seed), check(seed ^ first ^ ~last)
	{
		__atomic_fetch_add(&live, 1, __ATOMIC_RELAXED);
	}
	~Logged()
	{
		check = ~check; // a reader of a freed object would see this
		__atomic_fetch_add(&live, -1, __ATOMIC_RELAXED);
	}
	bool covers(unsigned long index) const
	{
		return check == (seed ^ first ^ ~last) && first <= index && index <= last;
	}

	unsigned long first, last;
	u64 seed, check;
};

enum AllOp : unsigned {
	OpStore, OpStoreOrder, OpRemove, OpInsert, OpReserve, OpCmpxchg, OpMarks, OpGet,
	OpCursorWalk, OpReadCursor, OpLockless, OpRcuSpin, OpRcuMutex, OpCounter, OpCount
};

struct AllStress {
	XArray<RcuBox<Logged>> xa;
	Rcu<RcuBox<Logged>, RcuWriters::SpinIrqsave> spinning;
	Rcu<RcuBox<Logged>> sleeping;
	Option<DynamicPerCpu<u64>> counter;
	u64 seed, deadline;
	long done[OpCount], bad, bumps;
};

constexpr unsigned long all_span = 128; // two leaf nodes: writers and readers meet often

/*
 * Under the lock: a real, live entry covering @index, or null.  Counted as
 * bad otherwise.
 */
long bad_borrow(const Logged *c, unsigned long index)
{
	if (!c)
		return 0;
	if (reinterpret_cast<unsigned long>(c) & 3)
		return 1; // an internal entry: never dereferenced
	return !c->covers(index);
}

/*
 * Locklessly: a real, live entry.  (Where it was stored is not checked:
 * under RCU a read that follows a sibling slot to its entry's first slot
 * can meet what a writer stored there after erasing the entry, as the
 * kernel's own xa_load() can.)
 */
long bad_lockless(const Logged *c)
{
	if (!c)
		return 0;
	if (reinterpret_cast<unsigned long>(c) & 3)
		return 1;
	return !c->covers(c->first);
}

/*
 * Every thread runs every operation; odd CPUs lean to lockless reads and
 * even CPUs to changing the tree's shape (store_order, stores, removes,
 * reservations, marks), so that readers meet writers at every step.  Readers take the lock seldom:
 * with more guest CPUs than host cores, a lock holder that QEMU does not run
 * stalls every CPU waiting for it, and the writers would change the tree
 * several times less often.
 */
unsigned all_pick(u64 r, unsigned int cpu)
{
	const unsigned any = r % OpCount;
	if ((r >> 56) % (cpu % 2 ? 64 : 16) == 0)
		return any; // any operation: often on writers' CPUs, now and then on readers'

	static constexpr unsigned reads[] = { OpReadCursor, OpReadCursor, OpReadCursor, OpLockless };
	static constexpr unsigned shapes[] = { OpStoreOrder, OpStoreOrder, OpStoreOrder, OpStoreOrder,
					       OpStore,      OpRemove,     OpReserve,    OpMarks };
	return cpu % 2 ? reads[(r >> 52) % 4] : shapes[(r >> 52) % 8];
}

void all_step(AllStress &s, Random &rnd, unsigned int cpu, long &bad, long &bumps)
{
	u64 r = rnd.next();
	const unsigned op = all_pick(r, cpu);
	const unsigned long index = (r >> 8) % all_span;
	const unsigned int order = (r >> 20) % 7; // up to a whole leaf node (freed: retry entries)
	const unsigned long first = index & ~((1ul << order) - 1);
	auto make = [&](unsigned long f, unsigned long l) {
		return RcuBox<Logged>::make(GFP_KERNEL, f, l, r);
	};
	bool did = false; // the operation did what it is for (counted in done[])
	switch (op) {
	case OpStore: {
		// Half the time what covered the index goes first, so the log
		// stays exact; otherwise the store goes over it, and over a
		// multi-index entry that replaces all of it (the kernel's rule):
		// its range is logged as unknown (0 to ~0).
		const bool over = r & (1ul << 42);
		auto v = RcuBox<Logged>::make(GFP_ATOMIC, over ? 0 : index, over ? ~0ul : index, r);
		if (v.is_err())
			break;
		auto g = s.xa.lock();
		if (!over)
			auto gone = g.remove(index);
		did = g.store(index, move(v).value(), GFP_ATOMIC).is_ok();
		break;
	}
	case OpStoreOrder: {
		auto v = RcuBox<Logged>::make(GFP_ATOMIC, first, first + (1ul << order) - 1, r);
		if (v.is_err())
			break;
		auto g = s.xa.lock();
		while (auto e = g.find(first, first + (1ul << order) - 1)) {
			unsigned long at = e->index;
			auto gone = g.remove(at);
		}
		did = g.store_order(first, order, move(v).value(), GFP_ATOMIC).is_ok();
		break;
	}
	case OpRemove: {
		did = s.xa.remove(index).is_some();
		break;
	}
	case OpInsert: {
		auto v = make(index, index);
		if (v.is_ok()) // EBUSY (the value dropped) where something is
			did = s.xa.insert(index, move(v).value(), GFP_KERNEL).is_ok();
		break;
	}
	case OpReserve: {
		auto res = s.xa.reserve_at(index, GFP_KERNEL);
		if (res.is_ok() && (r & (1ul << 40))) {
			auto v = make(index, index);
			if (v.is_ok()) // EBUSY if stored over meanwhile
				did = move(*res).fill(move(v).value()).is_ok();
		} else if (res.is_ok()) {
			kxx_kunit_cond_resched(); // held a moment: readers meet the zero entry
			did = true;
		}
		break; // otherwise released here
	}
	case OpCmpxchg: {
		auto v = RcuBox<Logged>::make(GFP_ATOMIC, index, index, r);
		if (v.is_err())
			break;
		auto g = s.xa.lock();
		auto out = g.compare_exchange(index, None, move(v).value(), GFP_ATOMIC);
		if (out.is_err())
			bad += bad_borrow(out.error().found, index); // EBUSY: what was there
		did = out.is_ok();
		break;
	}
	case OpMarks: {
		auto g = s.xa.lock();
		for (unsigned long i = first; i < first + (1ul << order); i++) {
			if (r & (1ul << 41))
				g.set_mark(i, XaMark::M1);
			else
				g.clear_mark(i, XaMark::M1);
		}
		for (auto e : g.marked(XaMark::M1, first, first + (1ul << order) - 1))
			bad += bad_borrow(e.value, e.index), did = true; // a marked entry met
		break;
	}
	case OpGet: {
		auto g = s.xa.lock();
		bad += bad_borrow(g.get(index), index);
		for (auto e : g.entries(index, index + 15)) // short: the lock is held
			bad += bad_borrow(e.value, e.index), did = true;
		break;
	}
	case OpCursorWalk: {
		XaCursor cur(s.xa, index);
		for (int i = 0; i < 16; i++) {
			auto e = cur.next(); // a fresh cursor's first step is its own index
			bad += bad_borrow(e, cur.index());
			did = did || e;
		}
		break;
	}
	case OpReadCursor: {
		XaReadCursor cur(s.xa, index);
		for (int i = 0; i < 128; i++) {
			auto e = (r & 1) ? cur.next() : cur.prev();
			bad += bad_lockless(e);
			did = did || e;
		}
		int steps = 0;
		if (r & 2) {
			for (auto e : cur.marked(XaMark::M1, all_span - 1))
				bad += bad_lockless(e.value);
		} else {
			for (auto e : cur.entries(all_span - 1)) {
				bad += bad_lockless(e.value);
				if (++steps % 16 == 0)
					cur.pause();
			}
		}
		break;
	}
	case OpLockless: {
		auto g = rcu::read_lock();
		bad += bad_lockless(s.xa.load(g, index));
		for (auto e : s.xa.entries(g, index, all_span - 1))
			bad += bad_lockless(e.value), did = true;
		break;
	}
	case OpRcuSpin: { // the old value freed after a grace period; now and then waited for
		auto next = RcuBox<Logged>::make(GFP_KERNEL, 0, ~0ul, r);
		if (next.is_ok()) {
			auto old = s.spinning.replace(move(next).value());
			did = true;
			if (old.is_some() && (r >> 44) % 32)
				move(*old).defer();
		}
		auto g = rcu::read_lock();
		bad += bad_lockless(s.spinning.dereference(g));
		break;
	}
	case OpRcuMutex: {
		auto old = s.sleeping.copy_update([&](const Logged *) {
			return RcuBox<Logged>::make(GFP_KERNEL, 0, ~0ul, r).ok();
		});
		did = old.is_some();
		if (old.is_some() && (r >> 44) % 32)
			move(*old).defer();
		auto g = rcu::read_lock();
		bad += bad_lockless(s.sleeping.dereference(g));
		break;
	}
	default:
		s.counter->inc();
		bumps++;
		did = true;
		break;
	}
	if (did)
		__atomic_fetch_add(&s.done[op], 1, __ATOMIC_RELAXED);
}

long all_stress_thread(void *arg, unsigned int cpu)
{
	AllStress &s = *static_cast<AllStress *>(arg);
	Random rnd{ (s.seed + 1) * 0x9e3779b97f4a7c15ull ^ (cpu + 1) * 0xbf58476d1ce4e5b9ull };
	long ops = 0, bad = 0, bumps = 0;

	while (kxx_kunit_now_ns() < s.deadline) {
		all_step(s, rnd, cpu, bad, bumps);
		if (++ops % 32 == 0)
			kxx_kunit_cond_resched();
	}
	__atomic_fetch_add(&s.bad, bad, __ATOMIC_RELAXED);
	__atomic_fetch_add(&s.bumps, bumps, __ATOMIC_RELAXED);
	return ops;
}

struct RcuStress {
	Rcu<RcuBox<Checked>> current;
	u64 deadline;
	long replaced, reads, bad;
};

long rcu_stress_thread(void *arg, unsigned int cpu)
{
	RcuStress &s = *static_cast<RcuStress *>(arg);
	long ops = 0;

	while (kxx_kunit_now_ns() < s.deadline) {
		if (cpu == 0) { // one CPU replaces, the others read
			auto old =
			    s.current.replace(RcuBox<Checked>::make(GFP_KERNEL, ops).value());
			if (old.is_some()) {
				if (ops % 64 == 0)
					old.reset(); // sometimes wait for the grace period
				else
					move(*old).defer();
			}
			__atomic_fetch_add(&s.replaced, 1, __ATOMIC_RELAXED);
		} else {
			auto g = rcu::read_lock();
			const Checked *c = s.current.dereference(g);
			if (!c || !c->valid())
				__atomic_fetch_add(&s.bad, 1, __ATOMIC_RELAXED);
			__atomic_fetch_add(&s.reads, 1, __ATOMIC_RELAXED);
		}
		if (++ops % 32 == 0)
			kxx_kunit_cond_resched();
	}
	return ops;
}

struct PerCpuStress {
	DynamicPerCpu<u64> counter;
	u64 deadline;
};

long percpu_stress_thread(void *arg, unsigned int cpu)
{
	PerCpuStress &s = *static_cast<PerCpuStress *>(arg);
	long bumps = 0;

	(void)cpu;
	while (kxx_kunit_now_ns() < s.deadline) {
		for (int i = 0; i < 256; i++)
			s.counter.inc();
		bumps += 256;
		kxx_kunit_cond_resched();
	}
	return bumps;
}

} // namespace

KXX_TEST(kxx_stress, xarray_writers_and_lockless_readers)
{
	rcu::barrier();
	Checked::live = 0;
	long writes, reads, bad;
	{
		auto s = Box<XaStress>::make(GFP_KERNEL).value();
		s->deadline = kxx_kunit_now_ns() + 4000 * ms;
		kxx::kunit::Threads threads(xa_stress_thread, s.get());
		KXX_ASSERT_TRUE(test, threads.started());
		stress_ops += threads.stop();
		writes = s->writes, reads = s->reads, bad = s->bad;
	} // the array drops what is left
	rcu::barrier();
	KXX_EXPECT_GT(test, writes, 0l);
	KXX_EXPECT_GT(test, reads, 0l);
	KXX_EXPECT_EQ(test, bad, 0l);
	KXX_EXPECT_EQ(test, Checked::live, 0l); // every object freed exactly once
	KXX_INFO(test, "%ld writes, %ld lockless reads", writes, reads);
}

KXX_TEST(kxx_stress, read_cursors_under_multi_index_writers)
{
	rcu::barrier();
	Checked::live = 0;
	long writes, steps, bad;
	{
		auto s = Box<CursorStress>::make(GFP_KERNEL).value();
		s->deadline = kxx_kunit_now_ns() + 5000 * ms;
		kxx::kunit::Threads threads(cursor_stress_thread, s.get());
		KXX_ASSERT_TRUE(test, threads.started());
		stress_ops += threads.stop();
		writes = s->writes, steps = s->steps, bad = s->bad;
	}
	rcu::barrier();
	KXX_EXPECT_GT(test, writes, 0l);
	KXX_EXPECT_GT(test, steps, 0l);
	KXX_EXPECT_EQ(test, bad, 0l); // not one internal entry or freed object lent
	KXX_EXPECT_EQ(test, Checked::live, 0l);
	KXX_INFO(test, "%ld writes, %ld cursor steps", writes, steps);
}

extern "C" unsigned long kxx_test_stress_seed(void);

KXX_TEST(kxx_stress, every_operation_under_readers)
{
	rcu::barrier();
	Logged::live = 0;
	long bad, bumps, ops;
	u64 seed = kxx_test_stress_seed();
	if (!seed)
		seed = kxx_kunit_now_ns() | 1;
	long done[OpCount];
	u64 counted;
	{
		auto s = Box<AllStress>::make(GFP_KERNEL).value();
		s->counter = DynamicPerCpu<u64>::new_zero(GFP_KERNEL);
		KXX_ASSERT_TRUE(test, s->counter.is_some());
		s->seed = seed;
		KXX_INFO(test, "seed %llu (replay: insmod kxx_test.ko stress_seed=%llu)", seed, seed);
		s->deadline = kxx_kunit_now_ns() + 8000 * ms;
		kxx::kunit::Threads threads(all_stress_thread, s.get());
		KXX_ASSERT_TRUE(test, threads.started());
		ops = threads.stop();
		stress_ops += ops;
		bad = s->bad, bumps = s->bumps;
		counted = s->counter->sum();
		for (unsigned i = 0; i < OpCount; i++)
			done[i] = s->done[i];
	}
	rcu::barrier();
	KXX_EXPECT_EQ(test, bad, 0l); // no internal, freed or misplaced entry lent
	KXX_EXPECT_EQ(test, counted, static_cast<u64>(bumps)); // per-CPU: exact
	KXX_EXPECT_EQ(test, Logged::live, 0l); // every object freed exactly once
	for (unsigned i = 0; i < OpCount; i++)
		KXX_EXPECT_GT(test, done[i], 0l); // every operation did its work, at least once
	KXX_INFO(test, "seed %llu: %ld operations", seed, ops);
	KXX_INFO(test, "stores %ld, store_order %ld, removes %ld, inserts %ld, reservations %ld, "
		       "cmpxchg %ld, marks %ld, locked reads %ld, cursor walks %ld, read cursors %ld, "
		       "lockless reads %ld, spinning Rcu %ld, sleeping Rcu %ld, counter %ld",
		 done[OpStore], done[OpStoreOrder], done[OpRemove], done[OpInsert], done[OpReserve],
		 done[OpCmpxchg], done[OpMarks], done[OpGet], done[OpCursorWalk], done[OpReadCursor],
		 done[OpLockless], done[OpRcuSpin], done[OpRcuMutex], done[OpCounter]);
}

KXX_TEST(kxx_stress, rcu_replaced_under_readers)
{
	rcu::barrier();
	Checked::live = 0;
	long replaced, reads, bad;
	{
		auto s = Box<RcuStress>::make(GFP_KERNEL).value();
		KXX_ASSERT_TRUE(
		    test,
		    s->current.replace(RcuBox<Checked>::make(GFP_KERNEL, 7).value()).is_none());
		s->deadline = kxx_kunit_now_ns() + 3000 * ms;
		kxx::kunit::Threads threads(rcu_stress_thread, s.get());
		KXX_ASSERT_TRUE(test, threads.started());
		stress_ops += threads.stop();
		replaced = s->replaced, reads = s->reads, bad = s->bad;
	}
	rcu::barrier();
	KXX_EXPECT_GT(test, replaced, 0l);
	KXX_EXPECT_EQ(test, bad, 0l);
	KXX_EXPECT_EQ(test, Checked::live, 0l);
	KXX_INFO(test, "%ld replacements, %ld reads", replaced, reads);
}

KXX_TEST(kxx_stress, percpu_counters_from_every_cpu)
{
	auto made = DynamicPerCpu<u64>::new_zero(GFP_KERNEL);
	KXX_ASSERT_TRUE(test, made.is_some());
	auto s = Box<PerCpuStress>::make(GFP_KERNEL, PerCpuStress{ *move(made), 0 }).value();

	s->deadline = kxx_kunit_now_ns() + 2000 * ms;
	long expected = 0;
	{
		kxx::kunit::Threads threads(percpu_stress_thread, s.get());
		KXX_ASSERT_TRUE(test, threads.started());
		// IPIs into the same counters while the threads run
		long ipis = 0;
		auto bump = [](const DynamicPerCpu<u64> &counter) { counter.inc(); };
		while (kxx_kunit_now_ns() < s->deadline) {
			on_each_cpu(bump, s->counter);
			ipis++;
			kxx_kunit_msleep(1);
		}
		expected = threads.stop() + ipis * kxx_kunit_online_cpus();
	}
	KXX_EXPECT_EQ(test, s->counter.sum(), static_cast<u64>(expected)); // exact
	stress_ops += expected;
}

/* Last case: the count the runner's summary reports. */
KXX_TEST(kxx_stress, report)
{
	KXX_EXPECT_GT(test, stress_ops, 0l);
	KXX_INFO(test, "kxx-reliability: stress operations: %ld", stress_ops);
}
