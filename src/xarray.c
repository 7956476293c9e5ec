// SPDX-License-Identifier: GPL-2.0
/*
 * XArray shims for kxx (include/kxx/xarray/).  One function per static
 * inline or macro of <linux/xarray.h> that C++ needs; the real work is the
 * kernel's.  Locking is the caller's: kxx::XArray::Guard holds xa_lock in the
 * flavour the array's flags name around every __xa_* call.
 */
#include <linux/bottom_half.h>
#include <linux/preempt.h>
#include <linux/lockdep.h>
#include <linux/xarray.h>
#include <kxx/bindings.h>
#include "irqsave.h"

void kxx_xa_init(struct xarray *xa, unsigned int flags, struct lock_class_key *key,
		 const char *name)
{
	xa_init_flags(xa, (__force gfp_t)flags);
	lockdep_set_class_and_name(&xa->xa_lock, key, name);
}

/*
 * After kxx_xa_take_first() has emptied it, nothing is left: the last erase
 * freed the nodes.  xa_destroy() would take the lock again at subclass 0,
 * which a caller holding a Guard of the same class makes look recursive.
 */
void kxx_xa_destroy(struct xarray *xa)
{
	if (!xa_empty(xa))
		xa_destroy(xa);
}

void *kxx_xa_take_first(struct xarray *xa)
{
	unsigned long flags, index = 0;
	void *entry;

	spin_lock_irqsave_nested(&xa->xa_lock, flags, SINGLE_DEPTH_NESTING);
	kxx_irq_saved();
	entry = xa_find(xa, &index, ULONG_MAX, XA_PRESENT);
	if (entry)
		__xa_erase(xa, index);
	spin_unlock_irqrestore(&xa->xa_lock, kxx_irq_restore_flags(flags));
	return entry;
}

KXX_SHIM void kxx_xa_lock_nested(struct xarray *xa, unsigned int subclass)
{
	spin_lock_nested(&xa->xa_lock, subclass);
}

KXX_SHIM unsigned long kxx_xa_lock_irqsave_nested(struct xarray *xa, unsigned int subclass)
{
	unsigned long flags;

	spin_lock_irqsave_nested(&xa->xa_lock, flags, subclass);
	kxx_irq_saved();
	return flags;
}

/* As spin_lock_bh(), at @subclass; spin_unlock_bh() (kxx_xa_unlock_bh()) ends it. */
KXX_SHIM void kxx_xa_lock_bh_nested(struct xarray *xa, unsigned int subclass)
{
	if (unlikely(in_hardirq())) { /* as kxx_xa_lock_bh() */
		spin_lock_nested(&xa->xa_lock, subclass);
		return;
	}
	local_bh_disable();
	spin_lock_nested(&xa->xa_lock, subclass);
}

KXX_SHIM bool kxx_xa_empty(const struct xarray *xa)
{
	return xa_empty(xa);
}

const char *kxx_xa_lock_name(struct xarray *xa)
{
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	return xa->xa_lock.dep_map.name;
#else
	return NULL;
#endif
}

KXX_SHIM bool kxx_xa_is_locked(struct xarray *xa)
{
	return spin_is_locked(&xa->xa_lock);
}

KXX_SHIM void kxx_xa_lock(struct xarray *xa)
{
	xa_lock(xa);
}

KXX_SHIM void kxx_xa_unlock(struct xarray *xa)
{
	xa_unlock(xa);
}

/* The kernel's irqsave, with kxx's bookkeeping of such sections (core.c). */
KXX_SHIM unsigned long kxx_xa_lock_irqsave(struct xarray *xa)
{
	unsigned long flags;

	xa_lock_irqsave(xa, flags);
	kxx_irq_saved();
	return flags;
}

KXX_SHIM void kxx_xa_unlock_irqrestore(struct xarray *xa, unsigned long flags)
{
	unsigned long restore = kxx_irq_restore_flags(flags); /* once: macros below */

	xa_unlock_irqrestore(xa, restore);
}

/*
 * For a blocking allocation with interrupts on (they are checked): the
 * kernel turns them on and may sleep inside, as in xa_store_irq().  Not a
 * kxx irqsave section, so no bookkeeping.
 */
KXX_SHIM void kxx_xa_lock_irq(struct xarray *xa)
{
	xa_lock_irq(xa);
}

KXX_SHIM void kxx_xa_unlock_irq(struct xarray *xa)
{
	xa_unlock_irq(xa);
}

/*
 * A LockBh array reached in a hard interrupt (inside an Irqsave SpinLock's
 * T, which on_each_cpu() lends there) is locked as a plain one: softirqs
 * cannot run in a hard interrupt, and local_bh_disable() there is a kernel
 * WARN.  Its unlock, in the same hard interrupt, is then the plain one too.
 */
KXX_SHIM void kxx_xa_lock_bh(struct xarray *xa)
{
	if (unlikely(in_hardirq())) {
		xa_lock(xa);
		return;
	}
	xa_lock_bh(xa);
}

/*
 * spin_unlock_bh() runs pending softirqs and, under lockdep, turns
 * interrupts on: wrong inside an interrupts-off section (an IrqGuard, a
 * LockIrq Guard, a spinning Rcu writer).  There the BH section ends as
 * _local_bh_enable() ends it: softirqs allowed again but not run here,
 * interrupts left off (what is pending runs at the next interrupt's exit).
 */
KXX_SHIM void kxx_xa_unlock_bh(struct xarray *xa)
{
	if (unlikely(in_hardirq())) {
		xa_unlock(xa);
		return;
	}
	if (likely(!irqs_disabled())) {
		xa_unlock_bh(xa);
		return;
	}
	xa_unlock(xa);
	_local_bh_enable();
}

KXX_SHIM bool kxx_xa_trylock(struct xarray *xa)
{
	return xa_trylock(xa);
}

KXX_SHIM bool kxx_xa_trylock_irqsave(struct xarray *xa, unsigned long *flags)
{
	if (!spin_trylock_irqsave(&xa->xa_lock, *flags))
		return false;
	kxx_irq_saved();
	return true;
}

/*
 * A failed spin_trylock_bh() ends its BH section as spin_unlock_bh() does:
 * with interrupts off, as kxx_xa_unlock_bh() ends it instead.
 */
KXX_SHIM bool kxx_xa_trylock_bh(struct xarray *xa)
{
	if (unlikely(in_hardirq()))
		return xa_trylock(xa);
	if (likely(!irqs_disabled()))
		return spin_trylock_bh(&xa->xa_lock);
	local_bh_disable();
	if (spin_trylock(&xa->xa_lock))
		return true;
	_local_bh_enable();
	return false;
}

/*
 * xa_load() without its own RCU read-side section: every caller holds one
 * or the array's lock (XArray::load() takes an rcu::ReadGuard, Guard::get()
 * is a method of the lock's guard), which is what xas_load() asks for.  A
 * zero entry (a reservation) reads as NULL, and a retry entry (a node
 * being freed under a lockless reader) is walked again, as in xa_load().
 *
 * With CONFIG_PROVE_RCU the walk has a section of its own again: a guard
 * may be held by another CPU's task (a callback of on_each_cpu() given it
 * through a SpinLock's T, while its caller waits inside the section: safe,
 * as no grace period can end), which PROVE_RCU, looking at this CPU's
 * task only, would report.  Production kernels walk without it.
 */
KXX_SHIM void *kxx_xa_load(struct xarray *xa, unsigned long index)
{
	XA_STATE(xas, xa, index);
	void *entry;

	if (IS_ENABLED(CONFIG_PROVE_RCU))
		rcu_read_lock();
	do {
		entry = xas_load(&xas);
		if (xa_is_zero(entry))
			entry = NULL;
	} while (xas_retry(&xas, entry));
	if (IS_ENABLED(CONFIG_PROVE_RCU))
		rcu_read_unlock();
	return entry;
}

KXX_SHIM void *kxx_xa_store(struct xarray *xa, unsigned long index, void *entry, unsigned int gfp,
		   int *err)
{
	void *old = __xa_store(xa, index, entry, (__force gfp_t)gfp);

	*err = xa_err(old);
	return *err ? NULL : old;
}

KXX_SHIM int kxx_xa_insert(struct xarray *xa, unsigned long index, void *entry, unsigned int gfp)
{
	return __xa_insert(xa, index, entry, (__force gfp_t)gfp);
}

KXX_SHIM void *kxx_xa_erase(struct xarray *xa, unsigned long index)
{
	return __xa_erase(xa, index);
}

KXX_SHIM int kxx_xa_alloc(struct xarray *xa, unsigned int *id, void *entry, unsigned int min,
		 unsigned int max, unsigned int gfp)
{
	return __xa_alloc(xa, id, entry, XA_LIMIT(min, max), (__force gfp_t)gfp);
}

KXX_SHIM int kxx_xa_alloc_cyclic(struct xarray *xa, unsigned int *id, void *entry, unsigned int min,
			unsigned int max, unsigned int *next, unsigned int gfp)
{
	int ret = __xa_alloc_cyclic(xa, id, entry, XA_LIMIT(min, max), next,
				    (__force gfp_t)gfp);

	return ret < 0 ? ret : 0; /* 1 only says the ids wrapped */
}

int kxx_xa_fill_reserved(struct xarray *xa, unsigned long index, void *entry)
{
	XA_STATE(xas, xa, index);
	void *old;

	lockdep_assert_held(&xa->xa_lock);
	/*
	 * A reserved slot holds XA_ZERO_ENTRY, which the normal API reports as
	 * NULL; look at the raw slot so a slot erased since is not mistaken
	 * for a reservation.  Its node exists, so storing needs no allocation
	 * and the lock is not dropped between the check and the store.
	 */
	if (!xa_is_zero(xas_load(&xas)))
		return -EBUSY;
	old = __xa_cmpxchg(xa, index, XA_ZERO_ENTRY, entry, GFP_NOWAIT);
	return xa_err(old);
}

void kxx_xa_release_reserved(struct xarray *xa, unsigned long index)
{
	__xa_cmpxchg(xa, index, XA_ZERO_ENTRY, NULL, 0);
}

/*
 * xas_nomem() as the __xa_* operations do it: with a gfp that may block,
 * drop the lock (in the flavour the array's flags name) to allocate.
 */
static bool kxx_xas_nomem(struct xa_state *xas, gfp_t gfp)
{
	struct xarray *xa = xas->xa;
	unsigned int flavour = (__force unsigned int)xa->xa_flags &
			       (__force unsigned int)(XA_FLAGS_LOCK_IRQ | XA_FLAGS_LOCK_BH);
	bool retry;

	if (xas_error(xas) != -ENOMEM || !gfpflags_allow_blocking(gfp))
		return xas_nomem(xas, gfp);
	if (flavour == (__force unsigned int)XA_FLAGS_LOCK_IRQ)
		xas_unlock_irq(xas);
	else if (flavour == (__force unsigned int)XA_FLAGS_LOCK_BH)
		xas_unlock_bh(xas);
	else
		xas_unlock(xas);
	retry = xas_nomem(xas, gfp);
	if (flavour == (__force unsigned int)XA_FLAGS_LOCK_IRQ)
		xas_lock_irq(xas);
	else if (flavour == (__force unsigned int)XA_FLAGS_LOCK_BH)
		xas_lock_bh(xas);
	else
		xas_lock(xas);
	return retry;
}

#ifdef CONFIG_XARRAY_MULTI
/*
 * The one entry in [first, last], NULL if none, or -EBUSY if several.  A
 * larger entry containing the range counts as in it; reservations do not
 * (their owners find the slot gone and fill nothing).
 */
static void *kxx_xa_only_entry(struct xarray *xa, unsigned long first, unsigned long last)
{
	XA_STATE(xas, xa, first);
	void *entry, *found = NULL;

	xas_for_each(&xas, entry, last) {
		if (xa_is_zero(entry))
			continue;
		if (found)
			return XA_ERROR(-EBUSY);
		found = entry;
	}
	return found;
}

/*
 * The same, on the store's own walk: xas_load() goes down to the level the
 * entry will occupy, and when that is a leaf-level range of slots in one
 * node (orders below XA_CHUNK_SHIFT) they are read there, where xas_store()
 * will write them.  Anything else takes the general walk.
 */
static void *kxx_xas_only_entry(struct xa_state *xas, unsigned long first, unsigned long last)
{
	void *entry = xas_load(xas);
	struct xa_node *node = xas->xa_node;
	unsigned int offset, end;
	void *found;

	if (node == XAS_BOUNDS)
		return NULL; /* the whole range is past the last index in use */
	if (xas_invalid(xas) || !node || xa_is_node(entry) || node->shift != xas->xa_shift)
		goto walk;
	if (xas->xa_offset != ((first >> node->shift) & XA_CHUNK_MASK))
		return entry; /* a larger entry contains the range */
	found = xa_is_zero(entry) ? NULL : entry;
	end = xas->xa_offset + xas->xa_sibs;
	for (offset = xas->xa_offset + 1; offset <= end; offset++) {
		void *e = xa_entry_locked(xas->xa, node, offset);

		if (!e || xa_is_sibling(e) || xa_is_zero(e))
			continue;
		if (xa_is_node(e))
			goto walk;
		if (found)
			return XA_ERROR(-EBUSY);
		found = e;
	}
	return found;
walk:
	xas_reset(xas);
	return kxx_xa_only_entry(xas->xa, first, last);
}

void *kxx_xa_store_order(struct xarray *xa, unsigned long index, unsigned int order, void *entry,
			 unsigned int gfp, int *err)
{
	XA_STATE_ORDER(xas, xa, index, order);
	void *old;

	lockdep_assert_held(&xa->xa_lock);
	do {
		/* Again after each allocation: the lock may have been dropped. */
		old = kxx_xas_only_entry(&xas, index, index + (1UL << order) - 1);
		if (xa_is_err(old)) {
			xas_nomem(&xas, 0); /* frees a node allocated for a retry */
			*err = xa_err(old);
			return NULL;
		}
		xas_store(&xas, entry);
		if ((xa->xa_flags & XA_FLAGS_TRACK_FREE))
			xas_clear_mark(&xas, XA_FREE_MARK);
	} while (kxx_xas_nomem(&xas, (__force gfp_t)gfp));
	*err = xas_error(&xas);
	return *err ? NULL : old;
}
#else
void *kxx_xa_store_order(struct xarray *xa, unsigned long index, unsigned int order, void *entry,
			 unsigned int gfp, int *err)
{
	/* Not reached: the C++ side does not compile a call without it. */
	*err = -EOPNOTSUPP;
	return NULL;
}
#endif

KXX_SHIM unsigned int kxx_xa_get_order(struct xarray *xa, unsigned long index)
{
	return xa_get_order(xa, index);
}

KXX_SHIM void *kxx_xa_cmpxchg(struct xarray *xa, unsigned long index, void *old, void *entry,
			      unsigned int gfp, int *status)
{
	XA_STATE(xas, xa, index);
	void *curr;
	bool match;

	do {
		curr = xas_load(&xas);
		match = curr == old;
		if (match) {
			xas_store(&xas, entry);
			if ((xa->xa_flags & XA_FLAGS_TRACK_FREE) && !curr)
				xas_clear_mark(&xas, XA_FREE_MARK);
		}
	} while (kxx_xas_nomem(&xas, (__force gfp_t)gfp));
	*status = xas_error(&xas);
	if (!*status && !match)
		*status = -EBUSY;
	return xa_is_zero(curr) ? NULL : curr;
}

/* As __xa_set_mark(), but a reservation (a zero entry) is not marked. */
KXX_SHIM void kxx_xa_set_mark(struct xarray *xa, unsigned long index, unsigned int mark)
{
	XA_STATE(xas, xa, index);
	void *entry = xas_load(&xas);

	if (entry && !xa_is_zero(entry))
		xas_set_mark(&xas, (__force xa_mark_t)mark);
}

KXX_SHIM void kxx_xa_clear_mark(struct xarray *xa, unsigned long index, unsigned int mark)
{
	__xa_clear_mark(xa, index, (__force xa_mark_t)mark);
}

KXX_SHIM bool kxx_xa_get_mark(struct xarray *xa, unsigned long index, unsigned int mark)
{
	return xa_get_mark(xa, index, (__force xa_mark_t)mark);
}

KXX_SHIM void *kxx_xa_find(struct xarray *xa, unsigned long *index, unsigned long max,
		  unsigned int filter)
{
	return xa_find(xa, index, max, (__force xa_mark_t)filter);
}

#ifdef CONFIG_XARRAY_MULTI
/*
 * xa_find_after() with a mark filter, started inside a multi-index entry,
 * comes back to that entry's first index (xas_find_marked() backs up from
 * a sibling slot): step past its last index instead of finding it again.
 * (Without a mark, xa_find_after() skips sibling slots itself.)
 */
static noinline void *kxx_xa_find_past(struct xarray *xa, unsigned long *index,
				       unsigned long max, unsigned int filter, unsigned long prev)
{
	unsigned long last;
	void *entry;

	do {
		last = *index | ((1UL << xa_get_order(xa, *index)) - 1);
		/*
		 * Always forward.  Under the lock the entry found covers
		 * prev + 1, so last > prev; a lockless walk racing a writer
		 * may see another entry there, and then skips an index.
		 */
		if (last <= prev)
			last = prev + 1;
		if (last >= max || last < prev)
			return NULL;
		*index = last;
		entry = xa_find_after(xa, index, max, (__force xa_mark_t)filter);
		prev = last;
	} while (entry && *index <= last);
	return entry;
}
#endif

KXX_SHIM void *kxx_xa_find_after(struct xarray *xa, unsigned long *index, unsigned long max,
			unsigned int filter)
{
	return xa_find_after(xa, index, max, (__force xa_mark_t)filter);
}

KXX_SHIM void *kxx_xa_find_after_marked(struct xarray *xa, unsigned long *index,
					unsigned long max, unsigned int filter)
{
	unsigned long prev = *index;
	void *entry = xa_find_after(xa, index, max, (__force xa_mark_t)filter);

#ifdef CONFIG_XARRAY_MULTI
	if (unlikely(entry && *index <= prev))
		entry = kxx_xa_find_past(xa, index, max, filter, prev);
#endif
	return entry;
}

/*
 * The advanced API (kxx/xarray/xas.h, cursor.h, read_cursor.h): an xa_state that C++ keeps in
 * opaque storage.  A cursor under the lock or under RCU; the internal
 * entries a walk can meet (a sibling slot of a multi-index entry, a
 * reservation's zero entry, a retry entry left by a concurrent writer) are
 * resolved here, so C++ sees only NULL, values and its own pointers.
 */
KXX_SHIM void kxx_xas_init(struct xa_state *xas, struct xarray *xa, unsigned long index)
{
	*xas = (struct xa_state)__XA_STATE(xa, index, 0, 0);
}

KXX_SHIM unsigned long kxx_xas_index(const struct xa_state *xas)
{
	return xas->xa_index;
}

KXX_SHIM void kxx_xas_set(struct xa_state *xas, unsigned long index)
{
	xas_set(xas, index);
}

/*
 * A walk down the tree (xas_load(), and the first step of a fresh or reset
 * cursor) that meets a sibling slot stops at the entry's first slot, and
 * the xa_state's slot then lags its index: the next xas_next() would read
 * the slot before its index's, and report an entry at an index it does not
 * cover.  The cursor goes back to its index's own slot (a sibling, as a step
 * would leave it; changes there reach the first slot: kxx_xas_first_slot()).
 */
static __always_inline void kxx_xas_sync(struct xa_state *xas)
{
	struct xa_node *node = xas->xa_node;

	if (!xas_not_node(node))
		xas->xa_offset = (xas->xa_index >> node->shift) & XA_CHUNK_MASK;
}

/*
 * An internal entry a read landed on, resolved to what C++ may see: NULL,
 * a value or a pointer it stored; cold.  Under RCU a writer may change
 * any slot between two reads, so nothing read here is trusted: the entry
 * a sibling points to may itself be a reservation, a retry entry (its node
 * freed by a larger store), another sibling or a node (a multi-index entry
 * split by a smaller store).  Anything but a reservation or a plain entry
 * walks again from the root, as the kernel's own lockless reads do.
 */
static noinline void *kxx_xas_resolve(struct xa_state *xas, void *entry)
{
	for (;;) {
		if (xa_is_sibling(entry))
			entry = xas_reload(xas); /* the entry it belongs to */
		if (!xa_is_internal(entry))
			return entry;
		if (xa_is_zero(entry))
			return NULL; /* reserved: reads as empty */
		xas_reset(xas);
		entry = xas_load(xas);
		kxx_xas_sync(xas);
	}
}

/*
 * Whether a walk's step (xas_find*, xas_next_*) must not be handed to C++:
 * a reservation or a sibling slot is passed over (a sibling's entry starts
 * below it: the walk saw it there, or it was stored after the walk went
 * by); a retry entry or a node (a lockless walk racing a writer) walks
 * again from the current index.
 */
static __always_inline bool kxx_xas_pass(struct xa_state *xas, void *entry)
{
	if (likely(!xa_is_internal(entry)))
		return false;
	if (!xa_is_zero(entry) && !xa_is_sibling(entry))
		xas_reset(xas);
	return true;
}

KXX_SHIM void *kxx_xas_load(struct xa_state *xas)
{
	void *entry = xas_load(xas);

	kxx_xas_sync(xas);
	if (unlikely(xa_is_internal(entry)))
		return kxx_xas_resolve(xas, entry);
	return entry;
}

KXX_SHIM void *kxx_xas_next(struct xa_state *xas)
{
	void *entry = xas_next(xas);

	kxx_xas_sync(xas);
	if (unlikely(xa_is_internal(entry)))
		return kxx_xas_resolve(xas, entry);
	return entry;
}

KXX_SHIM void *kxx_xas_prev(struct xa_state *xas)
{
	void *entry = xas_prev(xas);

	kxx_xas_sync(xas);
	if (unlikely(xa_is_internal(entry)))
		return kxx_xas_resolve(xas, entry);
	return entry;
}

/* xas_find() and xas_find_marked() past internal entries (kxx_xas_pass()). */
KXX_SHIM void *kxx_xas_find(struct xa_state *xas, unsigned long max)
{
	void *entry;

	do {
		entry = xas_find(xas, max);
	} while (unlikely(kxx_xas_pass(xas, entry)));
	kxx_xas_sync(xas);
	return entry;
}

KXX_SHIM void *kxx_xas_find_marked(struct xa_state *xas, unsigned long max, unsigned int mark)
{
	void *entry;

	do {
		entry = xas_find_marked(xas, max, (__force xa_mark_t)mark);
	} while (unlikely(kxx_xas_pass(xas, entry)));
	kxx_xas_sync(xas);
	return entry;
}

/*
 * The step of an xas_for_each() walk, past internal entries as the kernel's
 * walks go past them with xas_retry() (and siblings, nodes).  The end (NULL) is tested first, as xas_for_each() tests it, so
 * the walk's own end test folds into it.
 */
KXX_SHIM void *kxx_xas_next_entry(struct xa_state *xas, unsigned long max)
{
	for (;;) {
		void *entry = xas_next_entry(xas, max);

		if (!entry || likely(!kxx_xas_pass(xas, entry)))
			return entry;
	}
}

KXX_SHIM void *kxx_xas_next_marked(struct xa_state *xas, unsigned long max, unsigned int mark)
{
	for (;;) {
		void *entry = xas_next_marked(xas, max, (__force xa_mark_t)mark);

		if (!entry || likely(!kxx_xas_pass(xas, entry)))
			return entry;
	}
}

/*
 * A step (xas_next/xas_prev) onto a sibling slot of a multi-index entry
 * leaves the xa_state there, and xas_store() and the mark functions work
 * on the slot the xa_state names: a change made there would reach only the
 * siblings (an erase leaving the entry in its first slot, its owner handed
 * back to be freed).  Changes go to the entry's first slot; the returned
 * offset (-1: nothing moved) puts the cursor back after, so that its index
 * and slot agree again for the next step.
 */
static int kxx_xas_first_slot(struct xa_state *xas)
{
	struct xa_node *node = xas->xa_node;
	unsigned int offset = xas->xa_offset;
	void *entry;

	if (xas_not_node(node))
		return -1;
	entry = xa_entry(xas->xa, node, offset);
	if (!xa_is_sibling(entry))
		return -1;
	xas->xa_offset = xa_to_sibling(entry);
	return offset;
}

/* Back at the sibling slot, if the node is still the one the step was in. */
static void kxx_xas_back(struct xa_state *xas, struct xa_node *node, int offset)
{
	if (unlikely(offset >= 0) && xas->xa_node == node)
		xas->xa_offset = offset;
}

/*
 * Under the lock: stores @entry (NULL erases) at the cursor, as __xa_store()
 * and __xa_erase() do (a stored entry leaves the free slots of an
 * allocating array), without dropping the lock: a node it needs comes from
 * kxx_xas_prealloc() or is allocated GFP_NOWAIT.  Returns the entry that
 * was there (NULL for a reservation); *err is 0 or -ENOMEM, and after an
 * error the cursor is set again at its index.
 */
KXX_SHIM void *kxx_xas_store(struct xa_state *xas, void *entry, int *err)
{
	struct xa_node *node = xas->xa_node;
	int back = kxx_xas_first_slot(xas);
	void *old = xas_store(xas, entry);

	*err = xas_error(xas);
	if (unlikely(*err)) {
		xas_set(xas, xas->xa_index);
		return NULL;
	}
	if (entry && (xas->xa->xa_flags & XA_FLAGS_TRACK_FREE))
		xas_clear_mark(xas, XA_FREE_MARK);
	kxx_xas_back(xas, node, back);
	return xa_is_zero(old) ? NULL : old;
}

/* Whether the cursor's index is reserved (xa_reserve(), alloc reservations). */
KXX_SHIM bool kxx_xas_is_reserved(struct xa_state *xas)
{
	return xa_is_zero(xas_load(xas));
}

/*
 * Marks of the entry at the cursor (nothing, or false, where there is none):
 * the entry's, kept at its first slot.
 */
KXX_SHIM void kxx_xas_set_mark(struct xa_state *xas, unsigned int mark)
{
	void *entry = xas_load(xas);
	struct xa_node *node = xas->xa_node;
	int back;

	if (!entry || xa_is_zero(entry))
		return;
	back = kxx_xas_first_slot(xas);
	xas_set_mark(xas, (__force xa_mark_t)mark);
	kxx_xas_back(xas, node, back);
}

KXX_SHIM void kxx_xas_clear_mark(struct xa_state *xas, unsigned int mark)
{
	struct xa_node *node;
	int back;

	if (!xas_load(xas))
		return;
	node = xas->xa_node;
	back = kxx_xas_first_slot(xas);
	xas_clear_mark(xas, (__force xa_mark_t)mark);
	kxx_xas_back(xas, node, back);
}

KXX_SHIM bool kxx_xas_get_mark(struct xa_state *xas, unsigned int mark)
{
	struct xa_node *node;
	bool marked;
	int back;

	if (!xas_load(xas))
		return false;
	node = xas->xa_node;
	back = kxx_xas_first_slot(xas);
	marked = xas_get_mark(xas, (__force xa_mark_t)mark);
	kxx_xas_back(xas, node, back);
	return marked;
}

/*
 * xas_pause(), from the first index of the slot the cursor is at: a cursor
 * that loaded a multi-index entry (or a slot of an upper node) at an index
 * inside it keeps that index, and xas_pause() adds the entry's span to it,
 * which would step over what follows the entry.
 */
KXX_SHIM void kxx_xas_pause(struct xa_state *xas)
{
	struct xa_node *node = xas->xa_node;

	if (!xas_invalid(xas) && node) {
		unsigned int top = node->shift + XA_CHUNK_SHIFT;
		unsigned long base = top < BITS_PER_LONG ? xas->xa_index & (~0UL << top) : 0;

		xas->xa_index = base + ((unsigned long)xas->xa_offset << node->shift);
	}
	xas_pause(xas);
}

/*
 * Without the lock: allocates the node a store that failed with -ENOMEM
 * needs (xas_nomem()), kept in the xa_state for the next attempt.  False if
 * that fails too.
 */
bool kxx_xas_prealloc(struct xa_state *xas, unsigned int gfp)
{
	if (xas->xa_alloc) {
		xas_reset(xas); /* the lock was let go */
		return true;
	}
	xas_set_err(xas, -ENOMEM);
	if (xas_nomem(xas, (__force gfp_t)gfp))
		return true;
	xas_set(xas, xas->xa_index); /* clear the error */
	return false;
}

/* Frees a preallocated node no store used (xas_destroy(), via xas_nomem()). */
KXX_SHIM void kxx_xas_destroy(struct xa_state *xas)
{
	if (unlikely(xas->xa_alloc))
		xas_nomem(xas, 0);
}
