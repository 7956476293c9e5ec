// SPDX-License-Identifier: GPL-2.0
/*
 * kxx_test: the kxx KUnit suites (kunit/NAME_test.cpp and KXX_EXTRA_TESTS).
 * KUnit runs every suite when the module is loaded; the suites themselves are
 * registered by the generated kunit/kxx_test-suites.c.
 */
#include <linux/module.h>

MODULE_DESCRIPTION("kxx KUnit test suites");
MODULE_LICENSE("GPL");
