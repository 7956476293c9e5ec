/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel headers that define everything listed in kxx/layout.def. */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/lockdep.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/xarray.h>

/*
 * The header of every kxx::RcuBox<T> allocation (it follows T).  C++ sizes
 * it from the layout header and only the RCU shims look inside: the callback
 * that call_rcu() runs is the C function kxx_rcu_box_free().  @drop is
 * either a function that destroys T and returns the start of the allocation,
 * or, for a T with nothing to destroy, (offset << 1) | 1: the distance back
 * to the start, so freeing costs no indirect call (as kfree_rcu() stores an
 * offset).  Functions are at least 2-byte aligned, so bit 0 tells them apart.
 */
struct kxx_rcu_box_header {
	struct rcu_head head;
	void *(*drop)(void *header);
};
