// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/alloc_test.cpp - Box and Arc, and the allocations they make.
 *
 * Proves:    kxx/alloc/box.h, arc.h, gfp.h and kmalloc.h.
 * Suites:    kxx_box, kxx_arc.
 *
 * Counters in destructors prove that every owner drops what it owns exactly
 * once; a forced allocation failure, that a failed make() builds nothing.
 */
#include <kxx/testing/kunit.h>
#include <kxx/kxx.h>

#include "test_helpers.h"

using namespace kxx;
using namespace kxx_test;

/* --- Box ------------------------------------------------------------------ */

KXX_TEST(kxx_box, make_destroys_once)
{
	Tracked::reset();
	{
		Result<Box<Tracked>> made = Box<Tracked>::make(GFP_KERNEL, 1);
		KXX_ASSERT_TRUE(test, made.is_ok());
		Box<Tracked> a = move(made).value();
		Box<Tracked> b = move(a);
		KXX_EXPECT_NULL(test, a.get());
		KXX_EXPECT_EQ(test, b->value, 1);
		(*b).value = 2;
		KXX_EXPECT_EQ(test, b.get()->value, 2);
		KXX_EXPECT_EQ(test, Tracked::live(), 1);

		Box<Tracked> c = Box<Tracked>::make(GFP_ATOMIC, 3).value();
		c = move(b); // the T c held is dropped, b's moves in
		KXX_EXPECT_EQ(test, Tracked::destroyed, 1);
		KXX_EXPECT_EQ(test, c->value, 2);
	}
	KXX_EXPECT_EQ(test, Tracked::constructed, 2);
	KXX_EXPECT_EQ(test, Tracked::destroyed, 2);
}

namespace {

/* A user-provided constructor that leaves the bytes as allocated. */
struct Uninit {
	Uninit() {}
	unsigned char bytes[512];
};

} // namespace

KXX_TEST(kxx_box, gfp_zero_memory_is_zeroed)
{
	KXX_EXPECT_NE(test, (GFP_KERNEL | GFP_ZERO).bits(), GFP_KERNEL.bits());
	KXX_EXPECT_EQ(test, (GFP_KERNEL | GFP_ZERO).bits() & GFP_ZERO.bits(), GFP_ZERO.bits());

	for (int round = 0; round < 8; round++) {
		Result<Box<Uninit>> r = Box<Uninit>::make(GFP_KERNEL | GFP_ZERO);
		KXX_ASSERT_TRUE(test, r.is_ok());
		unsigned int nonzero = 0;
		for (unsigned char byte : (*r)->bytes)
			nonzero += byte != 0;
		KXX_EXPECT_EQ(test, nonzero, 0u);
		(*r)->bytes[round] = 0xff; // dirty the slab object for the next round
	}
}

KXX_TEST(kxx_box, over_aligned_type_is_aligned)
{
	for (int i = 0; i < 16; i++) {
		Result<Box<OverAligned>> r = Box<OverAligned>::make(GFP_KERNEL);
		KXX_ASSERT_TRUE(test, r.is_ok());
		KXX_EXPECT_EQ(test, reinterpret_cast<uintptr_t>(r->get()) % 64, 0ul);
		KXX_EXPECT_EQ(test, (*r)->v, 1);
	}
}

/*
 * Box<T> allocates as C's kmalloc(sizeof(T)) does, from the same kmalloc
 * cache under GCC and Clang: the cache index kxx computes at compile time
 * is the kernel's kmalloc_index() for every size a cache serves, and a T
 * no cache serves takes the general path.
 */
KXX_TEST(kxx_box, kmalloc_index_matches_the_kernel)
{
	unsigned long last = detail::kmalloc_table_max < KXX_KMALLOC_MAX_CACHE_SIZE
				     ? detail::kmalloc_table_max
				     : KXX_KMALLOC_MAX_CACHE_SIZE;
	unsigned long wrong = 0;
	for (unsigned long size = 1; size <= last; size++)
		wrong += detail::kmalloc_index_of(size) != kxx_kmalloc_index(size);
	KXX_EXPECT_EQ(test, wrong, 0ul);
	KXX_EXPECT_GT(test, detail::kmalloc_index_of(24), 0u);

	struct Large {
		unsigned char bytes[3 * 4096];
	};
	static_assert(sizeof(Large) > detail::kmalloc_table_max);
	Result<Box<Large>> large = Box<Large>::make(GFP_KERNEL | GFP_ZERO);
	KXX_ASSERT_TRUE(test, large.is_ok());
	KXX_EXPECT_EQ(test, (*large)->bytes[sizeof(Large) - 1], 0);
}

/*
 * A failed allocation is ENOMEM and builds nothing.  (A T too large for
 * kmalloc() does not compile: cf:box_larger_than_kmalloc; the failure is
 * injected here.)
 */
template <class Owner> void check_make_fails_with_enomem(kxx::kunit::Test &test)
{
	Tracked::reset();
	KXX_ASSERT_TRUE(test, kxx::kunit::FailAllocations::available());
	bool enomem;
	{
		kxx::kunit::FailAllocations fail;
		Result<Owner> r = Owner::make(GFP_KERNEL, 1);
		enomem = r.is_err() && r.error() == code::ENOMEM;
	}
	KXX_EXPECT_TRUE(test, enomem);
	KXX_EXPECT_EQ(test, Tracked::constructed, 0); // nothing built, nothing to leak
}

KXX_TEST(kxx_box, allocation_failure_is_enomem)
{
	check_make_fails_with_enomem<Box<Tracked>>(test);
}

KXX_TEST(kxx_box, raw_round_trip)
{
	Tracked::reset();
	Box<Tracked> b = Box<Tracked>::make(GFP_KERNEL, 9).value();
	Tracked *raw = b.into_raw();
	KXX_EXPECT_NULL(test, b.get());
	KXX_EXPECT_EQ(test, Tracked::live(), 1); // released, not dropped
	{
		Box<Tracked> back = Box<Tracked>::from_raw(raw);
		KXX_EXPECT_EQ(test, back->value, 9);
	}
	KXX_EXPECT_EQ(test, Tracked::live(), 0);
	KXX_EXPECT_EQ(test, Tracked::destroyed, 1);
}

/* --- Arc ------------------------------------------------------------------ */

KXX_TEST(kxx_arc, clone_and_drop_count)
{
	Tracked::reset();
	{
		Arc<Tracked> a = Arc<Tracked>::make(GFP_KERNEL, 4).value();
		KXX_EXPECT_EQ(test, a.ref_count(), 1u);
		KXX_EXPECT_EQ(test, a->value, 4);
		{
			Arc<Tracked> b = a.clone();
			Arc<Tracked> c = b; // copy is a clone too
			KXX_EXPECT_EQ(test, a.ref_count(), 3u);
			KXX_EXPECT_TRUE(test, c.ptr_eq(a));
			KXX_EXPECT_EQ(test, &*c, &*a);
		}
		KXX_EXPECT_EQ(test, a.ref_count(), 1u);
		KXX_EXPECT_EQ(test, Tracked::destroyed, 0);

		Arc<Tracked> moved = move(a);
		KXX_EXPECT_EQ(test, moved.ref_count(), 1u);
		KXX_EXPECT_EQ(test, a.ref_count(), 0u);

		Arc<Tracked> other = Arc<Tracked>::make(GFP_KERNEL, 5).value();
		other = moved; // drops other's only reference
		KXX_EXPECT_EQ(test, Tracked::destroyed, 1);
		KXX_EXPECT_EQ(test, moved.ref_count(), 2u);
	}
	KXX_EXPECT_EQ(test, Tracked::constructed, 2);
	KXX_EXPECT_EQ(test, Tracked::destroyed, 2);
}

KXX_TEST(kxx_arc, allocation_failure_is_enomem)
{
	check_make_fails_with_enomem<Arc<Tracked>>(test);
}
