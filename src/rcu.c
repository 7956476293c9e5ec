// SPDX-License-Identifier: GPL-2.0
/*
 * RCU shims for kxx (include/kxx/rcu.h), and the spinlock that serialises
 * the writers of a kxx::Rcu<P>.  The RcuBox callback is a C function here, so
 * call_rcu() only ever sees a C callback, and a module using RcuBox must
 * rcu_barrier() (kxx::rcu::barrier()) before its exit returns.
 */
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <kxx/bindings.h>
#include "layout-headers.h"

void kxx_rcu_read_lock(void)
{
	rcu_read_lock();
}

void kxx_rcu_read_unlock(void)
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

void *kxx_rcu_dereference(void *const *slot)
{
	return rcu_dereference(*(void __rcu *const *)slot);
}

void *kxx_rcu_dereference_writer(void *const *slot, spinlock_t *writer_lock)
{
	return rcu_dereference_protected(*(void __rcu *const *)slot,
					 lockdep_is_held(writer_lock));
}

void kxx_rcu_assign_pointer(void **slot, void *value)
{
	rcu_assign_pointer(*(void __rcu **)slot, value);
}

void kxx_rcu_box_init(void *header, void *(*drop)(void *header), unsigned long offset)
{
	struct kxx_rcu_box_header *h = header;

	h->drop = drop ? drop : (void *(*)(void *))((offset << 1) | 1);
}

static void kxx_rcu_box_free(struct rcu_head *head)
{
	struct kxx_rcu_box_header *h = container_of(head, struct kxx_rcu_box_header, head);
	unsigned long drop = (unsigned long)h->drop;

	if (drop & 1)
		kfree((char *)h - (drop >> 1));
	else
		kfree(h->drop(h));
}

void kxx_rcu_box_free_deferred(void *header)
{
	struct kxx_rcu_box_header *h = header;

	call_rcu(&h->head, kxx_rcu_box_free);
}

void kxx_spin_lock_init(spinlock_t *lock, struct lock_class_key *key, const char *name)
{
	spin_lock_init(lock);
	lockdep_set_class_and_name(lock, key, name);
}

void kxx_spin_lock(spinlock_t *lock)
{
	spin_lock(lock);
}

void kxx_spin_unlock(spinlock_t *lock)
{
	spin_unlock(lock);
}
