// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/xarray_static_test.cpp - StaticXArray: DEFINE_XARRAY in C++.
 *
 * Proves:    kxx/xarray/static.h (and drop.h's exit()).
 * Suites:    kxx_xarray_static.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

namespace {
// As DEFINE_XARRAY_ALLOC1(): no constructor at load (the freestanding
// check would reject one), no destructor at unload.
constinit StaticXArray<Box<Item>, XaFlags::Alloc1> static_ids{ &static_ids };
constinit StaticXArray<Box<Item>, XaFlags::Alloc1> static_unused{ &static_unused };
} // namespace

KXX_TEST(kxx_xarray_static, bytes_match_define_xarray)
{
	unsigned long name_offset;
	auto *c = static_cast<const unsigned char *>(kxx_kunit_static_xarray(&name_offset));
	auto *cxx = reinterpret_cast<const unsigned char *>(&static_unused);
	unsigned long differ = 0;
	for (unsigned long i = 0; i < KXX_SIZEOF_XARRAY; i++) {
		if (i >= name_offset && i < name_offset + sizeof(void *))
			continue; // the lock's name: null here, "name.xa_lock" in C
		differ += c[i] != cxx[i];
	}
	KXX_EXPECT_EQ(test, differ, 0ul);
	KXX_EXPECT_NULL(test, static_unused.lock_class_name());
}

KXX_TEST(kxx_xarray_static, used_and_emptied_at_exit)
{
	Item::reset();
	for (unsigned long i = 1; i <= 20; i++) {
		auto id = static_ids.alloc(item(i), GFP_KERNEL);
		KXX_ASSERT_TRUE(test, id.is_ok());
		KXX_EXPECT_EQ(test, (unsigned long)*id, i); // Alloc1: from 1
	}
	{
		auto g = static_ids.lock(); // lockdep: a class keyed by the array itself
		KXX_EXPECT_EQ(test, g.get(7)->value, 7ul);
		KXX_EXPECT_TRUE(test, g.remove(7).has_value());
	}
	KXX_EXPECT_EQ(test, Item::live(), 19l);
	static_ids.exit(); // what the module's exit does
	KXX_EXPECT_EQ(test, Item::live(), 0l);
	KXX_EXPECT_TRUE(test, static_ids.empty());
}
