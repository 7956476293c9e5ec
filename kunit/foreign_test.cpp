// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/foreign_test.cpp - ForeignOwnable: an owner as the void * that C
 * stores, and back.
 *
 * Proves:    kxx/foreign/ownable.h, through the specialisations beside Box
 *            (alloc/box.h) and Arc (alloc/arc.h).
 * Suites:    kxx_foreign.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

static_assert(foreign_ownable<Box<int>>);
static_assert(foreign_ownable<Arc<int>>);
static_assert(!foreign_ownable<int>);
static_assert(!foreign_ownable<int *>);
static_assert(ForeignOwnable<Box<char>>::align >= 4);
static_assert(ForeignOwnable<Arc<char>>::align >= 4);
static_assert(ForeignOwnable<Box<OverAligned>>::align == 64);
static_assert(is_same_v<ForeignOwnable<Box<int>>::Borrowed, const int *>);
static_assert(is_same_v<ForeignOwnable<Box<int>>::BorrowedMut, int *>);
static_assert(is_same_v<ForeignOwnable<Arc<int>>::BorrowedMut, ArcBorrow<int>>);
static_assert(is_same_v<ForeignOwnable<RcuBox<int>>::BorrowedMut, const int *>);

KXX_TEST(kxx_foreign, box_round_trip)
{
	using F = ForeignOwnable<Box<Tracked>>;

	Tracked::reset();
	void *p = into_foreign(Box<Tracked>::make(GFP_KERNEL, 11).value());
	KXX_ASSERT_NOT_NULL(test, p);
	KXX_EXPECT_EQ(test, reinterpret_cast<uintptr_t>(p) % F::align, 0ul);
	KXX_EXPECT_EQ(test, F::borrow(p)->value, 11);
	F::borrow_mut(p)->value = 12; // exclusive view writes through
	KXX_EXPECT_EQ(test, F::borrow(p)->value, 12);
	KXX_EXPECT_EQ(test, Tracked::live(), 1);

	Box<Tracked> back = from_foreign<Box<Tracked>>(p);
	KXX_EXPECT_EQ(test, back->value, 12);
	KXX_EXPECT_TRUE(test, try_from_foreign<Box<Tracked>>(nullptr).is_none());
	KXX_EXPECT_NULL(test, F::borrow(nullptr));
	back = Box<Tracked>::make(GFP_KERNEL, 0).value();
	KXX_EXPECT_EQ(test, Tracked::destroyed, 1);
}

KXX_TEST(kxx_foreign, arc_round_trips_keep_count)
{
	using F = ForeignOwnable<Arc<Tracked>>;

	Tracked::reset();
	{
		Arc<Tracked> a = Arc<Tracked>::make(GFP_KERNEL, 3).value();
		void *p[4];
		for (auto &slot : p)
			slot = into_foreign(a.clone());
		KXX_EXPECT_EQ(test, a.ref_count(), 5u);
		KXX_EXPECT_EQ(test, F::borrow(p[2])->value, 3);
		KXX_EXPECT_EQ(test, F::borrow(p[0]), &*a);
		KXX_EXPECT_NULL(test, F::borrow(nullptr));
		for (auto &slot : p) {
			Option<Arc<Tracked>> back = try_from_foreign<Arc<Tracked>>(slot);
			KXX_EXPECT_TRUE(test, back.is_some());
		}
		KXX_EXPECT_EQ(test, a.ref_count(), 1u);
		KXX_EXPECT_EQ(test, Tracked::destroyed, 0);
	}
	KXX_EXPECT_EQ(test, Tracked::destroyed, 1);
}
