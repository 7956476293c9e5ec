/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The C side of every benchmark, written once and included twice by
 * bench.c: with the kernel's inline APIs (the _c baseline) and with each of
 * them behind an out-of-line helper (the _helper peer).  B_* are those APIs;
 * B_NAME(op) names the function.  Exported kernel functions (xa_store,
 * xa_load, kfree, call_rcu, ...) are called directly in both.
 */

u64 B_NAME(xa_store)(unsigned long iters, u64 *sink)
{
	struct bench_obj **objs = bench_objs_alloc(iters);
	struct xarray xa;
	unsigned long i;
	u64 t0, t1;

	if (!objs)
		return 0;
	xa_init(&xa);
	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		xa_store(&xa, i, objs[i], GFP_KERNEL);
	}
	t1 = ktime_get_ns();
	*sink += bench_xa_free(&xa);
	kvfree(objs);
	return t1 - t0;
}

u64 B_NAME(xa_load_locked)(unsigned long iters, u64 *sink)
{
	struct xarray xa;
	unsigned long i;
	u64 t0, t1, sum = 0;

	xa_init(&xa);
	if (bench_xa_fill(&xa, BENCH_ENTRIES))
		return 0;
	t0 = ktime_get_ns();
	B_XA_LOCK(&xa);
	for (i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		sum += ((struct bench_obj *)xa_load(&xa, i % BENCH_ENTRIES))->v;
	}
	B_XA_UNLOCK(&xa);
	t1 = ktime_get_ns();
	*sink += sum + bench_xa_free(&xa);
	return t1 - t0;
}

u64 B_NAME(xa_load_rcu)(unsigned long iters, u64 *sink)
{
	struct xarray xa;
	unsigned long i;
	u64 t0, t1, sum = 0;

	xa_init(&xa);
	if (bench_xa_fill(&xa, BENCH_ENTRIES))
		return 0;
	t0 = ktime_get_ns();
	B_RCU_READ_LOCK();
	for (i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		sum += ((struct bench_obj *)xa_load(&xa, i % BENCH_ENTRIES))->v;
	}
	B_RCU_READ_UNLOCK();
	t1 = ktime_get_ns();
	*sink += sum + bench_xa_free(&xa);
	return t1 - t0;
}

/* @iters entries, each loaded once: the cost per entry as the array grows. */
u64 B_NAME(xa_load_each)(unsigned long iters, u64 *sink)
{
	struct xarray xa;
	unsigned long i;
	u64 t0, t1, sum = 0;

	xa_init(&xa);
	if (bench_xa_fill(&xa, iters))
		return 0;
	t0 = ktime_get_ns();
	B_RCU_READ_LOCK();
	for (i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		sum += ((struct bench_obj *)xa_load(&xa, i))->v;
	}
	B_RCU_READ_UNLOCK();
	t1 = ktime_get_ns();
	*sink += sum + bench_xa_free(&xa);
	return t1 - t0;
}

u64 B_NAME(xa_erase)(unsigned long iters, u64 *sink)
{
	struct xarray xa;
	unsigned long i;
	u64 t0, t1;

	xa_init(&xa);
	if (bench_xa_fill(&xa, iters))
		return 0;
	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		kfree(xa_erase(&xa, i));
	}
	t1 = ktime_get_ns();
	*sink += xa_empty(&xa);
	xa_destroy(&xa);
	return t1 - t0;
}

u64 B_NAME(xa_iterate)(unsigned long iters, u64 *sink)
{
	struct bench_obj *obj;
	struct xarray xa;
	unsigned long index;
	u64 t0, t1, sum = 0;

	xa_init(&xa);
	if (bench_xa_fill(&xa, iters))
		return 0;
	t0 = ktime_get_ns();
	B_XA_LOCK(&xa);
	xa_for_each(&xa, index, obj) {
		KXX_BENCH_HOT();
		sum += obj->v;
	}
	B_XA_UNLOCK(&xa);
	t1 = ktime_get_ns();
	*sink += sum + bench_xa_free(&xa);
	return t1 - t0;
}

/* The advanced API's walk: xas_for_each() under the lock, as the kernel's docs write it. */
u64 B_NAME(xas_walk)(unsigned long iters, u64 *sink)
{
	struct bench_obj *obj;
	struct xarray xa;
	XA_STATE(xas, &xa, 0);
	u64 t0, t1, sum = 0;

	xa_init(&xa);
	if (bench_xa_fill(&xa, iters))
		return 0;
	t0 = ktime_get_ns();
	B_XA_LOCK(&xa);
	xas_for_each(&xas, obj, ULONG_MAX) {
		if (xas_retry(&xas, obj))
			continue;
		KXX_BENCH_HOT();
		sum += obj->v;
	}
	B_XA_UNLOCK(&xa);
	t1 = ktime_get_ns();
	*sink += sum + bench_xa_free(&xa);
	return t1 - t0;
}

u64 B_NAME(xa_alloc)(unsigned long iters, u64 *sink)
{
	struct bench_obj **objs = bench_objs_alloc(iters);
	struct xarray xa;
	unsigned long i;
	u64 t0, t1;
	u32 id, ids = 0;

	if (!objs)
		return 0;
	xa_init_flags(&xa, XA_FLAGS_ALLOC);
	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		if (!B_XA_ALLOC(&xa, &id, objs[i], xa_limit_32b, GFP_KERNEL)) {
			KXX_BENCH_HOT();
			ids += id;
		}
	}
	t1 = ktime_get_ns();
	*sink += ids + bench_xa_free(&xa);
	kvfree(objs);
	return t1 - t0;
}

u64 B_NAME(xa_cmpxchg)(unsigned long iters, u64 *sink)
{
	struct bench_obj **objs = bench_objs_alloc(iters);
	struct xarray xa;
	unsigned long i;
	u64 t0, t1;

	if (!objs)
		return 0;
	xa_init(&xa);
	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		/* Insert only if nobody raced us: the page-cache pattern. */
		B_XA_LOCK(&xa);
		__xa_cmpxchg(&xa, i, NULL, objs[i], GFP_NOWAIT);
		B_XA_UNLOCK(&xa);
	}
	t1 = ktime_get_ns();
	*sink += bench_xa_free(&xa);
	kvfree(objs);
	return t1 - t0;
}

u64 B_NAME(xa_store_order)(unsigned long iters, u64 *sink)
{
	struct bench_obj **objs = bench_objs_alloc(iters);
	struct xarray xa;
	unsigned long i;
	u64 t0, t1;

	if (!objs)
		return 0;
	xa_init(&xa);
	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		xa_store_range(&xa, 4 * i, 4 * i + 3, objs[i], GFP_KERNEL);
	}
	t1 = ktime_get_ns();
	*sink += bench_xa_free(&xa);
	kvfree(objs);
	return t1 - t0;
}

u64 B_NAME(rcu_read_lock)(unsigned long iters, u64 *sink)
{
	unsigned long i;
	u64 t0, t1;

	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		B_RCU_READ_LOCK();
		B_RCU_READ_UNLOCK();
	}
	t1 = ktime_get_ns();
	*sink += iters;
	return t1 - t0;
}

/* The srcu_struct on the heap, as an SrcuDomain's is. */
u64 B_NAME(srcu_read_lock)(unsigned long iters, u64 *sink)
{
	struct srcu_struct *ssp = kzalloc(sizeof(*ssp), GFP_KERNEL);
	unsigned long i;
	u64 t0, t1;
	int idx;

	if (!ssp || init_srcu_struct(ssp)) {
		kfree(ssp);
		return 0;
	}
	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		idx = B_SRCU_READ_LOCK(ssp);
		B_SRCU_READ_UNLOCK(ssp, idx);
	}
	t1 = ktime_get_ns();
	cleanup_srcu_struct(ssp);
	kfree(ssp);
	*sink += iters;
	return t1 - t0;
}

/* A flag checked under rcu_read_lock(), in shared memory, as Revocable's. */
u64 B_NAME(revocable_access)(unsigned long iters, u64 *sink)
{
	struct bench_revocable {
		int available;
		u64 v;
	} *r = kzalloc(sizeof(*r), GFP_KERNEL);
	unsigned long i;
	u64 t0, t1, sum = 0;

	if (!r)
		return 0;
	r->available = 2;
	r->v = 1;
	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		B_RCU_READ_LOCK();
		if (READ_ONCE(r->available) == 2) {
			KXX_BENCH_HOT();
			sum += r->v;
		}
		B_RCU_READ_UNLOCK();
	}
	t1 = ktime_get_ns();
	kfree(r);
	*sink += sum;
	return t1 - t0;
}

/*
 * The RCU pointer lives in shared memory, as in real code: in a local
 * variable the compiler hoists rcu_dereference() out of the loop, and then
 * nothing is measured.
 */
u64 B_NAME(rcu_dereference)(unsigned long iters, u64 *sink)
{
	struct bench_obj *obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	struct bench_rcu *shared = kzalloc(sizeof(*shared), GFP_KERNEL);
	unsigned long i;
	u64 t0, t1, sum = 0;

	if (!obj || !shared) {
		kfree(obj);
		kfree(shared);
		return 0;
	}
	obj->v = 3;
	B_RCU_ASSIGN(shared->gp, obj);
	t0 = ktime_get_ns();
	B_RCU_READ_LOCK();
	for (i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		sum += ((struct bench_obj *)B_RCU_DEREF(shared->gp))->v;
	}
	B_RCU_READ_UNLOCK();
	t1 = ktime_get_ns();
	*sink += sum;
	kfree(obj);
	kfree(shared);
	return t1 - t0;
}

/*
 * The writer's path: publish a new object, queue the old one's free.  The
 * objects are allocated before, as for the XArray: the slab allocator's
 * slow paths are noise here.  The pointer and its writers' lock sit
 * together in memory, as in real code (and as in kxx::Rcu): a pointer that
 * readers can reach is not a register.  The writers' lock is a spinlock
 * taken irqsave (kxx's RcuWriters::SpinIrqsave: writers in any context).
 * The timed loop runs inside a read-side section, so no grace period ends
 * and no callback runs inside the measurement (when they land would be
 * noise too); the frees run after, at rcu_barrier().
 */
u64 B_NAME(rcu_replace)(unsigned long iters, u64 *sink)
{
	struct bench_obj **objs = bench_objs_alloc(iters);
	struct {
		struct bench_obj __rcu *gp;
		spinlock_t writer;
	} shared = { .gp = NULL, .writer = __SPIN_LOCK_UNLOCKED(shared.writer) };
	struct bench_obj *old;
	unsigned long i, flags;
	u64 t0, t1;

	if (!objs)
		return 0;
	rcu_read_lock();
	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		/* prepared before the lock is taken, as kxx's replace(value) is */
		struct bench_obj *next = objs[i];

		B_SPIN_LOCK_IRQSAVE(&shared.writer, flags);
		old = rcu_dereference_protected(shared.gp, lockdep_is_held(&shared.writer));
		B_RCU_ASSIGN(shared.gp, next);
		B_SPIN_UNLOCK_IRQRESTORE(&shared.writer, flags);
		if (old) {
			KXX_BENCH_HOT();
			call_rcu(&old->rcu, bench_obj_free_rcu);
		}
	}
	t1 = ktime_get_ns();
	rcu_read_unlock();
	old = rcu_dereference_protected(shared.gp, 1);
	*sink += old->v;
	kfree(old);
	kvfree(objs);
	rcu_barrier();
	return t1 - t0;
}

/*
 * The same with a mutex for the writers (kxx's default, RcuWriters::Mutex:
 * writers that may sleep).  A mutex may not be taken inside a read-side
 * section, so this loop runs outside one; the runner's SCHED_FIFO keeps
 * the grace-period kthread, and so the callbacks, out of the measurement.
 */
u64 B_NAME(rcu_replace_mutex)(unsigned long iters, u64 *sink)
{
	struct bench_obj **objs = bench_objs_alloc(iters);
	struct {
		struct bench_obj __rcu *gp;
		struct mutex writers;
	} shared = { .gp = NULL };
	struct bench_obj *old;
	unsigned long i;
	u64 t0, t1;

	if (!objs)
		return 0;
	mutex_init(&shared.writers);
	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		/* prepared before the lock is taken, as kxx's replace(value) is */
		struct bench_obj *next = objs[i];

		B_MUTEX_LOCK(&shared.writers);
		old = rcu_dereference_protected(shared.gp, lockdep_is_held(&shared.writers));
		B_RCU_ASSIGN(shared.gp, next);
		B_MUTEX_UNLOCK(&shared.writers);
		if (old) {
			KXX_BENCH_HOT();
			call_rcu(&old->rcu, bench_obj_free_rcu);
		}
	}
	t1 = ktime_get_ns();
	old = rcu_dereference_protected(shared.gp, 1);
	*sink += old->v;
	kfree(old);
	kvfree(objs);
	mutex_destroy(&shared.writers);
	rcu_barrier();
	return t1 - t0;
}

/*
 * A lock and the data it protects, in one struct, as a driver keeps them
 * (kxx's SpinLock<u64> and Mutex<u64> hold theirs the same way): lock,
 * one access, unlock.
 */
u64 B_NAME(spin_lock)(unsigned long iters, u64 *sink)
{
	struct {
		spinlock_t lock;
		u64 v;
	} s = { .lock = __SPIN_LOCK_UNLOCKED(s.lock), .v = 0 };
	unsigned long i;
	u64 t0, t1;

	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		B_SPIN_LOCK(&s.lock);
		s.v += i;
		B_SPIN_UNLOCK(&s.lock);
	}
	t1 = ktime_get_ns();
	*sink += READ_ONCE(s.v);
	return t1 - t0;
}

u64 B_NAME(mutex_lock)(unsigned long iters, u64 *sink)
{
	struct {
		struct mutex lock;
		u64 v;
	} m = { .v = 0 };
	unsigned long i;
	u64 t0, t1;

	mutex_init(&m.lock);
	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		B_MUTEX_LOCK(&m.lock);
		m.v += i;
		B_MUTEX_UNLOCK(&m.lock);
	}
	t1 = ktime_get_ns();
	*sink += READ_ONCE(m.v);
	mutex_destroy(&m.lock);
	return t1 - t0;
}

u64 B_NAME(percpu_add)(unsigned long iters, u64 *sink)
{
	u64 __percpu *counter = alloc_percpu(u64);
	unsigned long i;
	u64 t0, t1;

	if (!counter)
		return 0;
	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		B_THIS_CPU_ADD(counter, 3);
	}
	t1 = ktime_get_ns();
	*sink += bench_percpu_free(counter);
	return t1 - t0;
}

/* This CPU's instance, mutable: interrupts off around it (kxx's IrqGuard). */
u64 B_NAME(percpu_with)(unsigned long iters, u64 *sink)
{
	u64 __percpu *counter = alloc_percpu(u64);
	unsigned long i, flags;
	u64 t0, t1;

	if (!counter)
		return 0;
	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		u64 *mine;

		B_IRQ_SAVE(flags);
		mine = B_THIS_CPU_PTR(counter);
		*mine += i;
		B_IRQ_RESTORE(flags);
	}
	t1 = ktime_get_ns();
	*sink += bench_percpu_free(counter);
	return t1 - t0;
}

u64 B_NAME(percpu_sum)(unsigned long iters, u64 *sink)
{
	u64 __percpu *counter = alloc_percpu(u64);
	unsigned long i;
	u64 t0, t1, sum = 0;
	int cpu;

	if (!counter)
		return 0;
	this_cpu_add(*counter, 1);
	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		u64 total = 0; /* one counter's value, as C code computes it */

		for_each_possible_cpu(cpu)
			total += READ_ONCE(*(u64 *)B_PER_CPU_PTR(counter, cpu));
		sum += total;
	}
	t1 = ktime_get_ns();
	*sink += sum;
	free_percpu(counter);
	return t1 - t0;
}

u64 B_NAME(box_make)(unsigned long iters, u64 *sink)
{
	struct bench_obj *obj;
	unsigned long i;
	u64 t0, t1, sum = 0;

	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		obj = B_KMALLOC(sizeof(*obj), GFP_KERNEL);
		if (!obj)
			break;
		obj->v = i;
		sum += READ_ONCE(obj->v);
		kfree(obj);
	}
	t1 = ktime_get_ns();
	*sink += sum;
	return t1 - t0;
}

u64 B_NAME(arc_clone)(unsigned long iters, u64 *sink)
{
	struct bench_shared *shared = kzalloc(sizeof(*shared), GFP_KERNEL);
	unsigned long i;
	u64 t0, t1;

	if (!shared)
		return 0;
	refcount_set(&shared->ref, 1);
	t0 = ktime_get_ns();
	for (i = 0; i < iters; i++) {
		KXX_BENCH_HOT();
		B_REFCOUNT_INC(&shared->ref);
		if (B_REFCOUNT_DEC_AND_TEST(&shared->ref))
			kfree(shared); /* never: one reference stays */
	}
	t1 = ktime_get_ns();
	*sink += refcount_read(&shared->ref);
	kfree(shared);
	return t1 - t0;
}
