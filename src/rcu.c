// SPDX-License-Identifier: GPL-2.0
/*
 * RCU shims for kxx (include/kxx/rcu.h), and the spinlock that serialises
 * the writers of a kxx::Rcu<P>.  RcuBox's call_rcu() callback is a C++
 * function per T, so a module using RcuBox must rcu_barrier()
 * (kxx::rcu::barrier()) before its exit returns.
 */
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <kxx/bindings.h>
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

void kxx_rcu_barrier(void)
{
	rcu_barrier();
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

KXX_SHIM void kxx_rcu_assign_pointer(void **slot, void *value)
{
	rcu_assign_pointer(*(void __rcu **)slot, value);
}

KXX_SHIM void kxx_call_rcu(struct callback_head *head, void (*free)(struct callback_head *head))
{
	call_rcu(head, free);
}

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
