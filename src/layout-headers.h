/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel headers that define everything listed in kxx/layout.def. */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/lockdep.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/xarray.h>


/*
 * What DEFINE_XARRAY_FLAGS() puts in a static struct xarray besides zeros
 * and the lock's name (kxx's static arrays leave the name null: lockdep then
 * names the class by the array's symbol).  An offset with a 0 size is a
 * field this configuration does not have.
 */
#define KXX_XA_SPIN(field) offsetof(struct xarray, xa_lock.rlock.field)
#ifdef CONFIG_DEBUG_SPINLOCK
#define KXX_XA_INIT_MAGIC_OFFSET KXX_XA_SPIN(magic)
#define KXX_XA_INIT_MAGIC ((unsigned long)SPINLOCK_MAGIC)
#define KXX_XA_INIT_OWNER_CPU_OFFSET KXX_XA_SPIN(owner_cpu)
#define KXX_XA_INIT_OWNER_OFFSET KXX_XA_SPIN(owner)
#define KXX_XA_INIT_SPIN_DEBUG 1
#else
#define KXX_XA_INIT_MAGIC_OFFSET 0
#define KXX_XA_INIT_MAGIC 0
#define KXX_XA_INIT_OWNER_CPU_OFFSET 0
#define KXX_XA_INIT_OWNER_OFFSET 0
#define KXX_XA_INIT_SPIN_DEBUG 0
#endif
#ifdef CONFIG_DEBUG_LOCK_ALLOC
#define KXX_XA_INIT_WAIT_INNER_OFFSET KXX_XA_SPIN(dep_map.wait_type_inner)
#define KXX_XA_INIT_WAIT_INNER LD_WAIT_CONFIG
#define KXX_XA_INIT_NAME_OFFSET KXX_XA_SPIN(dep_map.name)
#define KXX_XA_INIT_LOCKDEP 1
#else
#define KXX_XA_INIT_WAIT_INNER_OFFSET 0
#define KXX_XA_INIT_WAIT_INNER 0
#define KXX_XA_INIT_NAME_OFFSET 0
#define KXX_XA_INIT_LOCKDEP 0
#endif
