// SPDX-License-Identifier: GPL-2.0
/*
 * kxx_test: the kxx KUnit suites (kunit/NAME_test.cpp and KXX_EXTRA_TESTS).
 * KUnit runs every suite when the module is loaded; the suites themselves are
 * registered by the generated kunit/kxx_test-suites.c.
 */
#include <linux/module.h>
#include <linux/rcupdate.h>

static int __init kxx_test_init(void)
{
	return 0;
}
module_init(kxx_test_init);

/* RcuBox frees run module code from call_rcu(): let them finish first. */
static void __exit kxx_test_exit(void)
{
	rcu_barrier();
}
module_exit(kxx_test_exit);

MODULE_DESCRIPTION("kxx KUnit test suites");
MODULE_LICENSE("GPL");
