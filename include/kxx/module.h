/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/module.h - KXX_MODULE_EXIT(): a module's exit that cannot race its callbacks.
 *
 * Wraps:     <linux/module.h> (module_exit); rcu_barrier() and srcu_barrier()
 *            through src/srcu.c (kxx_module_exit_barriers) and src/rcu.c.
 * Types:     none.  KXX_MODULE_EXIT(fn), for the module's C glue, in place of
 *            module_exit(fn): runs fn, then waits until every deferred free of
 *            the module has run (RCU and SRCU callbacks of its static and live
 *            domains, and the destructors kxx runs in process context), before
 *            the module's code and data go away.  Invariant: every module that
 *            links kxx has one (src/srcu.c refers to the symbol it defines, so
 *            without it modpost stops the build, naming it).
 * Contexts:  module unload (process context).
 * Promises:  docs/soundness.md, "4. Contexts", Interrupt state ("A module's
 *            callbacks never outlive it").
 * Tests:     qemu/test.sh with kunit/unload/unload.c (kxx_unload: frees
 *            pending at rmmod run before the module goes, under KASAN).
 */
#ifndef KXX_MODULE_H
#define KXX_MODULE_H

#include <linux/module.h>
#include <kxx/bindings.h>

#define KXX_MODULE_EXIT(fn)                                                    \
	static void __exit kxx_module_exit_(void)                              \
	{                                                                      \
		fn();                                                          \
		kxx_module_exit_barriers(THIS_MODULE);                         \
	}                                                                      \
	module_exit(kxx_module_exit_);                                         \
	const char kxx_declare_exit_with_KXX_MODULE_EXIT = 1

#endif /* KXX_MODULE_H */
