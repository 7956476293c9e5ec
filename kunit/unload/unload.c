// SPDX-License-Identifier: GPL-2.0
/*
 * kxx_unload: a module whose deferred frees are still pending when its exit
 * returns, and which never calls a barrier itself (qemu/test.sh loads and
 * unloads it under KASAN).  KXX_MODULE_EXIT() is what waits: the callbacks
 * (module code) must all have run before rmmod returns, or they would run
 * in freed module memory.  The last one prints
 * "kxx_unload: N of N callbacks ran", which the guest looks for as soon as
 * rmmod returns.
 *
 * With fail_init=1 the init queues frees and fails instead: they must all
 * have run when insmod returns.
 *
 * Pending at exit: RcuBoxes whose destructors kxx runs in process context
 * (call_rcu, then kxx's work item), SrcuBoxes of a domain leaked with a
 * report (a reader was inside when it was destroyed), and call_srcu() (from
 * C) and SrcuBoxes (a StaticSrcuDomain, from C++) on a static domain
 * (KXX_DEFINE_SRCU), whose callbacks must run before the module loader
 * cleans it up.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/srcu.h>
#include <kxx/bindings.h>
#include <kxx/module.h>
#include <kxx/rcu/static_srcu.h>
#include "unload.h"

KXX_DEFINE_SRCU(kxx_unload_srcu);

struct kxx_unload_obj {
	struct rcu_head rcu;
	long v;
};

static void kxx_unload_free(struct rcu_head *rcu)
{
	kfree(container_of(rcu, struct kxx_unload_obj, rcu));
	kxx_unload_ran();
}

static long kxx_unload_static_srcu(long n)
{
	long i, queued = 0;

	for (i = 0; i < n; i++) {
		struct kxx_unload_obj *o = kzalloc(sizeof(*o), GFP_KERNEL);

		if (!o)
			break;
		call_srcu(KXX_SRCU_STRUCT(kxx_unload_srcu), &o->rcu, kxx_unload_free);
		queued++;
	}
	return queued;
}

static long kxx_unload_total;

/*
 * fail_init=1: the init queues frees and then fails, so the module goes
 * away without its exit: KXX_MODULE_INIT() must wait for them before insmod
 * returns.
 */
static bool fail_init;
module_param(fail_init, bool, 0444);
MODULE_PARM_DESC(fail_init, "queue frees, then fail the init");

static int __init kxx_unload_init(void)
{
	if (fail_init) {
		kxx_unload_expect(4 + 8 + 4);
		kxx_unload_queue(4);
		if (kxx_unload_static_boxes(8) != 8 || kxx_unload_static_srcu(4) != 4)
			pr_err("kxx_unload: FAIL: out of memory\n");
		return -ENODEV; /* no barrier here: KXX_MODULE_INIT() runs them */
	}
	kxx_unload_queue(4);
	kxx_unload_total = 4 + kxx_unload_static_srcu(4);
	return 0;
}
KXX_MODULE_INIT(kxx_unload_init);

static void __exit kxx_unload_exit(void)
{
	long srcu_boxes = 8;

	kxx_unload_total += 8 + srcu_boxes + 8;
	kxx_unload_expect(kxx_unload_total);
	kxx_unload_queue(8);
	if (kxx_unload_leak_domain(srcu_boxes) != srcu_boxes ||
	    kxx_unload_static_boxes(8) != 8)
		pr_err("kxx_unload: FAIL: out of memory\n");
	/* no barrier here: KXX_MODULE_EXIT() runs them */
}
KXX_MODULE_EXIT(kxx_unload_exit);

MODULE_DESCRIPTION("kxx: a module unloaded with its deferred frees pending");
MODULE_LICENSE("GPL");
