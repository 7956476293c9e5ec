// SPDX-License-Identifier: GPL-2.0
/*
 * SRCU shims for kxx (include/kxx/rcu/srcu*.h), the read-section checks of
 * kxx::Revocable (include/kxx/sync/revocable.h), and the barriers a module's
 * exit runs (include/kxx/module.h).
 *
 * A kxx::SrcuDomain's srcu_struct lives in a struct kxx_srcu allocated here
 * (a StaticSrcuDomain's, in one KXX_DEFINE_SRCU() defines),
 * with the bookkeeping that lets its destruction refuse to free it: its
 * users (SrcuBoxes not yet freed, Srcu pointers and their old values), and
 * a place on this module's list of live domains (each module links its own copy of this
 * file, so the list is the module's).  A domain that cannot be freed (a
 * reader inside, or users left) stays on the list, leaked: the exit
 * glue still waits for its callbacks.
 */
#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/srcu.h>
#include <kxx/bindings.h>
#include <kxx/rcu/static_srcu.h> /* struct kxx_srcu */
#include "compat.h"


static LIST_HEAD(kxx_srcu_domains);
static DEFINE_MUTEX(kxx_srcu_domains_lock);

static struct kxx_srcu *kxx_srcu_of(struct srcu_struct *ssp)
{
	return container_of(ssp, struct kxx_srcu, srcu);
}

struct srcu_struct *kxx_srcu_new(struct lock_class_key *key, const char *name)
{
	struct kxx_srcu *d = kzalloc(sizeof(*d), GFP_KERNEL);
	int err;

	if (!d)
		return NULL;
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	err = __init_srcu_struct(&d->srcu, name, key);
#else
	err = init_srcu_struct(&d->srcu);
#endif
	if (err) {
		kfree(d);
		return NULL;
	}
	mutex_lock(&kxx_srcu_domains_lock);
	list_add(&d->node, &kxx_srcu_domains);
	mutex_unlock(&kxx_srcu_domains_lock);
	return &d->srcu;
}

/* srcu_readers_active(), which srcutree.c keeps to itself. */
bool kxx_srcu_readers_active(struct srcu_struct *ssp)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		struct srcu_data *sdp = per_cpu_ptr(ssp->sda, cpu);

		sum += kxx_srcu_count_read(sdp->srcu_lock_count[0]);
		sum += kxx_srcu_count_read(sdp->srcu_lock_count[1]);
		sum -= kxx_srcu_count_read(sdp->srcu_unlock_count[0]);
		sum -= kxx_srcu_count_read(sdp->srcu_unlock_count[1]);
	}
	return sum != 0;
}

long kxx_srcu_users(struct srcu_struct *ssp)
{
	return atomic_long_read(&kxx_srcu_of(ssp)->users);
}

KXX_SHIM void kxx_srcu_get(struct srcu_struct *ssp)
{
	atomic_long_inc(&kxx_srcu_of(ssp)->users);
}

KXX_SHIM void kxx_srcu_put(struct srcu_struct *ssp)
{
	atomic_long_dec(&kxx_srcu_of(ssp)->users);
}

/* No reader inside, no user left, callbacks run: the caller checked. */
void kxx_srcu_destroy(struct srcu_struct *ssp)
{
	struct kxx_srcu *d = kxx_srcu_of(ssp);

	mutex_lock(&kxx_srcu_domains_lock);
	list_del(&d->node);
	mutex_unlock(&kxx_srcu_domains_lock);
	cleanup_srcu_struct(&d->srcu);
	kfree(d);
}

KXX_SHIM int kxx_srcu_read_lock(struct srcu_struct *ssp)
{
	return srcu_read_lock(ssp);
}

KXX_SHIM void kxx_srcu_read_unlock(struct srcu_struct *ssp, int idx)
{
	srcu_read_unlock(ssp, idx);
}

/*
 * Whether this task is inside a read section of @ssp: exact with lockdep;
 * without it, false (kxx cannot tell, as C cannot).
 */
bool kxx_srcu_read_held(struct srcu_struct *ssp)
{
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	return lock_is_held_type(&ssp->dep_map, -1) == LOCK_STATE_HELD;
#else
	return false;
#endif
}

const char *kxx_srcu_name(struct srcu_struct *ssp)
{
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	return ssp->dep_map.name;
#else
	return NULL;
#endif
}

/*
 * Whether this task is inside an RCU read section (for Revocable::revoke):
 * exact under preemptible RCU, and with lockdep; else false.
 */
bool kxx_rcu_read_held(void)
{
#ifdef CONFIG_PREEMPT_RCU
	if (rcu_preempt_depth() > 0)
		return true;
#endif
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	return lock_is_held_type(&rcu_lock_map, -1) == LOCK_STATE_HELD;
#else
	return false;
#endif
}

void kxx_synchronize_srcu(struct srcu_struct *ssp)
{
	synchronize_srcu(ssp);
}

void kxx_synchronize_srcu_expedited(struct srcu_struct *ssp)
{
	synchronize_srcu_expedited(ssp);
}

void kxx_srcu_barrier(struct srcu_struct *ssp)
{
	srcu_barrier(ssp);
}

KXX_SHIM void *kxx_srcu_dereference(void *const *slot, struct srcu_struct *ssp)
{
	return srcu_dereference(*(void __rcu *const *)slot, ssp);
}

KXX_SHIM void kxx_call_srcu(struct srcu_struct *ssp, struct callback_head *head,
			    void (*free)(struct callback_head *head))
{
	call_srcu(ssp, head, free);
}

/*
 * After the driver's exit (KXX_MODULE_EXIT): every SRCU callback of this
 * module's static domains (DEFINE_STATIC_SRCU, which the module loader
 * cleans up after this) and of its live dynamic ones (leaked with a report),
 * every RCU callback and every destructor kxx runs in process context, until
 * a pass runs none: a callback may queue another.
 */
void kxx_module_exit_barriers(struct module *mod)
{
	struct kxx_srcu *d, *next;
	long before;

	do {
		before = kxx_rcu_ran_total();
#ifdef CONFIG_TREE_SRCU
		for (unsigned int i = 0; i < mod->num_srcu_structs; i++)
			srcu_barrier(mod->srcu_struct_ptrs[i]);
#endif
		mutex_lock(&kxx_srcu_domains_lock);
		list_for_each_entry(d, &kxx_srcu_domains, node)
			srcu_barrier(&d->srcu);
		mutex_unlock(&kxx_srcu_domains_lock);
		kxx_rcu_barrier();
	} while (kxx_rcu_ran_total() != before);

	/*
	 * Domains leaked with a report (a reader was inside, or a box still
	 * owned) that are quiet now: nothing of this module can enter them
	 * any more, so free them rather than leave them to kmemleak.
	 */
	mutex_lock(&kxx_srcu_domains_lock);
	list_for_each_entry_safe(d, next, &kxx_srcu_domains, node) {
		if (kxx_srcu_readers_active(&d->srcu) || atomic_long_read(&d->users))
			continue;
		list_del(&d->node);
		cleanup_srcu_struct(&d->srcu);
		kfree(d);
	}
	mutex_unlock(&kxx_srcu_domains_lock);
}

/*
 * Every module linking kxx must begin through KXX_MODULE_INIT() and end
 * through KXX_MODULE_EXIT(), which define these symbols: without one,
 * modpost stops the build with '"kxx_declare_init_with_KXX_MODULE_INIT"
 * undefined' (or the exit's), so no module can forget the barriers above,
 * after its exit or after a failed init.
 */
extern const char kxx_declare_exit_with_KXX_MODULE_EXIT;
extern const char kxx_declare_init_with_KXX_MODULE_INIT;
static const char *const kxx_exit_glue_used[] __used = {
	&kxx_declare_exit_with_KXX_MODULE_EXIT,
	&kxx_declare_init_with_KXX_MODULE_INIT,
};
