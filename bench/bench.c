// SPDX-License-Identifier: GPL-2.0
/*
 * kxx_bench: C baselines, C-through-helpers peers and the runner.  The kxx
 * versions are in bench.cpp.  On load it runs every operation in rounds,
 * prints one line per operation with the median nanoseconds per operation of
 * each variant (in hundredths), then the scaling figures; scripts/bench.py
 * turns them into the tables.
 */
#include <linux/cpumask.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/srcu.h>
#include <linux/sort.h>
#include <linux/spinlock.h>
#include <linux/xarray.h>
#include <kxx/bindings.h>
#include <kxx/module.h>
#include "bench.h"

static unsigned long iters = 100000;
module_param(iters, ulong, 0444);
MODULE_PARM_DESC(iters, "operations per measurement (at least 100000)");
static unsigned int rounds = 6;
module_param(rounds, uint, 0444);
MODULE_PARM_DESC(rounds, "measurements per variant; the median is reported");
static bool scaling = true;
module_param(scaling, bool, 0444);
MODULE_PARM_DESC(scaling, "also measure lockless vs locked reads on 1, 2 and 4 CPUs");

#define BENCH_ENTRIES 1024

struct bench_obj {
	u64 v;
	struct rcu_head rcu;
};

struct bench_rcu {
	struct bench_obj __rcu *gp;
};

struct bench_shared {
	refcount_t ref;
	u64 v;
};

void **kxx_bench_ptrs_alloc(unsigned long n)
{
	return kvmalloc_array(n, sizeof(void *), GFP_KERNEL);
}

void kxx_bench_ptrs_free(void **ptrs)
{
	kvfree(ptrs);
}

static struct bench_obj **bench_objs_alloc(unsigned long n)
{
	struct bench_obj **objs = kvmalloc_array(n, sizeof(*objs), GFP_KERNEL);
	unsigned long i;

	for (i = 0; objs && i < n; i++) {
		objs[i] = kmalloc(sizeof(**objs), GFP_KERNEL);
		if (!objs[i]) {
			while (i--)
				kfree(objs[i]);
			kvfree(objs);
			return NULL;
		}
		objs[i]->v = i;
	}
	return objs;
}

static int bench_xa_fill(struct xarray *xa, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++) {
		struct bench_obj *obj = kmalloc(sizeof(*obj), GFP_KERNEL);

		if (!obj || xa_err(xa_store(xa, i, obj, GFP_KERNEL))) {
			kfree(obj);
			return -ENOMEM;
		}
		obj->v = i;
	}
	return 0;
}

/* Frees every entry and the array; returns how many there were. */
static u64 bench_xa_free(struct xarray *xa)
{
	struct bench_obj *obj;
	unsigned long index;
	u64 n = 0;

	xa_for_each(xa, index, obj) {
		kfree(obj);
		n++;
	}
	xa_destroy(xa);
	return n;
}

/* Sums a per-CPU counter over every CPU, then frees it. */
static u64 bench_percpu_free(u64 __percpu *counter)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += *per_cpu_ptr(counter, cpu);
	free_percpu(counter);
	return sum;
}

static void bench_obj_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct bench_obj, rcu));
}

unsigned long long kxx_bench_clock(void)
{
	return ktime_get_ns();
}

/* --- the baseline: the kernel's inline APIs as they are --------------------- */

#define B_NAME(op) kxx_bench_##op##_c
#define B_XA_LOCK(xa) xa_lock(xa)
#define B_XA_UNLOCK(xa) xa_unlock(xa)
#define B_XA_ALLOC(xa, id, entry, limit, gfp) xa_alloc(xa, id, entry, limit, gfp)
#define B_RCU_READ_LOCK() rcu_read_lock()
#define B_RCU_READ_UNLOCK() rcu_read_unlock()
#define B_RCU_DEREF(p) rcu_dereference(p)
#define B_SRCU_READ_LOCK(ssp) srcu_read_lock(ssp)
#define B_SRCU_READ_UNLOCK(ssp, idx) srcu_read_unlock(ssp, idx)
#define B_RCU_ASSIGN(p, v) rcu_assign_pointer(p, v)
#define B_SPIN_LOCK_IRQSAVE(l, f) spin_lock_irqsave(l, f)
#define B_SPIN_UNLOCK_IRQRESTORE(l, f) spin_unlock_irqrestore(l, f)
#define B_MUTEX_LOCK(m) mutex_lock(m)
#define B_MUTEX_UNLOCK(m) mutex_unlock(m)
#define B_SPIN_LOCK(l) spin_lock(l)
#define B_SPIN_UNLOCK(l) spin_unlock(l)
#define B_THIS_CPU_ADD(p, v) this_cpu_add(*(p), v)
#define B_IRQ_SAVE(f) local_irq_save(f)
#define B_IRQ_RESTORE(f) local_irq_restore(f)
#define B_THIS_CPU_PTR(p) this_cpu_ptr(p)
#define B_PER_CPU_PTR(p, cpu) per_cpu_ptr(p, cpu)
#define B_REFCOUNT_INC(r) refcount_inc(r)
#define B_REFCOUNT_DEC_AND_TEST(r) refcount_dec_and_test(r)
#define B_KMALLOC(size, gfp) kmalloc(size, gfp)
#include "ops.h"

/* --- the peer: each inline API behind an out-of-line helper -------------------- */

static noinline void h_xa_lock(struct xarray *xa) { xa_lock(xa); }
static noinline void h_xa_unlock(struct xarray *xa) { xa_unlock(xa); }
static noinline int h_xa_alloc(struct xarray *xa, u32 *id, void *entry, struct xa_limit limit,
			       gfp_t gfp)
{
	return xa_alloc(xa, id, entry, limit, gfp);
}
static noinline void h_rcu_read_lock(void) { rcu_read_lock(); }
static noinline void h_rcu_read_unlock(void) { rcu_read_unlock(); }
static noinline void *h_rcu_dereference(void __rcu **p) { return rcu_dereference(*p); }
static noinline int h_srcu_read_lock(struct srcu_struct *ssp) { return srcu_read_lock(ssp); }
static noinline void h_srcu_read_unlock(struct srcu_struct *ssp, int idx)
{
	srcu_read_unlock(ssp, idx);
}
static noinline unsigned long h_spin_lock_irqsave(spinlock_t *l)
{
	unsigned long flags;

	spin_lock_irqsave(l, flags);
	return flags;
}
static noinline void h_spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
	spin_unlock_irqrestore(l, flags);
}
static noinline void h_mutex_lock(struct mutex *m) { mutex_lock(m); }
static noinline void h_mutex_unlock(struct mutex *m) { mutex_unlock(m); }
static noinline void h_spin_lock(spinlock_t *l) { spin_lock(l); }
static noinline void h_spin_unlock(spinlock_t *l) { spin_unlock(l); }
static noinline void h_this_cpu_add(u64 __percpu *p, u64 v) { this_cpu_add(*p, v); }
static noinline unsigned long h_irq_save(void)
{
	unsigned long flags;

	local_irq_save(flags);
	return flags;
}
static noinline void h_irq_restore(unsigned long flags) { local_irq_restore(flags); }
static noinline void *h_this_cpu_ptr(void __percpu *p) { return this_cpu_ptr(p); }
static noinline void *h_per_cpu_ptr(void __percpu *p, int cpu) { return per_cpu_ptr(p, cpu); }
static noinline void h_refcount_inc(refcount_t *r) { refcount_inc(r); }
static noinline bool h_refcount_dec_and_test(refcount_t *r) { return refcount_dec_and_test(r); }
static noinline void *h_kmalloc(size_t size, gfp_t gfp) { return kmalloc(size, gfp); }

#undef B_NAME
#undef B_XA_LOCK
#undef B_XA_UNLOCK
#undef B_XA_ALLOC
#undef B_RCU_READ_LOCK
#undef B_RCU_READ_UNLOCK
#undef B_RCU_DEREF
#undef B_SRCU_READ_LOCK
#undef B_SRCU_READ_UNLOCK
#undef B_SPIN_LOCK_IRQSAVE
#undef B_SPIN_UNLOCK_IRQRESTORE
#undef B_MUTEX_LOCK
#undef B_MUTEX_UNLOCK
#undef B_SPIN_LOCK
#undef B_SPIN_UNLOCK
#undef B_THIS_CPU_ADD
#undef B_IRQ_SAVE
#undef B_IRQ_RESTORE
#undef B_THIS_CPU_PTR
#undef B_PER_CPU_PTR
#undef B_REFCOUNT_INC
#undef B_REFCOUNT_DEC_AND_TEST
#undef B_KMALLOC
#define B_NAME(op) kxx_bench_##op##_helper
#define B_XA_LOCK(xa) h_xa_lock(xa)
#define B_XA_UNLOCK(xa) h_xa_unlock(xa)
#define B_XA_ALLOC(xa, id, entry, limit, gfp) h_xa_alloc(xa, id, entry, limit, gfp)
#define B_RCU_READ_LOCK() h_rcu_read_lock()
#define B_RCU_READ_UNLOCK() h_rcu_read_unlock()
#define B_RCU_DEREF(p) h_rcu_dereference((void __rcu **)&(p))
#define B_SRCU_READ_LOCK(ssp) h_srcu_read_lock(ssp)
#define B_SRCU_READ_UNLOCK(ssp, idx) h_srcu_read_unlock(ssp, idx)
#define B_SPIN_LOCK_IRQSAVE(l, f) ((f) = h_spin_lock_irqsave(l))
#define B_SPIN_UNLOCK_IRQRESTORE(l, f) h_spin_unlock_irqrestore(l, f)
#define B_MUTEX_LOCK(m) h_mutex_lock(m)
#define B_MUTEX_UNLOCK(m) h_mutex_unlock(m)
#define B_SPIN_LOCK(l) h_spin_lock(l)
#define B_SPIN_UNLOCK(l) h_spin_unlock(l)
#define B_THIS_CPU_ADD(p, v) h_this_cpu_add(p, v)
#define B_IRQ_SAVE(f) ((f) = h_irq_save())
#define B_IRQ_RESTORE(f) h_irq_restore(f)
#define B_THIS_CPU_PTR(p) ((u64 *)h_this_cpu_ptr(p))
#define B_PER_CPU_PTR(p, cpu) h_per_cpu_ptr(p, cpu)
#define B_REFCOUNT_INC(r) h_refcount_inc(r)
#define B_REFCOUNT_DEC_AND_TEST(r) h_refcount_dec_and_test(r)
#define B_KMALLOC(size, gfp) h_kmalloc(size, gfp)
#include "ops.h"

/* --- the runner ------------------------------------------------------------------ */

typedef u64 (*bench_fn)(unsigned long iters, u64 *sink);

struct bench_op {
	const char *name;
	const char *text;
	bench_fn variant[3]; /* c, kxx, helper */
};

#define KXX_BENCH_ENTRY(op, desc)                                                         \
	{ #op, desc, { kxx_bench_##op##_c, kxx_bench_##op##_kxx, kxx_bench_##op##_helper } },
static const struct bench_op bench_ops[] = { KXX_BENCH_OPS(KXX_BENCH_ENTRY) };

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static int __init kxx_bench_init(void)
{
	u64 samples[3][16], sink = 0;
	unsigned int op, v, r;

	rounds = clamp(rounds, 1u, 15u);
	iters = max(iters, 1000ul);
	pr_info("kxx-bench: start iters=%lu rounds=%u cpus=%u\n", iters, rounds,
		num_online_cpus());
	/*
	 * The measurements run at SCHED_FIFO: no kthread (RCU's grace-period
	 * kthread among them) runs inside a timed loop unless the loop sleeps,
	 * so no grace period ends and no callback runs inside a measurement.
	 */
	sched_set_fifo(current);
	for (op = 0; op < ARRAY_SIZE(bench_ops); op++) {
		/*
		 * Interleave the variants round by round, and rotate which goes
		 * first: the first run after a tear-down finds the slab caches in
		 * a different state, and that must not always favour one variant.
		 * Before each run, wait for the RCU callbacks the last one queued
		 * (XArray nodes, RcuBox frees): run inside the next measurement,
		 * they would be counted as its cost.
		 */
		for (r = 0; r < rounds; r++) {
			for (unsigned int k = 0; k < 3; k++) {
				v = (k + r) % 3;
				rcu_barrier();
				samples[v][r] = bench_ops[op].variant[v](iters, &sink) * 100 / iters;
			}
		}
		for (v = 0; v < 3; v++)
			sort(samples[v], rounds, sizeof(u64), cmp_u64, NULL);
		/* name, then c kxx helper in hundredths of ns per op (median) */
		pr_info("kxx-bench: op %s %llu %llu %llu \"%s\"\n", bench_ops[op].name,
			samples[0][rounds / 2], samples[1][rounds / 2], samples[2][rounds / 2],
			bench_ops[op].text);
		cond_resched();
	}
	/*
	 * The cost per entry as the array grows: load, store and iteration
	 * over 10^2, 10^4 and 10^6 entries (a wrapper's per-entry cost, or
	 * one that grows with the tree's height, shows here).
	 */
	for (op = 0; op < ARRAY_SIZE(bench_ops); op++) {
		static const char *const sized[] = { "xa_load_each", "xa_store", "xa_iterate" };
		static const unsigned long sizes[] = { 100, 10000, 1000000 };
		unsigned int s, k;
		bool is_sized = false;

		for (k = 0; k < ARRAY_SIZE(sized); k++)
			is_sized |= !strcmp(bench_ops[op].name, sized[k]);
		if (!is_sized)
			continue;
		for (s = 0; s < ARRAY_SIZE(sizes); s++) {
			unsigned int size_rounds = min(rounds, 3u);

			for (r = 0; r < size_rounds; r++) {
				for (k = 0; k < 3; k++) {
					v = (k + r) % 3;
					rcu_barrier();
					samples[v][r] = bench_ops[op].variant[v](sizes[s], &sink) *
							100 / sizes[s];
				}
			}
			for (v = 0; v < 3; v++)
				sort(samples[v], size_rounds, sizeof(u64), cmp_u64, NULL);
			pr_info("kxx-bench: size %s %lu %llu %llu %llu\n", bench_ops[op].name,
				sizes[s], samples[0][size_rounds / 2], samples[1][size_rounds / 2],
				samples[2][size_rounds / 2]);
			cond_resched();
		}
	}
	sched_set_normal(current, 0);
	if (scaling) {
		unsigned int readers;

		for (readers = 1; readers <= 4; readers *= 2) {
			if (readers > num_online_cpus())
				break;
			pr_info("kxx-bench: scaling %u %llu %llu\n", readers,
				kxx_bench_scaling(readers, true, 300),
				kxx_bench_scaling(readers, false, 300));
		}
	}
	pr_info("kxx-bench: done sink=%llu\n", sink);
	return 0;
}
KXX_MODULE_INIT(kxx_bench_init);

static void __exit kxx_bench_exit(void)
{
}
/* then waits for the deferred frees: they run module code */
KXX_MODULE_EXIT(kxx_bench_exit);

MODULE_DESCRIPTION("kxx benchmark: C, kxx C++ and C-through-helpers, side by side");
MODULE_LICENSE("GPL");
