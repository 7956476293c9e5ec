/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/module.h - KXX_MODULE_INIT/EXIT(): a module's ends that cannot race its callbacks.
 *
 * Wraps:     <linux/module.h> (module_exit); rcu_barrier() and srcu_barrier()
 *            through src/srcu.c (kxx_module_exit_barriers) and src/rcu.c.
 * Types:     none.  KXX_MODULE_EXIT(fn), for the module's C glue, in place of
 *            module_exit(fn): runs fn, then waits until every deferred free of
 *            the module has run (RCU and SRCU callbacks of its static and live
 *            domains, and the destructors kxx runs in process context), before
 *            the module's code and data go away.  KXX_MODULE_INIT(fn), in place
 *            of module_init(fn): when fn fails the module goes away without
 *            its exit, so the same wait runs then.  Invariant: every module
 *            that links kxx has both (src/srcu.c refers to the symbols they
 *            define, so without one modpost stops the build, naming it).
 * Contexts:  module unload (process context).
 * Promises:  docs/soundness.md, "4. Contexts", Interrupt state ("A module's
 *            callbacks never outlive it").
 * Tests:     qemu/test.sh with kunit/unload/unload.c (kxx_unload: frees
 *            pending at rmmod, and at a failed init (fail_init=1), run before
 *            the module goes, under KASAN).
 */
#ifndef KXX_MODULE_H
#define KXX_MODULE_H

#include <linux/module.h>
#include <kxx/bindings.h>

#define KXX_MODULE_INIT(fn)                                                    \
	static int __init kxx_module_init_(void)                               \
	{                                                                      \
		int err = fn();                                                \
		if (err)                                                       \
			kxx_module_exit_barriers(THIS_MODULE);                 \
		return err;                                                    \
	}                                                                      \
	module_init(kxx_module_init_);                                         \
	const char kxx_declare_init_with_KXX_MODULE_INIT = 1

#define KXX_MODULE_EXIT(fn)                                                    \
	static void __exit kxx_module_exit_(void)                              \
	{                                                                      \
		fn();                                                          \
		kxx_module_exit_barriers(THIS_MODULE);                         \
	}                                                                      \
	module_exit(kxx_module_exit_);                                         \
	const char kxx_declare_exit_with_KXX_MODULE_EXIT = 1

#endif /* KXX_MODULE_H */
