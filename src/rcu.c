// SPDX-License-Identifier: GPL-2.0
/*
 * RCU shims for kxx (include/kxx/rcu/): read-side sections, publication,
 * deferred frees, and the locks that serialise the writers of a
 * kxx::Rcu<P> (a mutex, or a spinlock taken irqsave).
 *
 * Deferred frees run module code (RcuBox's and RcuArc's callbacks are C++
 * per T), so a module's KXX_MODULE_EXIT() waits for them (src/srcu.c).
 * A T whose destructor is not trivial is not destroyed in the RCU callback
 * (softirq, where it could neither sleep nor take a lock that is
 * also taken with BH enabled) but in process context: the callback queues
 * it here and this module's work item destroys it.
 */
#include <linux/atomic.h>
#include <linux/llist.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <kxx/bindings.h>
#include "irqsave.h"
#include "layout-headers.h"

KXX_SHIM void kxx_rcu_read_lock(void)
{
	rcu_read_lock();
}

KXX_SHIM void kxx_rcu_read_unlock(void)
{
	rcu_read_unlock();
}

void kxx_synchronize_rcu(void)
{
	synchronize_rcu();
}

KXX_SHIM void *kxx_rcu_dereference(void *const *slot)
{
	return rcu_dereference(*(void __rcu *const *)slot);
}

KXX_SHIM void *kxx_rcu_dereference_writer(void *const *slot, spinlock_t *writer_lock)
{
	return rcu_dereference_protected(*(void __rcu *const *)slot,
					 lockdep_is_held(writer_lock));
}

KXX_SHIM void *kxx_rcu_dereference_mutex(void *const *slot, struct mutex *writers)
{
	return rcu_dereference_protected(*(void __rcu *const *)slot, lockdep_is_held(writers));
}

KXX_SHIM void kxx_rcu_assign_pointer(void **slot, void *value)
{
	rcu_assign_pointer(*(void __rcu **)slot, value);
}

KXX_SHIM void kxx_call_rcu(struct callback_head *head, void (*free)(struct callback_head *head))
{
	call_rcu(head, free);
}

/* --- destructors in process context, and the barrier ---------------------- */

/* What an rcu_head becomes once its callback has run: a queue entry. */
struct kxx_reap {
	struct llist_node node;
	void (*destroy)(struct callback_head *head);
};

static LLIST_HEAD(kxx_reap_list);
static atomic_long_t kxx_rcu_ran_count = ATOMIC_LONG_INIT(0);

static void kxx_reap_work_fn(struct work_struct *work)
{
	struct llist_node *next = llist_reverse_order(llist_del_all(&kxx_reap_list));

	while (next) {
		struct kxx_reap *reap = container_of(next, struct kxx_reap, node);

		next = next->next; /* read before the object is freed */
		reap->destroy((struct callback_head *)reap);
		atomic_long_inc(&kxx_rcu_ran_count);
		cond_resched();
	}
}

static DECLARE_WORK(kxx_reap_work, kxx_reap_work_fn);

void kxx_rcu_reap(struct callback_head *head, void (*destroy)(struct callback_head *head))
{
	struct kxx_reap *reap = (struct kxx_reap *)head;

	BUILD_BUG_ON(sizeof(struct kxx_reap) > sizeof(struct callback_head));
	reap->destroy = destroy;
	llist_add(&reap->node, &kxx_reap_list);
	schedule_work(&kxx_reap_work);
}

void kxx_rcu_ran(void)
{
	atomic_long_inc(&kxx_rcu_ran_count);
}

long kxx_rcu_ran_total(void)
{
	return atomic_long_read(&kxx_rcu_ran_count);
}

/*
 * A pass that ran no kxx callback and destroyed nothing queued nothing new:
 * then every deferred free of this module has run, nested ones included.
 */

/*
 * on_each_cpu_nowait() callables still in flight (src/percpu.c counts
 * them): a waiting on_each_cpu() is no barrier for them, since a CPU runs
 * the waited-for calls it has queued before the others.
 */
static void kxx_nowait_barrier(void)
{
	while (kxx_on_each_cpu_nowait_pending())
		schedule_timeout_uninterruptible(1);
}

void kxx_rcu_barrier(void)
{
	static bool warned;
	long before;

	/* From a ~T run by kxx_reap_work: flushing it would wait for itself. */
	if (current_work() == &kxx_reap_work) {
		kxx_warn(&warned, __FILE__, __LINE__,
			 "rcu::barrier() from a destructor kxx runs after a grace period: it would wait for itself; nothing waited for");
		return;
	}

	do {
		kxx_nowait_barrier();
		before = atomic_long_read(&kxx_rcu_ran_count);
		rcu_barrier();
		flush_work(&kxx_reap_work);
	} while (atomic_long_read(&kxx_rcu_ran_count) != before ||
		 kxx_on_each_cpu_nowait_pending());
}

/* --- the writers' locks --------------------------------------------------- */

void kxx_spin_lock_init(spinlock_t *lock, struct lock_class_key *key, const char *name)
{
	spin_lock_init(lock);
	lockdep_set_class_and_name(lock, key, name);
}

const char *kxx_spin_lock_name(spinlock_t *lock)
{
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	return lock->dep_map.name;
#else
	return NULL;
#endif
}

KXX_SHIM void kxx_spin_lock(spinlock_t *lock)
{
	spin_lock(lock);
}

KXX_SHIM void kxx_spin_unlock(spinlock_t *lock)
{
	spin_unlock(lock);
}

KXX_SHIM unsigned long kxx_spin_lock_irqsave(spinlock_t *lock)
{
	unsigned long flags;

	spin_lock_irqsave(lock, flags);
	kxx_irq_saved();
	return flags;
}

KXX_SHIM void kxx_spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	unsigned long restore = kxx_irq_restore_flags(flags); /* once: macros below */

	spin_unlock_irqrestore(lock, restore);
}

void kxx_mutex_init(struct mutex *lock, struct lock_class_key *key, const char *name)
{
	__mutex_init(lock, name, key);
}

void kxx_mutex_destroy(struct mutex *lock)
{
	mutex_destroy(lock);
}

KXX_SHIM bool kxx_mutex_is_locked(struct mutex *lock)
{
	return mutex_is_locked(lock);
}

KXX_SHIM bool kxx_spin_is_locked(spinlock_t *lock)
{
	return spin_is_locked(lock);
}

KXX_SHIM void kxx_mutex_lock(struct mutex *lock)
{
	mutex_lock(lock);
}

KXX_SHIM void kxx_mutex_unlock(struct mutex *lock)
{
	mutex_unlock(lock);
}

const char *kxx_mutex_name(struct mutex *lock)
{
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	return lock->dep_map.name;
#else
	return NULL;
#endif
}
