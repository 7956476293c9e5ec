/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/bindings.h - the C shims kxx's C++ code calls, and nothing else.
 *
 * C++ never includes a kernel header.  Every kernel API it needs is reached
 * through one small C function defined in src/<subsystem>.c, which includes
 * this header too, so the C compiler checks each definition against the
 * prototype C++ sees.  The shims use only basic C types; opaque kernel
 * structs are passed by pointer and their storage is sized from the generated
 * layout header (kxx/core/layout.h).
 *
 * This is the whole surface between kxx and the kernel: the freestanding
 * check rejects any other undefined symbol in a C++ object.
 */
#ifndef KXX_BINDINGS_H
#define KXX_BINDINGS_H

#ifdef __cplusplus
extern "C" {
#define KXX_C_NOEXCEPT noexcept
#else
#include <linux/types.h>
#define KXX_C_NOEXCEPT
/*
 * What the kernel's own static inlines are to C, the small shims are to
 * C++: always inlined into their callers (by GCC's link-time optimiser,
 * KXX_LTO=1), however many call sites a module has, so a wrapper costs what
 * the C it wraps costs.  The prototypes below carry no `inline`, so each
 * definition is still an external one (called, with KXX_LTO=0).
 */
#define KXX_SHIM __attribute__((always_inline)) inline
#endif

#define KXX_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))

struct refcount_struct; /* refcount_t */
struct xarray;
struct lock_class_key;
struct spinlock; /* spinlock_t */
struct mutex;
struct callback_head; /* struct rcu_head */
struct page;
struct srcu_struct;
struct module;

/* --- src/core.c: bug, printk, slab, refcount, layout ------------------- */

/* BUG() with a message: for states that must never be reached. */
__attribute__((noreturn, cold)) void kxx_bug(const char *why) KXX_C_NOEXCEPT;
/*
 * WARN_ONCE-style report of a misuse that kxx recovers from; returns so the
 * caller can fall back to a safe state.  The message is printed once per
 * call site (the site passes its own "done" flag).
 */
__attribute__((cold)) void kxx_warn(bool *once, const char *file, int line,
				    const char *why) KXX_C_NOEXCEPT;
/*
 * For tests of misuse: while expected (a count > 0), kxx_warn() counts and
 * logs instead of WARNing.  kxx_misuse_expect() returns the count so far.
 */
unsigned long kxx_misuse_expect(bool expect) KXX_C_NOEXCEPT;
KXX_PRINTF(1, 2) void kxx_pr_info(const char *fmt, ...) KXX_C_NOEXCEPT;
/* scnprintf(): the number of characters written, never more than @size - 1. */
KXX_PRINTF(3, 4) int kxx_scnprintf(char *buf, unsigned long size, const char *fmt,
				   ...) KXX_C_NOEXCEPT;

/*
 * local_irq_save()/local_irq_restore() for kxx's irqsave guards; with
 * CONFIG_DEBUG_IRQFLAGS, sections ending out of order are reported and
 * interrupts stay off until the last one ends (kxx_irqsave_order_checked()).
 */
unsigned long kxx_irq_save(void) KXX_C_NOEXCEPT;
void kxx_irq_restore(unsigned long flags) KXX_C_NOEXCEPT;
bool kxx_irqsave_order_checked(void) KXX_C_NOEXCEPT;
/* irqs_disabled(): interrupts are off on this CPU. */
bool kxx_irqs_disabled(void) KXX_C_NOEXCEPT;
/* might_sleep(): DEBUG_ATOMIC_SLEEP reports a caller in atomic context at once. */
void kxx_might_sleep(void) KXX_C_NOEXCEPT;

void *kxx_kmalloc(unsigned long size, unsigned int gfp) KXX_C_NOEXCEPT;
/* kmalloc() of a constant size from its kmalloc cache (index: kmalloc_index(size)). */
void *kxx_kmalloc_cache(unsigned int index, unsigned long size, unsigned int gfp) KXX_C_NOEXCEPT;
unsigned int kxx_kmalloc_index(unsigned long size) KXX_C_NOEXCEPT;
void kxx_kfree(const void *ptr) KXX_C_NOEXCEPT;

void kxx_refcount_set(struct refcount_struct *r, int n) KXX_C_NOEXCEPT;
void kxx_refcount_inc(struct refcount_struct *r) KXX_C_NOEXCEPT;
bool kxx_refcount_dec_and_test(struct refcount_struct *r) KXX_C_NOEXCEPT;
/* refcount_inc_not_zero(): false when the count had reached zero. */
bool kxx_refcount_inc_not_zero(struct refcount_struct *r) KXX_C_NOEXCEPT;
unsigned int kxx_refcount_read(const struct refcount_struct *r) KXX_C_NOEXCEPT;

/* The value the C compiler computes for entry @index of kxx/layout.def. */
unsigned long kxx_layout_value(unsigned int index) KXX_C_NOEXCEPT;
unsigned int kxx_layout_count(void) KXX_C_NOEXCEPT;

/* --- src/xarray.c: the XArray -------------------------------------------
 * The __xa_* operations expect the array's lock held (in the flavour its
 * flags name); kxx::XArray::Guard is what guarantees it.  Functions that
 * report an error return it as a negative errno (through @err for those
 * that also return an entry).
 */
/* xa_init_flags() with the lockdep class of the caller's choosing (@key is
 * static storage, one per initialisation site, as C's xa_init gets). */
void kxx_xa_init(struct xarray *xa, unsigned int flags, struct lock_class_key *key,
		 const char *name) KXX_C_NOEXCEPT;
void kxx_xa_destroy(struct xarray *xa) KXX_C_NOEXCEPT;
/*
 * For a dying array: takes its first present entry out (NULL when none is
 * left), under its lock taken irqsave as xa_destroy() takes it, at lockdep
 * subclass 1 (a lock of the same class may be held around it).
 */
void *kxx_xa_take_first(struct xarray *xa) KXX_C_NOEXCEPT;
/* spin_lock{,_irqsave,_bh}_nested(): the lock at lockdep @subclass (< 8). */
void kxx_xa_lock_nested(struct xarray *xa, unsigned int subclass) KXX_C_NOEXCEPT;
unsigned long kxx_xa_lock_irqsave_nested(struct xarray *xa, unsigned int subclass) KXX_C_NOEXCEPT;
void kxx_xa_lock_bh_nested(struct xarray *xa, unsigned int subclass) KXX_C_NOEXCEPT;
bool kxx_xa_empty(const struct xarray *xa) KXX_C_NOEXCEPT;
/* The lockdep class name of the array's lock (NULL without lockdep). */
const char *kxx_xa_lock_name(struct xarray *xa) KXX_C_NOEXCEPT;
/* spin_is_locked(&xa->xa_lock): held by anyone (for ~XArray's check). */
bool kxx_xa_is_locked(struct xarray *xa) KXX_C_NOEXCEPT;

void kxx_xa_lock(struct xarray *xa) KXX_C_NOEXCEPT;
void kxx_xa_unlock(struct xarray *xa) KXX_C_NOEXCEPT;
unsigned long kxx_xa_lock_irqsave(struct xarray *xa) KXX_C_NOEXCEPT;
void kxx_xa_unlock_irqrestore(struct xarray *xa, unsigned long flags) KXX_C_NOEXCEPT;
void kxx_xa_lock_bh(struct xarray *xa) KXX_C_NOEXCEPT;
void kxx_xa_unlock_bh(struct xarray *xa) KXX_C_NOEXCEPT;
void kxx_xa_lock_irq(struct xarray *xa) KXX_C_NOEXCEPT;
void kxx_xa_unlock_irq(struct xarray *xa) KXX_C_NOEXCEPT;
bool kxx_xa_trylock(struct xarray *xa) KXX_C_NOEXCEPT;
bool kxx_xa_trylock_irqsave(struct xarray *xa, unsigned long *flags) KXX_C_NOEXCEPT;
bool kxx_xa_trylock_bh(struct xarray *xa) KXX_C_NOEXCEPT;

/* Under RCU or the lock. */
void *kxx_xa_load(struct xarray *xa, unsigned long index) KXX_C_NOEXCEPT;
/* Under the lock. */
void *kxx_xa_store(struct xarray *xa, unsigned long index, void *entry, unsigned int gfp,
		   int *err) KXX_C_NOEXCEPT;
int kxx_xa_insert(struct xarray *xa, unsigned long index, void *entry,
		  unsigned int gfp) KXX_C_NOEXCEPT;
void *kxx_xa_erase(struct xarray *xa, unsigned long index) KXX_C_NOEXCEPT;
int kxx_xa_alloc(struct xarray *xa, unsigned int *id, void *entry, unsigned int min,
		 unsigned int max, unsigned int gfp) KXX_C_NOEXCEPT;
int kxx_xa_alloc_cyclic(struct xarray *xa, unsigned int *id, void *entry, unsigned int min,
			unsigned int max, unsigned int *next, unsigned int gfp) KXX_C_NOEXCEPT;
/* Store @entry into a slot reserved by kxx_xa_alloc(entry = NULL); -EBUSY if
 * the slot no longer holds the reservation.  Allocates nothing. */
int kxx_xa_fill_reserved(struct xarray *xa, unsigned long index, void *entry) KXX_C_NOEXCEPT;
/* Free a reserved slot; does nothing if it was filled or erased since. */
void kxx_xa_release_reserved(struct xarray *xa, unsigned long index) KXX_C_NOEXCEPT;
void kxx_xa_set_mark(struct xarray *xa, unsigned long index, unsigned int mark) KXX_C_NOEXCEPT;
void kxx_xa_clear_mark(struct xarray *xa, unsigned long index, unsigned int mark) KXX_C_NOEXCEPT;
/* Under RCU or the lock. */
bool kxx_xa_get_mark(struct xarray *xa, unsigned long index, unsigned int mark) KXX_C_NOEXCEPT;
/*
 * Under the lock: one entry for the 2^@order indices from @index (aligned),
 * replacing the only entry there, which it returns; *err is -EBUSY if
 * the range holds several, or -ENOMEM.  A blocking @gfp drops the lock (in
 * the array's flavour) to allocate.
 */
void *kxx_xa_store_order(struct xarray *xa, unsigned long index, unsigned int order, void *entry,
			 unsigned int gfp, int *err) KXX_C_NOEXCEPT;
/* xa_get_order(): 0 without CONFIG_XARRAY_MULTI. */
unsigned int kxx_xa_get_order(struct xarray *xa, unsigned long index) KXX_C_NOEXCEPT;
/*
 * Under the lock: stores @entry at @index if the entry there is @old (NULL:
 * empty; a reserved index never matches).  Returns what was there (NULL
 * for a reservation); *status is 0 when stored, -EBUSY on a mismatch,
 * -ENOMEM.  A blocking @gfp drops the lock to allocate.
 */
void *kxx_xa_cmpxchg(struct xarray *xa, unsigned long index, void *old, void *entry,
		     unsigned int gfp, int *status) KXX_C_NOEXCEPT;
/* First present (or @filter-marked) entry in [*index, max]; updates *index. */
void *kxx_xa_find(struct xarray *xa, unsigned long *index, unsigned long max,
		  unsigned int filter) KXX_C_NOEXCEPT;
/* The same, strictly after *index. */
void *kxx_xa_find_after(struct xarray *xa, unsigned long *index, unsigned long max,
			unsigned int filter) KXX_C_NOEXCEPT;
/* The same for any @filter, also a mark: never back inside a multi-index entry. */
void *kxx_xa_find_after_marked(struct xarray *xa, unsigned long *index, unsigned long max,
			       unsigned int filter) KXX_C_NOEXCEPT;

/*
 * The advanced API: a struct xa_state in C++'s opaque storage.  Under the
 * lock, or (load, steps, find, get_mark, pause) under RCU.  Every entry
 * returned is NULL, a value or a stored pointer: never an internal entry.
 */
struct xa_state;
void kxx_xas_init(struct xa_state *xas, struct xarray *xa, unsigned long index) KXX_C_NOEXCEPT;
unsigned long kxx_xas_index(const struct xa_state *xas) KXX_C_NOEXCEPT;
void kxx_xas_set(struct xa_state *xas, unsigned long index) KXX_C_NOEXCEPT;
void *kxx_xas_load(struct xa_state *xas) KXX_C_NOEXCEPT;
void *kxx_xas_next(struct xa_state *xas) KXX_C_NOEXCEPT;
void *kxx_xas_prev(struct xa_state *xas) KXX_C_NOEXCEPT;
void *kxx_xas_find(struct xa_state *xas, unsigned long max) KXX_C_NOEXCEPT;
void *kxx_xas_find_marked(struct xa_state *xas, unsigned long max,
			  unsigned int mark) KXX_C_NOEXCEPT;
void *kxx_xas_next_entry(struct xa_state *xas, unsigned long max) KXX_C_NOEXCEPT;
void *kxx_xas_next_marked(struct xa_state *xas, unsigned long max,
			  unsigned int mark) KXX_C_NOEXCEPT;
/* Under the lock; never drops it.  *err: 0 or -ENOMEM (see kxx_xas_prealloc). */
void *kxx_xas_store(struct xa_state *xas, void *entry, int *err) KXX_C_NOEXCEPT;
bool kxx_xas_is_reserved(struct xa_state *xas) KXX_C_NOEXCEPT;
void kxx_xas_set_mark(struct xa_state *xas, unsigned int mark) KXX_C_NOEXCEPT;
void kxx_xas_clear_mark(struct xa_state *xas, unsigned int mark) KXX_C_NOEXCEPT;
bool kxx_xas_get_mark(struct xa_state *xas, unsigned int mark) KXX_C_NOEXCEPT;
void kxx_xas_pause(struct xa_state *xas) KXX_C_NOEXCEPT;
/* Without the lock: the node the last failed store needs; may block with @gfp. */
bool kxx_xas_prealloc(struct xa_state *xas, unsigned int gfp) KXX_C_NOEXCEPT;
void kxx_xas_destroy(struct xa_state *xas) KXX_C_NOEXCEPT;

/* --- src/rcu.c: RCU, deferred frees, and the locks Rcu<P> writers take --- */
void kxx_rcu_read_lock(void) KXX_C_NOEXCEPT;
void kxx_rcu_read_unlock(void) KXX_C_NOEXCEPT;
void kxx_synchronize_rcu(void) KXX_C_NOEXCEPT;
/*
 * Waits until this module's deferred frees have all run: RCU callbacks,
 * the destructors they sent to process context, and the frees those queued
 * in turn (rcu_barrier() does not wait for callbacks queued meanwhile).
 */
void kxx_rcu_barrier(void) KXX_C_NOEXCEPT;
/* rcu_dereference(*slot): inside rcu_read_lock() (PROVE_RCU checks it). */
void *kxx_rcu_dereference(void *const *slot) KXX_C_NOEXCEPT;
/* rcu_dereference_protected(*slot, lockdep_is_held(@writer_lock)). */
void *kxx_rcu_dereference_writer(void *const *slot, struct spinlock *writer_lock) KXX_C_NOEXCEPT;
/* rcu_assign_pointer(*slot, value): release ordering for readers. */
void kxx_rcu_assign_pointer(void **slot, void *value) KXX_C_NOEXCEPT;
/*
 * call_rcu(@head, @free): @free runs after a grace period, in softirq.
 * RcuBox and RcuArc pass a function of their own per T (C++ code, so the
 * module's KXX_MODULE_EXIT() waits for them).
 */
void kxx_call_rcu(struct callback_head *head,
		  void (*free)(struct callback_head *head)) KXX_C_NOEXCEPT;
/*
 * From an RCU callback: run @destroy(@head) in process context instead (a
 * work item of this module), for a T whose destructor may sleep or take
 * locks that are not softirq-safe.  @head's storage is reused for the queue.
 */
void kxx_rcu_reap(struct callback_head *head,
		  void (*destroy)(struct callback_head *head)) KXX_C_NOEXCEPT;
/* Counts a kxx RCU callback or reaped destructor that ran (for the barrier). */
void kxx_rcu_ran(void) KXX_C_NOEXCEPT;
long kxx_rcu_ran_total(void) KXX_C_NOEXCEPT; /* how many so far */

/* rcu_dereference_protected(*slot, lockdep_is_held(@writers)): a mutex. */
void *kxx_rcu_dereference_mutex(void *const *slot, struct mutex *writers) KXX_C_NOEXCEPT;

void kxx_mutex_init(struct mutex *lock, struct lock_class_key *key,
		    const char *name) KXX_C_NOEXCEPT;
void kxx_mutex_destroy(struct mutex *lock) KXX_C_NOEXCEPT;
/* Held by anyone (for destructors' checks). */
bool kxx_mutex_is_locked(struct mutex *lock) KXX_C_NOEXCEPT;
bool kxx_spin_is_locked(struct spinlock *lock) KXX_C_NOEXCEPT;
/* mutex_lock(): may sleep (process context only). */
void kxx_mutex_lock(struct mutex *lock) KXX_C_NOEXCEPT;
void kxx_mutex_unlock(struct mutex *lock) KXX_C_NOEXCEPT;
const char *kxx_mutex_name(struct mutex *lock) KXX_C_NOEXCEPT;
/*
 * The lockdep class of one declaration site (@file, @line, and the lock's
 * @what and @flavour), from a static pool of this module: the same key for
 * the same site every time, named "@what (@flavour, file:line)" (*@name).
 */
struct lock_class_key *kxx_site_lock_class(const char *what, const char *flavour,
					   const char *file, unsigned int line,
					   const char **name) KXX_C_NOEXCEPT;
/* spin_lock_irqsave() through kxx_irq_save(); returns the state to restore. */
unsigned long kxx_spin_lock_irqsave(struct spinlock *lock) KXX_C_NOEXCEPT;
void kxx_spin_unlock_irqrestore(struct spinlock *lock, unsigned long flags) KXX_C_NOEXCEPT;

void kxx_spin_lock_init(struct spinlock *lock, struct lock_class_key *key,
			const char *name) KXX_C_NOEXCEPT;
void kxx_spin_lock(struct spinlock *lock) KXX_C_NOEXCEPT;
/* The lockdep class name of @lock (NULL without lockdep). */
const char *kxx_spin_lock_name(struct spinlock *lock) KXX_C_NOEXCEPT;
void kxx_spin_unlock(struct spinlock *lock) KXX_C_NOEXCEPT;

/* --- src/lock.c: SpinLock and Mutex (kxx/sync/spin_lock.h, sync/mutex.h) - */

void kxx_spin_lock_bh(struct spinlock *lock) KXX_C_NOEXCEPT;
/* spin_unlock_bh(); inside an interrupts-off section, leaves them off. */
void kxx_spin_unlock_bh(struct spinlock *lock) KXX_C_NOEXCEPT;
bool kxx_spin_trylock(struct spinlock *lock) KXX_C_NOEXCEPT;
bool kxx_spin_trylock_irqsave(struct spinlock *lock, unsigned long *flags) KXX_C_NOEXCEPT;
bool kxx_spin_trylock_bh(struct spinlock *lock) KXX_C_NOEXCEPT;
/* spin_lock{,_irqsave,_bh}_nested(): the lock at lockdep @subclass (< 8). */
void kxx_spin_lock_nested(struct spinlock *lock, unsigned int subclass) KXX_C_NOEXCEPT;
unsigned long kxx_spin_lock_irqsave_nested(struct spinlock *lock,
					   unsigned int subclass) KXX_C_NOEXCEPT;
void kxx_spin_lock_bh_nested(struct spinlock *lock, unsigned int subclass) KXX_C_NOEXCEPT;
/* might_sleep(), then mutex_lock() / mutex_lock_nested(): process context only. */
void kxx_mutex_lock_checked(struct mutex *lock) KXX_C_NOEXCEPT;
void kxx_mutex_lock_nested(struct mutex *lock, unsigned int subclass) KXX_C_NOEXCEPT;
bool kxx_mutex_trylock(struct mutex *lock) KXX_C_NOEXCEPT;

/* --- src/page.c: pages (kxx/page.h) ------------------------------------ */

/*
 * The pages this module holds from kxx_alloc_page() and has not freed yet
 * (counted with CONFIG_DEBUG_VM; -1 without it).
 */
long kxx_page_count(void) KXX_C_NOEXCEPT;
/* alloc_page(@gfp): an order-0 page, or NULL. */
struct page *kxx_alloc_page(unsigned int gfp) KXX_C_NOEXCEPT;
/* __free_page(@page) now. */
void kxx_free_page(struct page *page) KXX_C_NOEXCEPT;
/* __free_page(@page) after a grace period (call_rcu on page->rcu_head). */
void kxx_free_page_rcu(struct page *page) KXX_C_NOEXCEPT;
/*
 * memcpy_page(), memzero_page(), memcpy_from_page(), memcpy_to_page(): the
 * caller has checked the ranges.
 */
void kxx_memcpy_page(struct page *dst, unsigned long dst_offset, struct page *src,
		     unsigned long src_offset, unsigned long len) KXX_C_NOEXCEPT;
void kxx_memzero_page(struct page *page, unsigned long offset, unsigned long len) KXX_C_NOEXCEPT;
/* memmove() within one page. */
void kxx_memmove_in_page(struct page *page, unsigned long dst_offset, unsigned long src_offset,
			 unsigned long len) KXX_C_NOEXCEPT;
void kxx_memcpy_from_page(void *dst, struct page *page, unsigned long offset,
			  unsigned long len) KXX_C_NOEXCEPT;
void kxx_memcpy_to_page(struct page *page, unsigned long offset, const void *src,
			unsigned long len) KXX_C_NOEXCEPT;

/* --- src/percpu.c: per-CPU memory and preemption -------------------------
 * Per-CPU pointers (void *here) are the kernel's `void __percpu *`: offsets
 * into every CPU's area, never dereferenced directly.
 */
void kxx_preempt_disable(void) KXX_C_NOEXCEPT;
void kxx_preempt_enable(void) KXX_C_NOEXCEPT;
unsigned int kxx_preempt_count(void) KXX_C_NOEXCEPT;
unsigned int kxx_smp_processor_id(void) KXX_C_NOEXCEPT;
/* __alloc_percpu_gfp(): zeroed, aligned to @align; NULL on failure. */
void *kxx_alloc_percpu(unsigned long size, unsigned long align, unsigned int gfp) KXX_C_NOEXCEPT;
void kxx_free_percpu(void *pcpu) KXX_C_NOEXCEPT;
/* this_cpu_ptr(): the caller has preemption disabled. */
void *kxx_this_cpu_ptr(void *pcpu) KXX_C_NOEXCEPT;
void *kxx_per_cpu_ptr(void *pcpu, unsigned int cpu) KXX_C_NOEXCEPT;
/* The next possible CPU after @cpu (-1 to start); >= nr_cpu_ids at the end. */
unsigned int kxx_next_possible_cpu(int cpu) KXX_C_NOEXCEPT;
/* Word @i of the possible-CPU mask, and how many words it has. */
unsigned long kxx_possible_mask_word(unsigned int i) KXX_C_NOEXCEPT;
unsigned int kxx_possible_mask_words(void) KXX_C_NOEXCEPT;
unsigned int kxx_nr_cpu_ids(void) KXX_C_NOEXCEPT;
/* cpu < nr_cpu_ids && cpu_possible(cpu). */
bool kxx_cpu_possible(unsigned int cpu) KXX_C_NOEXCEPT;
/* this_cpu_add() for 1, 2, 4 and 8-byte integers: the portable counter path. */
void kxx_this_cpu_add_1(void *pcpu, unsigned char v) KXX_C_NOEXCEPT;
void kxx_this_cpu_add_2(void *pcpu, unsigned short v) KXX_C_NOEXCEPT;
void kxx_this_cpu_add_4(void *pcpu, unsigned int v) KXX_C_NOEXCEPT;
void kxx_this_cpu_add_8(void *pcpu, unsigned long long v) KXX_C_NOEXCEPT;
/*
 * on_each_cpu(): @fn(@info) on every online CPU, in IPI context; false,
 * reported, and nothing run where it could deadlock (src/percpu.c).
 */
bool kxx_on_each_cpu(void (*fn)(void *info), void *info, bool wait) KXX_C_NOEXCEPT;
/* A call sent without waiting has run on one CPU (kxx_rcu_barrier() waits for all). */
void kxx_on_each_cpu_nowait_ran(void) KXX_C_NOEXCEPT;
bool kxx_on_each_cpu_nowait_pending(void) KXX_C_NOEXCEPT;

/* --- src/srcu.c: SRCU domains, their boxes, the exit barriers ------------ */
/* A new srcu_struct (class @key, @name) on this module's list; NULL on failure. */
struct srcu_struct *kxx_srcu_new(struct lock_class_key *key, const char *name) KXX_C_NOEXCEPT;
/* Whether any reader is inside (the check cleanup_srcu_struct() WARNs on). */
bool kxx_srcu_readers_active(struct srcu_struct *ssp) KXX_C_NOEXCEPT;
/* The domain's users (SrcuBoxes not yet freed, Srcu pointers): get, put, count. */
long kxx_srcu_users(struct srcu_struct *ssp) KXX_C_NOEXCEPT;
void kxx_srcu_get(struct srcu_struct *ssp) KXX_C_NOEXCEPT;
void kxx_srcu_put(struct srcu_struct *ssp) KXX_C_NOEXCEPT;
/* cleanup_srcu_struct() and free: no reader, no user, srcu_barrier() done. */
void kxx_srcu_destroy(struct srcu_struct *ssp) KXX_C_NOEXCEPT;
int kxx_srcu_read_lock(struct srcu_struct *ssp) KXX_C_NOEXCEPT;
void kxx_srcu_read_unlock(struct srcu_struct *ssp, int idx) KXX_C_NOEXCEPT;
/* Inside a read section of @ssp (lockdep's view; false without lockdep). */
bool kxx_srcu_read_held(struct srcu_struct *ssp) KXX_C_NOEXCEPT;
const char *kxx_srcu_name(struct srcu_struct *ssp) KXX_C_NOEXCEPT; /* lockdep's, or NULL */
/* Inside an RCU read section (preemptible RCU's depth, or lockdep's view). */
bool kxx_rcu_read_held(void) KXX_C_NOEXCEPT;
void kxx_synchronize_srcu(struct srcu_struct *ssp) KXX_C_NOEXCEPT;
void kxx_synchronize_srcu_expedited(struct srcu_struct *ssp) KXX_C_NOEXCEPT;
void kxx_srcu_barrier(struct srcu_struct *ssp) KXX_C_NOEXCEPT;
/* srcu_dereference(*slot, ssp): inside srcu_read_lock(ssp) (PROVE_RCU checks it). */
void *kxx_srcu_dereference(void *const *slot, struct srcu_struct *ssp) KXX_C_NOEXCEPT;
/* call_srcu(@ssp, @head, @free): @free runs after an SRCU grace period. */
void kxx_call_srcu(struct srcu_struct *ssp, struct callback_head *head,
		   void (*free)(struct callback_head *head)) KXX_C_NOEXCEPT;
/* Run by KXX_MODULE_EXIT() after the driver's exit (kxx/module.h). */
void kxx_module_exit_barriers(struct module *mod) KXX_C_NOEXCEPT;

#ifdef __cplusplus
}
#endif
#undef KXX_C_NOEXCEPT

#endif /* KXX_BINDINGS_H */
