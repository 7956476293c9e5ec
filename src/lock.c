// SPDX-License-Identifier: GPL-2.0
/*
 * Lock shims for kxx (include/kxx/sync/spin_lock.h, sync/mutex.h): a
 * spinlock in its three flavours and a mutex, each initialised with the
 * lockdep class of its declaration.  The plain spin_lock()/spin_unlock(),
 * spin_lock_irqsave()/spin_unlock_irqrestore() and mutex_lock()/
 * mutex_unlock() shims are in rcu.c (Rcu's writers use them too).
 */
#include <linux/bottom_half.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/spinlock.h>
#include <kxx/bindings.h>
#include "debug_checks.h"
#include "irqsave.h"

/*
 * A BH lock reached in a hard interrupt (inside an Irqsave lock's T, which
 * on_each_cpu() lends there) is taken as a plain one: softirqs cannot run
 * in a hard interrupt, and local_bh_disable() there is a kernel WARN.  Its
 * unlock, in the same hard interrupt, is then the plain one too.
 */
KXX_SHIM void kxx_spin_lock_bh(spinlock_t *lock)
{
	if (unlikely(in_hardirq())) {
		spin_lock(lock);
		return;
	}
	spin_lock_bh(lock);
}

/*
 * spin_unlock_bh() runs pending softirqs and, under lockdep, turns
 * interrupts on: wrong inside an interrupts-off section.  There the BH
 * section ends as _local_bh_enable() ends it (as kxx_xa_unlock_bh()).
 */
KXX_SHIM void kxx_spin_unlock_bh(spinlock_t *lock)
{
	if (unlikely(in_hardirq())) {
		spin_unlock(lock);
		return;
	}
	if (likely(!irqs_disabled())) {
		spin_unlock_bh(lock);
		return;
	}
	spin_unlock(lock);
	_local_bh_enable();
}

KXX_SHIM bool kxx_spin_trylock(spinlock_t *lock)
{
	return spin_trylock(lock);
}

KXX_SHIM bool kxx_spin_trylock_irqsave(spinlock_t *lock, unsigned long *flags)
{
	if (!spin_trylock_irqsave(lock, *flags))
		return false;
	kxx_irq_saved();
	return true;
}

/* A failed try ends its BH section as kxx_spin_unlock_bh() does. */
KXX_SHIM bool kxx_spin_trylock_bh(spinlock_t *lock)
{
	if (unlikely(in_hardirq()))
		return spin_trylock(lock);
	if (likely(!irqs_disabled()))
		return spin_trylock_bh(lock);
	local_bh_disable();
	if (spin_trylock(lock))
		return true;
	_local_bh_enable();
	return false;
}

void kxx_spin_lock_nested(spinlock_t *lock, unsigned int subclass)
{
	spin_lock_nested(lock, subclass);
}

unsigned long kxx_spin_lock_irqsave_nested(spinlock_t *lock, unsigned int subclass)
{
	unsigned long flags;

	spin_lock_irqsave_nested(lock, flags, subclass);
	kxx_irq_saved();
	return flags;
}

/* As spin_lock_bh(), at @subclass; kxx_spin_unlock_bh() ends it. */
void kxx_spin_lock_bh_nested(spinlock_t *lock, unsigned int subclass)
{
	if (unlikely(in_hardirq())) {
		spin_lock_nested(lock, subclass);
		return;
	}
	local_bh_disable();
	spin_lock_nested(lock, subclass);
}

/* might_sleep() first: reported in atomic context even when uncontended. */
KXX_SHIM void kxx_mutex_lock_checked(struct mutex *lock)
{
#ifdef KXX_DEBUG_MIGHT_SLEEP
	might_sleep();
#endif
	mutex_lock(lock);
}

void kxx_mutex_lock_nested(struct mutex *lock, unsigned int subclass)
{
#ifdef KXX_DEBUG_MIGHT_SLEEP
	might_sleep();
#endif
	mutex_lock_nested(lock, subclass);
}

/*
 * mutex_trylock() must not run in an interrupt (the owner would be the task
 * it interrupted); a Mutex reached there (inside an Irqsave SpinLock's T,
 * which on_each_cpu() lends to hard interrupts) is refused: a misuse
 * report, and the mutex untouched.
 */
KXX_SHIM bool kxx_mutex_trylock(struct mutex *lock)
{
	if (unlikely(!in_task())) {
		static bool once;

		kxx_warn(&once, __FILE__, __LINE__,
			 "kxx::Mutex::try_lock() in interrupt context (refused)");
		return false;
	}
	return mutex_trylock(lock);
}
