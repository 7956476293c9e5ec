/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kxx benchmark: every operation exists three times, run one after the
 * other in one module:
 *   _c       C calling the kernel API directly (the baseline),
 *   _kxx     the kxx C++ API (bench/bench_kxx.cpp),
 *   _helper  C calling each static inline API through an out-of-line,
 *            non-inlined helper (how Rust-for-Linux binds them by default).
 * Each returns the nanoseconds that @iters operations took (set-up and
 * tear-down excluded) and adds a checksum to *@sink so nothing is optimised
 * away.  Under QEMU -icount shift=0 a nanosecond is one guest instruction.
 *
 * Plain C types only: this header is shared by C and C++.
 */
#ifndef KXX_BENCH_H
#define KXX_BENCH_H

#ifdef __cplusplus
extern "C" {
#endif

#define KXX_BENCH_OPS(X)                                                                   \
	X(xa_store, "XArray store to fresh indices")                                      \
	X(xa_load_locked, "XArray load under the lock")                                   \
	X(xa_load_rcu, "XArray load under RCU only")                                      \
	X(xa_load_each, "XArray load of every entry once, under RCU")                     \
	X(xa_erase, "XArray erase (and free)")                                            \
	X(xa_iterate, "XArray iterate (per entry)")                                       \
	X(xas_walk, "XArray cursor walk / xas_for_each (per entry)")                      \
	X(xa_alloc, "XArray alloc")                                                       \
	X(xa_cmpxchg, "XArray cmpxchg into an empty index")                              \
	X(xa_store_order, "XArray multi-index store (order 2) / xa_store_range")          \
	X(rcu_read_lock, "RCU read lock + unlock")                                         \
	X(rcu_dereference, "RCU dereference")                                              \
	X(rcu_replace, "RCU replace, irqsave writers + deferred free")                     \
	X(rcu_replace_mutex, "RCU replace, mutex writers + deferred free")                 \
	X(srcu_read_lock, "SRCU read lock + unlock")                                       \
	X(revocable_access, "Revocable try_access / rcu_read_lock + READ_ONCE flag")       \
	X(spin_lock, "SpinLock lock + access + unlock / spin_lock")                        \
	X(mutex_lock, "Mutex lock + access + unlock / mutex_lock")                         \
	X(percpu_add, "per-CPU counter add")                                               \
	X(percpu_with, "IrqGuard + with / local_irq_save + this_cpu_ptr")                 \
	X(percpu_sum, "per-CPU sum over CPUs")                                             \
	X(box_make, "Box::make + drop / kmalloc + kfree")                                  \
	X(arc_clone, "Arc clone + drop / refcount inc + dec")

#define KXX_BENCH_DECLARE(op, text)                                                        \
	unsigned long long kxx_bench_##op##_c(unsigned long iters, unsigned long long *sink);      \
	unsigned long long kxx_bench_##op##_kxx(unsigned long iters, unsigned long long *sink);    \
	unsigned long long kxx_bench_##op##_helper(unsigned long iters, unsigned long long *sink);
KXX_BENCH_OPS(KXX_BENCH_DECLARE)
#undef KXX_BENCH_DECLARE

/*
 * KXX_BENCH_HOT() marks, on both sides, a point of a timed loop's
 * iteration that only its hot path reaches: the start of the body, or
 * where the operation has succeeded (an entry that is not a retry, an id
 * allocated, an old value to free).  KXX_BENCH_HOT_IF(cond) marks where
 * @cond holds, for a loop that does not test it itself.  Both exist only
 * in the zero-cost check's build (KXX_BENCH_MARKS, scripts/zero-cost.sh):
 * a label whose address is kept in .discard.kxx_bench_hot, a section of
 * the module's object that its final link drops.  scripts/zero-cost.py
 * reads it there: an operation's hot path is the shortest way round its
 * loop through the mark.  A mark emits no instruction, but as an asm
 * statement (and a test) it can change how registers are allocated around
 * it, so the measured builds (make bench) have none.
 */
#ifdef KXX_BENCH_MARKS
#define KXX_BENCH_HOT()                                                                    \
	asm volatile("%=:\n\t.pushsection .discard.kxx_bench_hot,\"\",@progbits\n\t"           \
		     ".quad %=b\n\t.popsection" : :)
#define KXX_BENCH_HOT_IF(cond)                                                             \
	do {                                                                               \
		if (cond)                                                                  \
			KXX_BENCH_HOT();                                                   \
	} while (0)
#else
#define KXX_BENCH_HOT() do { } while (0)
#define KXX_BENCH_HOT_IF(cond) do { } while (0)
#endif

/* ktime_get_ns(), for the C++ side. */
unsigned long long kxx_bench_clock(void);

/* kvmalloc_array() / kvfree() of @n pointers, for the C++ side's objects. */
void **kxx_bench_ptrs_alloc(unsigned long n);
void kxx_bench_ptrs_free(void **ptrs);

/*
 * Scaling: reads per second with @readers kthreads (one per CPU), each
 * doing lockless load() (@lockless) or locked get() on one shared array.
 */
unsigned long long kxx_bench_scaling(unsigned int readers, bool lockless, unsigned int ms);

#ifdef __cplusplus
}
#endif

#endif /* KXX_BENCH_H */
