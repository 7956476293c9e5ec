// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/xarray_flags_test.cpp - allocating arrays: XaFlags::Alloc and Alloc1, XaLimit.
 *
 * Proves:    kxx/xarray/flags.h (the flags as the constructor's and in the
 *            type), with the alloc() and alloc_cyclic() of guard.h and
 *            convenience.h.  The lock flavours the flags name are
 *            xarray_lock_test.cpp's.
 * Suites:    kxx_xarray (its allocating-array cases).
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

KXX_TEST(kxx_xarray, rust_example_alloc1_starts_at_one)
{
	XArray<Box<u32>> xa(XaFlags::Alloc1);
	auto guard = xa.lock();

	auto a = guard.alloc(Box<u32>::make(GFP_ATOMIC, 10u).value(), GFP_ATOMIC);
	auto b = guard.alloc(Box<u32>::make(GFP_ATOMIC, 11u).value(), GFP_ATOMIC);
	KXX_ASSERT_TRUE(test, a.is_ok() && b.is_ok());
	KXX_EXPECT_EQ(test, *a, 1u);
	KXX_EXPECT_EQ(test, *b, 2u);
	KXX_EXPECT_EQ(test, *guard.get(1), 10u);

	// held together with xa's lock: a lockdep class of its own
	XArray<Box<u32>> zero_based(XaFlags::Alloc, KXX_LOCK_CLASS());
	// (GFP_ATOMIC: xa's spinlock is held; the Clang pass refuses GFP_KERNEL here)
	auto z = zero_based.alloc(Box<u32>::make(GFP_ATOMIC, 1u).value(), GFP_ATOMIC);
	KXX_ASSERT_TRUE(test, z.is_ok());
	KXX_EXPECT_EQ(test, *z, 0u);
}

/* The same with the flags in the type: alloc() and reserve() compiled for it. */
KXX_TEST(kxx_xarray, alloc_with_flags_in_the_type)
{
	XArray<Box<u32>, XaFlags::Alloc1> xa;
	KXX_EXPECT_TRUE(test, xa.flags() == XaFlags::Alloc1);
	{
		auto guard = xa.lock();
		auto a = guard.alloc(Box<u32>::make(GFP_ATOMIC, 10u).value(), GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, a.is_ok());
		KXX_EXPECT_EQ(test, *a, 1u);

		// held together with xa's lock: a lockdep class of its own
		XArray<Box<u32>, XaFlags::Alloc1> other(KXX_LOCK_CLASS());
		auto b = other.alloc(Box<u32>::make(GFP_ATOMIC, 11u).value(), GFP_ATOMIC,
				     XaLimit{ 5, 6 });
		KXX_ASSERT_TRUE(test, b.is_ok());
		KXX_EXPECT_EQ(test, *b, 5u);
	}
	auto r = xa.reserve(GFP_KERNEL);
	KXX_ASSERT_TRUE(test, r.is_ok());
	KXX_EXPECT_EQ(test, r->index(), 2u);
	KXX_EXPECT_TRUE(test, move(*r).fill(Box<u32>::make(GFP_KERNEL, 12u).value())
				  .is_ok());
	auto full = xa.alloc(Box<u32>::make(GFP_KERNEL, 13u).value(), GFP_KERNEL, XaLimit{ 1, 2 });
	KXX_ASSERT_TRUE(test, full.is_err());
	StoreError<Box<u32>> e = move(full).error();
	KXX_EXPECT_TRUE(test, e.error == code::EBUSY);
	KXX_EXPECT_EQ(test, *e.value, 13u); // handed back, not leaked
	auto g = xa.lock();
	KXX_EXPECT_EQ(test, *g.get(2), 12u);
}

KXX_TEST(kxx_xarray, alloc_limits_and_full_range)
{
	XArray<Box<Item>> xa(XaFlags::Alloc);
	Item::reset();
	auto guard = xa.lock();

	for (u32 want = 10; want <= 12; want++) {
		auto id = guard.alloc(item(want), GFP_ATOMIC, XaLimit{ 10, 12 });
		KXX_ASSERT_TRUE(test, id.is_ok());
		KXX_EXPECT_EQ(test, *id, want);
	}
	auto full = guard.alloc(item(99), GFP_ATOMIC, XaLimit{ 10, 12 });
	KXX_ASSERT_TRUE(test, full.is_err());
	StoreError<Box<Item>> err = move(full).error();
	KXX_EXPECT_TRUE(test, err.error == code::EBUSY);
	KXX_EXPECT_EQ(test, err.value->value, 99ul);

	// freeing one makes exactly that id available again
	KXX_EXPECT_TRUE(test, guard.remove(11).is_some());
	auto reuse = guard.alloc(item(11), GFP_ATOMIC, XaLimit{ 10, 12 });
	KXX_ASSERT_TRUE(test, reuse.is_ok());
	KXX_EXPECT_EQ(test, *reuse, 11u);

	auto single = guard.alloc(item(7), GFP_ATOMIC, XaLimit{ U32_MAX, U32_MAX });
	KXX_ASSERT_TRUE(test, single.is_ok());
	KXX_EXPECT_EQ(test, *single, U32_MAX);
}

KXX_TEST(kxx_xarray, alloc1_never_returns_zero)
{
	XArray<Box<Item>> xa(XaFlags::Alloc1);
	auto guard = xa.lock();

	for (int i = 0; i < 64; i++) {
		auto id = guard.alloc(item(i), GFP_ATOMIC);
		KXX_ASSERT_TRUE(test, id.is_ok());
		KXX_EXPECT_NE(test, *id, 0u);
	}
	auto zero = guard.alloc(item(0), GFP_ATOMIC, XaLimit{ 0, 0 });
	KXX_ASSERT_TRUE(test, zero.is_err());
	KXX_EXPECT_TRUE(test, move(zero).error().error == code::EBUSY);
}

KXX_TEST(kxx_xarray, alloc_cyclic_wraps)
{
	XArray<Box<Item>> xa(XaFlags::Alloc);
	auto guard = xa.lock();
	u32 next = 0;
	const XaLimit limit{ 0, 3 };

	for (u32 want = 0; want <= 3; want++) {
		auto id = guard.alloc_cyclic(item(want), next, GFP_ATOMIC, limit);
		KXX_ASSERT_TRUE(test, id.is_ok());
		KXX_EXPECT_EQ(test, *id, want);
	}
	KXX_EXPECT_TRUE(test, guard.remove(1).is_some());
	auto wrapped = guard.alloc_cyclic(item(9), next, GFP_ATOMIC, limit);
	KXX_ASSERT_TRUE(test, wrapped.is_ok());
	KXX_EXPECT_EQ(test, *wrapped, 1u); // wrapped around to the only free id
	KXX_EXPECT_EQ(test, next, 2u);
}

KXX_TEST(kxx_xarray, alloc_on_plain_array_is_einval)
{
	XArray<Box<Item>> xa;
	kxx::kunit::ExpectMisuse misuse;

	auto r = xa.alloc(item(1), GFP_KERNEL);
	KXX_ASSERT_TRUE(test, r.is_err());
	StoreError<Box<Item>> err = move(r).error();
	KXX_EXPECT_TRUE(test, err.error == code::EINVAL);
	KXX_EXPECT_EQ(test, err.value->value, 1ul);
	KXX_EXPECT_TRUE(test, xa.reserve(GFP_KERNEL).is_err());
	KXX_EXPECT_EQ(test, misuse.count(), 2ul);
}
