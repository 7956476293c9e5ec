// SPDX-License-Identifier: GPL-2.0
/*
 * kxx_test: the kxx KUnit suites (kunit/NAME_test.cpp and KXX_EXTRA_TESTS).
 * KUnit runs every suite when the module is loaded; the suites themselves are
 * registered by the generated kunit/kxx_test-suites.c.
 */
#include <linux/module.h>
#include <kxx/bindings.h>

static int __init kxx_test_init(void)
{
	return 0;
}
module_init(kxx_test_init);

/*
 * Deferred frees (RcuBox, RcuArc, RcuOld) run module code from call_rcu()
 * and from this module's work item: let them all finish first.
 */
static void __exit kxx_test_exit(void)
{
	kxx_rcu_barrier();
}
module_exit(kxx_test_exit);

MODULE_DESCRIPTION("kxx KUnit test suites");
MODULE_LICENSE("GPL");
