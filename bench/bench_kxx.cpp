// SPDX-License-Identifier: GPL-2.0
/*
 * The kxx side of the benchmark (see bench.h): each operation written as a
 * driver would write it with kxx, measured exactly like its C baseline in
 * ops.h.  Set-up and tear-down are outside the timed loop.
 */
#include "bench.h"
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

using namespace kxx;

namespace {

constexpr unsigned long entries = 1024; // as BENCH_ENTRIES in bench.c

/* The same size as bench.c's struct bench_obj, so both use one slab. */
struct Obj {
	explicit Obj(u64 x) : v(x) {}
	u64 v;
	u64 pad[2];
};

/* RcuBox payload: C's struct bench_obj minus the rcu_head RcuBox adds. */
struct Small {
	explicit Small(u64 x) : v(x) {}
	u64 v;
};

using u64_t = unsigned long long;

u64 read_once(const u64 &v)
{
	return __atomic_load_n(&v, __ATOMIC_RELAXED);
}

/*
 * Owners (Box<Obj>, RcuBox<Small>) made before the timed loop, handed over
 * in it.  Made out of line, as C's bench_objs_alloc() is: inlined, the
 * set-up changed how the timed loop's registers were allocated.
 */
template <class P> class Prepared {
public:
	template <class Make>
	[[gnu::noinline]] Prepared(unsigned long n, Make make)
	    : objs_(kxx_bench_ptrs_alloc(n)), n_(0)
	{
		for (unsigned long i = 0; objs_ && i < n; i++, n_++) {
			Result<P> p = make(i);
			if (p.is_err())
				break;
			objs_[i] = into_foreign(move(p).value());
		}
	}
	~Prepared()
	{
		for (unsigned long i = next_; i < n_; i++)
			P unused = from_foreign<P>(objs_[i]); // not handed over
		kxx_bench_ptrs_free(objs_);
	}
	bool ok(unsigned long n) const { return objs_ && n_ == n; }
	/* Hands over object i; the caller says how many with taken(). */
	P take(unsigned long i) { return from_foreign<P>(objs_[i]); }
	void taken(unsigned long n) { next_ = n; }

private:
	void **objs_;
	unsigned long n_, next_ = 0;
};

auto make_box = [](unsigned long i) { return Box<Obj>::make(GFP_KERNEL, i); };
auto make_rcubox = [](unsigned long i) { return RcuBox<Small>::make(GFP_KERNEL, i); };

/*
 * The arrays have their flags in the type, as C code has them in the names
 * it calls (xa_lock(), xa_alloc()): the zero-cost form of XArray.
 */
template <class P> using Xa = XArray<P, XaFlags::None>;
template <class P> using XaAlloc = XArray<P, XaFlags::Alloc>;

template <class Array, class Make> bool fill(Array &xa, unsigned long n, Make make)
{
	for (unsigned long i = 0; i < n; i++) {
		auto p = make(i);
		if (p.is_err() || xa.store(i, move(p).value(), GFP_KERNEL).is_err())
			return false;
	}
	return true;
}

} // namespace

extern "C" {

u64_t kxx_bench_xa_store_kxx(unsigned long iters, u64_t *sink)
{
	Prepared<Box<Obj>> objs(iters, make_box);
	Xa<Box<Obj>> xa;
	if (!objs.ok(iters))
		return 0;

	u64 t0 = kxx_bench_clock();
	for (unsigned long i = 0; i < iters; i++) {
		auto old = xa.store(i, objs.take(i), GFP_KERNEL);
		// Stored: a refused store (the value dropped) is not the hot path.
		KXX_BENCH_HOT_IF(old.is_ok());
	}
	u64 t1 = kxx_bench_clock();
	objs.taken(iters);
	*sink += !xa.empty();
	return t1 - t0;
}

u64_t kxx_bench_xa_load_locked_kxx(unsigned long iters, u64_t *sink)
{
	Xa<Box<Obj>> xa;
	u64 sum = 0;
	if (!fill(xa, entries, make_box))
		return 0;

	u64 t0 = kxx_bench_clock();
	{
		auto guard = xa.lock();
		for (unsigned long i = 0; i < iters; i++) {
			KXX_BENCH_HOT();
			sum += guard.get(i % entries)->v;
		}
	}
	u64 t1 = kxx_bench_clock();
	*sink += sum;
	return t1 - t0;
}

u64_t kxx_bench_xa_load_rcu_kxx(unsigned long iters, u64_t *sink)
{
	Xa<RcuBox<Small>> xa;
	u64 sum = 0;
	if (!fill(xa, entries, make_rcubox))
		return 0;

	u64 t0 = kxx_bench_clock();
	{
		auto g = rcu::read_lock();
		for (unsigned long i = 0; i < iters; i++) {
			KXX_BENCH_HOT();
			sum += xa.load(g, i % entries)->v;
		}
	}
	u64 t1 = kxx_bench_clock();
	*sink += sum;
	return t1 - t0;
}

u64_t kxx_bench_xa_load_each_kxx(unsigned long iters, u64_t *sink)
{
	Xa<RcuBox<Small>> xa;
	u64 sum = 0;
	if (!fill(xa, iters, make_rcubox))
		return 0;

	u64 t0 = kxx_bench_clock();
	{
		auto g = rcu::read_lock();
		for (unsigned long i = 0; i < iters; i++) {
			KXX_BENCH_HOT();
			sum += xa.load(g, i)->v;
		}
	}
	u64 t1 = kxx_bench_clock();
	*sink += sum;
	return t1 - t0;
}

u64_t kxx_bench_xa_erase_kxx(unsigned long iters, u64_t *sink)
{
	Xa<Box<Obj>> xa;
	if (!fill(xa, iters, make_box))
		return 0;

	u64 t0 = kxx_bench_clock();
	for (unsigned long i = 0; i < iters; i++) {
		Option<Box<Obj>> gone = xa.remove(i); // dropped (kfree) here
		KXX_BENCH_HOT_IF(gone.is_some());
	}
	u64 t1 = kxx_bench_clock();
	*sink += xa.empty();
	return t1 - t0;
}

u64_t kxx_bench_xa_iterate_kxx(unsigned long iters, u64_t *sink)
{
	Xa<Box<Obj>> xa;
	u64 sum = 0;
	if (!fill(xa, iters, make_box))
		return 0;

	u64 t0 = kxx_bench_clock();
	{
		auto guard = xa.lock();
		for (auto e : guard.entries()) {
			KXX_BENCH_HOT();
			sum += e.value->v;
		}
	}
	u64 t1 = kxx_bench_clock();
	*sink += sum;
	return t1 - t0;
}

u64_t kxx_bench_xas_walk_kxx(unsigned long iters, u64_t *sink)
{
	Xa<Box<Obj>> xa;
	u64 sum = 0;
	if (!fill(xa, iters, make_box))
		return 0;

	u64 t0 = kxx_bench_clock();
	{
		XaCursor cur(xa);
		for (auto e : cur.entries()) {
			KXX_BENCH_HOT();
			sum += e.value->v;
		}
	}
	u64 t1 = kxx_bench_clock();
	*sink += sum;
	return t1 - t0;
}

u64_t kxx_bench_xa_alloc_kxx(unsigned long iters, u64_t *sink)
{
	Prepared<Box<Obj>> objs(iters, make_box);
	XaAlloc<Box<Obj>> xa;
	u32 ids = 0;
	if (!objs.ok(iters))
		return 0;

	u64 t0 = kxx_bench_clock();
	for (unsigned long i = 0; i < iters; i++) {
		auto id = xa.alloc(objs.take(i), GFP_KERNEL);
		if (id.is_ok()) {
			KXX_BENCH_HOT();
			ids += *id;
		}
	}
	u64 t1 = kxx_bench_clock();
	objs.taken(iters);
	*sink += ids;
	return t1 - t0;
}

u64_t kxx_bench_xa_cmpxchg_kxx(unsigned long iters, u64_t *sink)
{
	Prepared<Box<Obj>> objs(iters, make_box);
	Xa<Box<Obj>> xa;
	if (!objs.ok(iters))
		return 0;

	u64 t0 = kxx_bench_clock();
	for (unsigned long i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		auto g = xa.lock();
		auto r = g.compare_exchange(i, None, objs.take(i), GFP_NOWAIT);
		(void)r;
	}
	u64 t1 = kxx_bench_clock();
	objs.taken(iters);
	*sink += !xa.empty();
	return t1 - t0;
}

u64_t kxx_bench_xa_store_order_kxx(unsigned long iters, u64_t *sink)
{
	Prepared<Box<Obj>> objs(iters, make_box);
	Xa<Box<Obj>> xa;
	if (!objs.ok(iters))
		return 0;

	u64 t0 = kxx_bench_clock();
	for (unsigned long i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		auto old = xa.store_order(4 * i, 2, objs.take(i), GFP_KERNEL);
		(void)old;
	}
	u64 t1 = kxx_bench_clock();
	objs.taken(iters);
	*sink += !xa.empty();
	return t1 - t0;
}

u64_t kxx_bench_rcu_read_lock_kxx(unsigned long iters, u64_t *sink)
{
	u64 t0 = kxx_bench_clock();
	for (unsigned long i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		auto g = rcu::read_lock();
	}
	u64 t1 = kxx_bench_clock();
	*sink += iters;
	return t1 - t0;
}

u64_t kxx_bench_srcu_read_lock_kxx(unsigned long iters, u64_t *sink)
{
	Result<SrcuDomain> made = SrcuDomain::make();
	if (made.is_err())
		return 0;
	SrcuDomain domain = move(made).value();
	u64 t0 = kxx_bench_clock();
	for (unsigned long i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		auto g = domain.read_lock();
	}
	u64 t1 = kxx_bench_clock();
	*sink += iters;
	return t1 - t0;
}

u64_t kxx_bench_revocable_access_kxx(unsigned long iters, u64_t *sink)
{
	Result<Box<Revocable<u64>>> made = Box<Revocable<u64>>::make(GFP_KERNEL, 1ull);
	if (made.is_err())
		return 0;
	Box<Revocable<u64>> r = move(made).value();
	u64 sum = 0;
	u64 t0 = kxx_bench_clock();
	for (unsigned long i = 0; i < iters; i++) {
		if (auto g = r->try_access()) {
			KXX_BENCH_HOT();
			sum += *g;
		}
	}
	u64 t1 = kxx_bench_clock();
	*sink += sum;
	return t1 - t0;
}

u64_t kxx_bench_rcu_dereference_kxx(unsigned long iters, u64_t *sink)
{
	Result<Box<Obj>> obj = Box<Obj>::make(GFP_KERNEL, 3);
	if (obj.is_err())
		return 0;
	Rcu<Box<Obj>> x(move(obj).value());
	u64 sum = 0;

	u64 t0 = kxx_bench_clock();
	{
		auto g = rcu::read_lock();
		for (unsigned long i = 0; i < iters; i++) {
			KXX_BENCH_HOT();
			sum += x.dereference(g)->v;
		}
	}
	u64 t1 = kxx_bench_clock();
	*sink += sum;
	return t1 - t0;
}

/* As in ops.h: timed inside a read-side section, so no callback runs in it. */
u64_t kxx_bench_rcu_replace_kxx(unsigned long iters, u64_t *sink)
{
	Prepared<RcuBox<Small>> objs(iters, make_rcubox);
	u64 t0, t1;
	if (!objs.ok(iters))
		return 0;
	{
		Rcu<RcuBox<Small>, RcuWriters::SpinIrqsave> x;
		{
			auto reader = rcu::read_lock();
			t0 = kxx_bench_clock();
			for (unsigned long i = 0; i < iters; i++) {
				// dropped here: queued with call_rcu(), no blocking
				Option<RcuOld<RcuBox<Small>>> old = x.replace(objs.take(i));
				KXX_BENCH_HOT_IF(old.is_some());
			}
			t1 = kxx_bench_clock();
			objs.taken(iters);
			*sink += x.dereference(reader) ? x.dereference(reader)->v : 0;
		}
	}
	rcu::barrier();
	return t1 - t0;
}

/* As in ops.h: mutex writers, outside a read-side section. */
u64_t kxx_bench_rcu_replace_mutex_kxx(unsigned long iters, u64_t *sink)
{
	Prepared<RcuBox<Small>> objs(iters, make_rcubox);
	u64 t0, t1;
	if (!objs.ok(iters))
		return 0;
	{
		Rcu<RcuBox<Small>> x; // RcuWriters::Mutex
		t0 = kxx_bench_clock();
		for (unsigned long i = 0; i < iters; i++) {
			// dropped here: queued with call_rcu(), no blocking
			Option<RcuOld<RcuBox<Small>>> old = x.replace(objs.take(i));
			KXX_BENCH_HOT_IF(old.is_some());
		}
		t1 = kxx_bench_clock();
		objs.taken(iters);
		auto reader = rcu::read_lock();
		*sink += x.dereference(reader) ? x.dereference(reader)->v : 0;
	}
	rcu::barrier();
	return t1 - t0;
}

/* As in ops.h: the lock owns the u64, reached through the Guard. */
u64_t kxx_bench_spin_lock_kxx(unsigned long iters, u64_t *sink)
{
	SpinLock<u64> s(0);
	u64 t0 = kxx_bench_clock();
	for (unsigned long i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		auto g = s.lock();
		*g += i;
	}
	u64 t1 = kxx_bench_clock();
	*sink += s.with([](u64 &v) { return v; });
	return t1 - t0;
}

u64_t kxx_bench_mutex_lock_kxx(unsigned long iters, u64_t *sink)
{
	Mutex<u64> m(0);
	u64 t0 = kxx_bench_clock();
	for (unsigned long i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		auto g = m.lock();
		*g += i;
	}
	u64 t1 = kxx_bench_clock();
	*sink += m.with([](u64 &v) { return v; });
	return t1 - t0;
}

u64_t kxx_bench_percpu_add_kxx(unsigned long iters, u64_t *sink)
{
	Option<DynamicPerCpu<u64>> made = DynamicPerCpu<u64>::new_zero(GFP_KERNEL);
	if (made.is_none())
		return 0;
	DynamicPerCpu<u64> counter = *move(made);

	u64 t0 = kxx_bench_clock();
	for (unsigned long i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		counter.add(3);
	}
	u64 t1 = kxx_bench_clock();
	*sink += counter.sum();
	return t1 - t0;
}

u64_t kxx_bench_percpu_with_kxx(unsigned long iters, u64_t *sink)
{
	Option<DynamicPerCpu<u64>> made = DynamicPerCpu<u64>::new_zero(GFP_KERNEL);
	if (made.is_none())
		return 0;
	DynamicPerCpu<u64> counter = *move(made);

	u64 t0 = kxx_bench_clock();
	for (unsigned long i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		IrqGuard guard;
		counter.with(guard, [i](u64 &mine) { mine += i; });
	}
	u64 t1 = kxx_bench_clock();
	*sink += counter.sum();
	return t1 - t0;
}

u64_t kxx_bench_percpu_sum_kxx(unsigned long iters, u64_t *sink)
{
	Option<DynamicPerCpu<u64>> made = DynamicPerCpu<u64>::new_zero(GFP_KERNEL);
	u64 sum = 0;
	if (made.is_none())
		return 0;
	DynamicPerCpu<u64> counter = *move(made);
	counter.add(1);

	u64 t0 = kxx_bench_clock();
	for (unsigned long i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		sum += counter.sum();
	}
	u64 t1 = kxx_bench_clock();
	*sink += sum;
	return t1 - t0;
}

u64_t kxx_bench_box_make_kxx(unsigned long iters, u64_t *sink)
{
	u64 sum = 0;

	u64 t0 = kxx_bench_clock();
	for (unsigned long i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		Result<Box<Obj>> b = Box<Obj>::make(GFP_KERNEL, i);
		if (b.is_err())
			break;
		sum += read_once((*b)->v);
	}
	u64 t1 = kxx_bench_clock();
	*sink += sum;
	return t1 - t0;
}

u64_t kxx_bench_arc_clone_kxx(unsigned long iters, u64_t *sink)
{
	Result<Arc<Obj>> made = Arc<Obj>::make(GFP_KERNEL, 1);
	if (made.is_err())
		return 0;
	Arc<Obj> shared = move(made).value();

	u64 t0 = kxx_bench_clock();
	for (unsigned long i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		Arc<Obj> another = shared.clone();
	}
	u64 t1 = kxx_bench_clock();
	*sink += shared.ref_count();
	return t1 - t0;
}

} // extern "C"

/* --- scaling: readers on 1, 2, 4 CPUs ------------------------------------------------ */

namespace {

struct Scaling {
	Xa<RcuBox<Small>> xa;
	unsigned int readers;
	bool lockless;
	u64 deadline;
};

long scaling_reader(void *arg, unsigned int cpu)
{
	Scaling &s = *static_cast<Scaling *>(arg);
	long reads = 0;
	u64 sum = 0;

	if (cpu >= s.readers)
		return 0;
	while (kxx_bench_clock() < s.deadline) {
		for (unsigned long i = 0; i < 256; i++, reads++) {
			if (s.lockless) {
				auto g = rcu::read_lock();
				sum += s.xa.load(g, i)->v;
			} else {
				auto g = s.xa.lock();
				sum += g.get(i)->v;
			}
		}
	}
	return sum ? reads : reads + 1;
}

} // namespace

extern "C" u64_t kxx_bench_scaling(unsigned int readers, bool lockless, unsigned int ms)
{
	Result<Box<Scaling>> s = Box<Scaling>::make(GFP_KERNEL);
	if (s.is_err() || !fill((*s)->xa, 256, make_rcubox))
		return 0;
	(*s)->readers = readers;
	(*s)->lockless = lockless;
	(*s)->deadline = kxx_bench_clock() + ms * 1000000ull;
	kxx::kunit::Threads threads(scaling_reader, s->get());
	long reads = threads.stop();
	return static_cast<u64>(reads) * 1000 / ms; // per second
}
