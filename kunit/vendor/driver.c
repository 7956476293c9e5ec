// SPDX-License-Identifier: GPL-2.0
/*
 * The C part of the vendoring check: module init/exit call the C++ part.
 * `make test` copies this driver and a vendored kxx into build/, builds it
 * against the test kernel and loads it in the guest.
 */
#include <linux/module.h>
#include <kxx/bindings.h>
#include <kxx/module.h>

int kxx_vendored_run(void);

static int __init kxx_vendored_init(void)
{
	return kxx_vendored_run();
}
KXX_MODULE_INIT(kxx_vendored_init);

static void __exit kxx_vendored_exit(void)
{
}
/* then waits for the deferred frees: they run this module's code */
KXX_MODULE_EXIT(kxx_vendored_exit);

MODULE_DESCRIPTION("a driver built with a vendored copy of kxx");
MODULE_LICENSE("GPL");
