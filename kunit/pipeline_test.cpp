// SPDX-License-Identifier: GPL-2.0
/*
 * The pipeline's own suite: C++ is compiled, registered with KUnit and run in
 * the test kernel, and the C++ view of kernel layouts is the kernel's.
 */
#include <kxx/bindings.h>
#include <kxx/kunit.h>
#include <kxx/layout.h>

KXX_TEST(kxx_pipeline, cxx_case_runs_and_passes)
{
	int values[4] = { 1, 2, 3, 4 };
	int sum = 0;

	for (int v : values)
		sum += v;
	KXX_EXPECT_EQ(test, sum, 10);
	KXX_EXPECT_TRUE(test, sum > 0);
	KXX_EXPECT_FALSE(test, sum == 0);
	KXX_EXPECT_NE(test, sum, 11);
	KXX_EXPECT_LT(test, -1, 0u + sum); // mixed signedness compares by value
	KXX_EXPECT_GE(test, 10ul, sum);
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

/* Storage sized from the layout header is exactly what C expects. */
KXX_TEST(kxx_pipeline, opaque_storage_has_kernel_size)
{
	using XaStorage = kxx::Opaque<KXX_SIZEOF_XARRAY, KXX_ALIGNOF_XARRAY>;

	KXX_EXPECT_EQ(test, sizeof(XaStorage), static_cast<unsigned long>(KXX_SIZEOF_XARRAY));
	KXX_EXPECT_EQ(test, alignof(XaStorage), static_cast<unsigned long>(KXX_ALIGNOF_XARRAY));
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

namespace {

struct ScopeCounter {
	explicit ScopeCounter(int *n) : n_(n) {}
	~ScopeCounter() { *n_ += 1; }
	int *n_;
};

} // namespace

/* RAII: a local's destructor runs on every way out of its scope. */
KXX_TEST(kxx_pipeline, destructor_runs_on_scope_exit)
{
	int n = 0;

	{
		ScopeCounter c(&n);
		KXX_EXPECT_EQ(test, n, 0);
	}
	KXX_EXPECT_EQ(test, n, 1);

	for (int i = 0; i < 3; i++) {
		ScopeCounter c(&n);
		if (i == 1)
			continue;
	}
	KXX_EXPECT_EQ(test, n, 4);

	auto early = [&](bool leave) {
		ScopeCounter c(&n);
		if (leave)
			return 1;
		return 0;
	};
	KXX_EXPECT_EQ(test, early(true), 1);
	KXX_EXPECT_EQ(test, n, 5);
}

#ifdef KXX_DEMO_FAILURE
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
