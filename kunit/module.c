// SPDX-License-Identifier: GPL-2.0
/*
 * kxx_test: the kxx KUnit suites (kunit/NAME_test.cpp and KXX_EXTRA_TESTS).
 * KUnit runs every suite when the module is loaded; the suites themselves are
 * registered by the generated kunit/kxx_test-suites.c.
 */
#include <linux/module.h>
#include <kxx/bindings.h>
#include <kxx/module.h>
#include <kxx/rcu/static_srcu.h>

/*
 * The seed of kxx_stress.every_operation_under_readers: 0 (the default)
 * takes one from the clock; the case prints the one it used, and
 * `insmod kxx_test.ko stress_seed=N` replays it.
 */
static ulong stress_seed;
module_param(stress_seed, ulong, 0444);
MODULE_PARM_DESC(stress_seed, "seed of the all-operations stress (0: from the clock)");

unsigned long kxx_test_stress_seed(void);
unsigned long kxx_test_stress_seed(void)
{
	return stress_seed;
}

/* kxx_srcu.static_domain_*: a StaticSrcuDomain's domain, and its lockdep name. */
KXX_DEFINE_SRCU(kxx_test_srcu);

const char *kxx_test_srcu_class_name(void);
const char *kxx_test_srcu_class_name(void)
{
#ifdef __SRCU_USAGE_INIT
	return "kxx_test_srcu"; /* 6.12: the definition names it */
#else
	return "*(sspp++)"; /* 6.1: the loader's init_srcu_struct() does */
#endif
}

static int __init kxx_test_init(void)
{
	return 0;
}
KXX_MODULE_INIT(kxx_test_init);

static void __exit kxx_test_exit(void)
{
}
/*
 * Deferred frees (RcuBox, RcuArc, RcuOld, SrcuBox) run module code from
 * call_rcu(), call_srcu() and kxx's work item: the glue lets them all finish.
 */
KXX_MODULE_EXIT(kxx_test_exit);

MODULE_DESCRIPTION("kxx KUnit test suites");
MODULE_LICENSE("GPL");
