// SPDX-License-Identifier: GPL-2.0
/*
 * kunit/pipeline_test.cpp - the pipeline's own suite: C++ compiled,
 * registered with KUnit and run in the test kernel.
 *
 * Proves:    kxx/testing/kunit.h (the expectations, and with
 *            KXX_DEMO_FAILURE=1 that a failing case fails `make test`),
 *            core/layout.h and core/types.h (the C++ view of kernel layouts
 *            is the kernel's), core/traits.h, and src/runtime.cpp's operator
 *            delete.
 * Suites:    kxx_pipeline.
 */
#include <kxx/bindings.h>
#include <kxx/testing/kunit.h>
#include <kxx/layout.h>

/*
 * The expectations compare by value, as a reader means them: with C's usual
 * conversions each of these would be false (-1 becomes UINT_MAX).
 */
KXX_TEST(kxx_pipeline, expectations_compare_mixed_signedness_by_value)
{
	volatile int minus_one = -1; // not folded: the run-time comparison is what is tested
	KXX_EXPECT_LT(test, minus_one, 1u);
	KXX_EXPECT_GT(test, 1ul, minus_one);
	KXX_EXPECT_NE(test, minus_one, ~0u);
	KXX_EXPECT_LE(test, static_cast<long>(minus_one), 0ul);
}

/* Every constant C++ compiled with equals what C computes at run time. */
KXX_TEST(kxx_pipeline, layout_header_matches_kernel)
{
	KXX_ASSERT_EQ(test, kxx::layout::count, kxx_layout_count());
	for (unsigned int i = 0; i < kxx::layout::count; i++) {
		const auto &e = kxx::layout::table[i];
		const unsigned long c_value = kxx_layout_value(i);

		if (c_value != e.value)
			KXX_INFO(test, "layout entry %s differs", e.name);
		KXX_EXPECT_EQ(test, e.value, c_value);
	}
	/* Sanity of the values themselves, not just agreement. */
	KXX_EXPECT_GE(test, static_cast<unsigned long>(KXX_SIZEOF_XARRAY), 16ul);
	KXX_EXPECT_EQ(test, KXX_ENOMEM, 12);
}

namespace {

int destroyed;

struct Base {
	virtual ~Base() { destroyed += 1; }
	virtual int kind() const = 0;
};

struct Derived final : Base {
	explicit Derived(int *log) : log_(log) {}
	~Derived() override { *log_ += 10; }
	int kind() const override { return 2; }

	int *log_;
};

} // namespace

/* A virtual destructor called through a base pointer frees with kfree. */
KXX_TEST(kxx_pipeline, virtual_delete_through_base)
{
	int log = 0;
	void *mem = kxx_kmalloc(sizeof(Derived), KXX_GFP_KERNEL);

	KXX_ASSERT_NOT_NULL(test, mem);
	destroyed = 0;
	Base *b = new (mem) Derived(&log);
	KXX_EXPECT_EQ(test, b->kind(), 2);
	delete b; // Derived::~Derived, Base::~Base, operator delete -> kfree
	KXX_EXPECT_EQ(test, log, 10);
	KXX_EXPECT_EQ(test, destroyed, 1);
}

#ifdef KXX_DEMO_FAILURE
namespace {
struct ScopeCounter {
	explicit ScopeCounter(int *n) : n_(n) {}
	~ScopeCounter() { *n_ += 1; }
	int *n_;
};
} // namespace

/*
 * Built only with `make test KXX_DEMO_FAILURE=1`: shows that a failing case
 * fails `make test` and is named in its output.
 */
KXX_TEST(kxx_pipeline, deliberate_failure)
{
	ScopeCounter c(&destroyed);
	KXX_EXPECT_EQ(test, 1 + 1, 3);
	KXX_ASSERT_TRUE(test, destroyed < 0);
	KXX_EXPECT_TRUE(test, false); // not reached: the assertion ended the case
}
#endif
