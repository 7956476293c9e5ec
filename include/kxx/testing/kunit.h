/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/testing/kunit.h - KUnit test cases written in C++.
 *
 * Wraps:     <kunit/test.h> (kunit_case, kunit_suite, the expectation and skip
 *            calls, kunit_info) through testing/kunit.c, and kbuild/gen-suites.sh,
 *            which registers the cases.
 * Types:     kunit::Test (the running case; only the framework makes one),
 *            kunit::ExpectMisuse (counts kxx's misuse reports instead of
 *            letting them WARN while it lives), kunit::FailAllocations (fault
 *            injection), kunit::Threads (a kthread bound to each online CPU);
 *            KXX_TEST, KXX_EXPECT_*, KXX_ASSERT_*, KXX_INFO, KXX_SKIP.
 * Promises:  none of its own: the test support of every suite in kunit/ and of
 *            the README's examples.
 * Tests:     kunit/pipeline_test.cpp
 *            (kxx_pipeline.expectations_compare_mixed_signedness_by_value,
 *            kxx_pipeline.deliberate_failure with KXX_DEMO_FAILURE=1).
 *
 *   KXX_TEST(kxx_example, adds) {
 *           KXX_EXPECT_EQ(test, 1 + 1, 2);
 *   }
 *
 * KXX_TEST(suite, name) defines one KUnit case with `kxx::kunit::Test& test`
 * in scope.  Cases are registered without global constructors: each case is
 * an extern "C" function named kxx_kunit_case__<suite>__<name>, and at build
 * time kbuild/gen-suites.sh reads those symbols from the compiled objects
 * and writes the C file that declares one `struct kunit_suite` per suite
 * name.  Suite and case names are C identifiers without a double underscore.
 *
 * KXX_EXPECT_* record a failure (file:line and the values, through real
 * KUnit) and continue; KXX_ASSERT_* also end the case by returning from the
 * function they are written in, so destructors of the case's locals still
 * run and nothing the case owns leaks.  Like gtest's ASSERT_*, they can only
 * be used in functions returning void.
 */
#ifndef KXX_TESTING_KUNIT_H
#define KXX_TESTING_KUNIT_H

#include <kxx/testing/bindings.h>
#include <kxx/layout.h>
#include <kxx/utility.h>

namespace kxx::kunit {

/* The running case.  Only the framework creates one. */
class Test {
public:
	/* Wraps the kernel's struct kunit of the running case. */
	explicit Test(struct kunit *raw) : raw_(raw) {}
	Test(const Test &) = delete;
	Test &operator=(const Test &) = delete;

	/* The kernel's struct kunit, for C. */
	struct kunit *raw() const { return raw_; }

private:
	struct kunit *raw_;
};

/*
 * While one of these lives, kxx's misuse reports (KXX_WARN_MISUSE) are
 * counted instead of WARNing, so a case can check that a misuse is detected
 * and recovered from without a WARNING on the console.
 */
class ExpectMisuse {
public:
	ExpectMisuse() : start_(kxx_misuse_expect(true)) {}
	~ExpectMisuse() { kxx_misuse_expect(false); }
	ExpectMisuse(const ExpectMisuse &) = delete;
	ExpectMisuse &operator=(const ExpectMisuse &) = delete;

	/* Misuses reported since construction. */
	unsigned long count() const
	{
		unsigned long now = kxx_misuse_expect(true);
		kxx_misuse_expect(false);
		return now - start_;
	}

private:
	unsigned long start_;
};

/*
 * While one of these lives, every slab and page allocation of this task
 * fails (failslab / fail_page_alloc with task-filter, probability 100 and
 * ignore-gfp-wait off, as scripts/qemu.sh's guest sets them).  Keep the
 * scope tight: KUnit's own reporting allocates too.
 */
class FailAllocations {
public:
	FailAllocations() { kxx_kunit_fail_allocations(true); }
	~FailAllocations() { kxx_kunit_fail_allocations(false); }
	FailAllocations(const FailAllocations &) = delete;
	FailAllocations &operator=(const FailAllocations &) = delete;

	/* Whether injection is configured: a probe allocation must fail. */
	static bool available()
	{
		bool failed;
		{
			FailAllocations on;
			void *probe = kxx_kmalloc(16, KXX_GFP_KERNEL | KXX_GFP_NOWARN);
			failed = probe == nullptr;
			kxx_kfree(probe);
		}
		return failed;
	}
};

/*
 * One kthread per online CPU running fn(arg, cpu), for concurrency tests.
 * fn should return when kxx_kunit_thread_should_stop() (or its own end
 * condition) says so.  stop() (or the destructor) stops and joins them all.
 */
class Threads {
public:
	/* Starts @fn(@arg, cpu) on a thread per online CPU, returning once each runs it; may sleep. */
	Threads(long (*fn)(void *arg, unsigned int cpu), void *arg)
	    : threads_(kxx_kunit_threads_start(fn, arg))
	{}
	~Threads() { stop(); }
	Threads(const Threads &) = delete;
	Threads &operator=(const Threads &) = delete;

	/* Whether the threads were started (the allocation may fail). */
	bool started() const { return threads_ != nullptr; }

	/* Stops them; the sum of their return values (once). */
	long stop()
	{
		if (!threads_)
			return 0;
		return kxx_kunit_threads_stop(exchange(threads_, nullptr));
	}

private:
	struct kxx_kunit_threads *threads_;
};

namespace detail {

template <class T> kxx_kunit_value show(const T &v)
{
	using U = remove_cvref_t<T>;
	kxx_kunit_value out{ KXX_KUNIT_OPAQUE, 0, 0, nullptr };

	if constexpr (is_same_v<U, bool>) {
		out.kind = KXX_KUNIT_BOOL;
		out.u = v;
	} else if constexpr (is_enum_v<U>) {
		return show(static_cast<underlying_type_t<U>>(v));
	} else if constexpr (is_integral_v<U> && is_signed_v<U>) {
		out.kind = KXX_KUNIT_SIGNED;
		out.s = v;
	} else if constexpr (is_integral_v<U>) {
		out.kind = KXX_KUNIT_UNSIGNED;
		out.u = v;
	} else if constexpr (is_pointer_v<U> || is_same_v<U, nullptr_t>) {
		out.kind = KXX_KUNIT_POINTER;
		out.p = v;
	}
	return out;
}

/* Integer comparison that is right for mixed signedness (as C++20 cmp_*). */
template <class A, class B> constexpr bool equal(const A &a, const B &b)
{
	if constexpr (is_integral_v<A> && is_integral_v<B> && !is_same_v<A, bool> &&
		      !is_same_v<B, bool>) {
		if constexpr (is_signed_v<A> == is_signed_v<B>)
			return a == b;
		else if constexpr (is_signed_v<A>)
			return a >= 0 && static_cast<unsigned long long>(a) == b;
		else
			return b >= 0 && a == static_cast<unsigned long long>(b);
	} else {
		return a == b;
	}
}

template <class A, class B> constexpr bool less(const A &a, const B &b)
{
	if constexpr (is_integral_v<A> && is_integral_v<B>) {
		if constexpr (is_signed_v<A> == is_signed_v<B>)
			return a < b;
		else if constexpr (is_signed_v<A>)
			return a < 0 || static_cast<unsigned long long>(a) < b;
		else
			return b >= 0 && a < static_cast<unsigned long long>(b);
	} else {
		return a < b;
	}
}

/* The comparisons KXX_EXPECT_* / KXX_ASSERT_* make. */
struct Eq {
	static constexpr const char *op = "==";
	template <class A, class B> static bool holds(const A &a, const B &b)
	{
		return equal(a, b);
	}
};
struct Ne {
	static constexpr const char *op = "!=";
	template <class A, class B> static bool holds(const A &a, const B &b)
	{
		return !equal(a, b);
	}
};
struct Lt {
	static constexpr const char *op = "<";
	template <class A, class B> static bool holds(const A &a, const B &b) { return less(a, b); }
};
struct Le {
	static constexpr const char *op = "<=";
	template <class A, class B> static bool holds(const A &a, const B &b)
	{
		return !less(b, a);
	}
};
struct Gt {
	static constexpr const char *op = ">";
	template <class A, class B> static bool holds(const A &a, const B &b) { return less(b, a); }
};
struct Ge {
	static constexpr const char *op = ">=";
	template <class A, class B> static bool holds(const A &a, const B &b)
	{
		return !less(a, b);
	}
};

/* Whether two C strings are equal (null equals only null). */
inline bool str_equal(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* Evaluates `a Cmp b`; on failure reports both values.  True if it held. */
template <class Cmp, class A, class B> bool check(Test &test, const char *file, int line,
						  bool is_assert, const char *lhs, const char *rhs,
						  const A &a, const B &b)
{
	if (__builtin_expect(Cmp::holds(a, b), 1))
		return true;

	const kxx_kunit_value l = show(a), r = show(b);
	kxx_kunit_fail_binary(test.raw(), file, line, is_assert, lhs, Cmp::op, rhs, &l, &r);
	return false;
}

} // namespace detail
} // namespace kxx::kunit

#define KXX_KUNIT_STR_(x) #x
#define KXX_KUNIT_STR(x) KXX_KUNIT_STR_(x)

/*
 * The case function, plus a local absolute symbol holding its line, which
 * kbuild/gen-suites.sh uses to list cases in the order they are written.
 */
#define KXX_TEST(suite, name)                                                                      \
	asm(".set kxx_kunit_line__" #suite "__" #name ", " KXX_KUNIT_STR(__LINE__));               \
	static void kxx_kunit_body__##suite##__##name(::kxx::kunit::Test &test);                   \
	extern "C" void kxx_kunit_case__##suite##__##name(struct kunit *raw);                      \
	extern "C" void kxx_kunit_case__##suite##__##name(struct kunit *raw)                       \
	{                                                                                          \
		::kxx::kunit::Test test(raw);                                                      \
		kxx_kunit_body__##suite##__##name(test);                                           \
	}                                                                                          \
	static void kxx_kunit_body__##suite##__##name([[maybe_unused]] ::kxx::kunit::Test &test)

/* Ends the case if @is_assert; only the function the check is written in. */
#define KXX_KUNIT_END_IF_(is_assert)                                                               \
	do {                                                                                       \
		if (is_assert)                                                                     \
			return;                                                                    \
	} while (0)

#define KXX_KUNIT_BOOL_(test, is_assert, cond, want)                                               \
	do {                                                                                       \
		if (__builtin_expect(!(cond) == (want), 0)) {                                      \
			kxx_kunit_fail((test).raw(), __FILE__, __LINE__, is_assert,                \
				       "Expected %s to be %s, but is %s", #cond,                   \
				       (want) ? "true" : "false", (want) ? "false" : "true");      \
			KXX_KUNIT_END_IF_(is_assert);                                              \
		}                                                                                  \
	} while (0)

#define KXX_KUNIT_BINARY_(test, is_assert, cmp, a, b, a_text, b_text)                              \
	do {                                                                                       \
		if (!::kxx::kunit::detail::check<::kxx::kunit::detail::cmp>(                       \
			(test), __FILE__, __LINE__, is_assert, a_text, b_text, (a), (b)))          \
			KXX_KUNIT_END_IF_(is_assert);                                              \
	} while (0)

#define KXX_KUNIT_STREQ_(test, is_assert, a, b)                                                    \
	do {                                                                                       \
		const char *kxx_a_ = (a), *kxx_b_ = (b);                                           \
		if (!::kxx::kunit::detail::str_equal(kxx_a_, kxx_b_)) {                            \
			kxx_kunit_fail((test).raw(), __FILE__, __LINE__, is_assert,                \
				       "Expected %s == %s, but\n        %s == \"%s\"\n"           \
				       "        %s == \"%s\"",                                      \
				       #a, #b, #a, kxx_a_ ? kxx_a_ : "(null)", #b,                 \
				       kxx_b_ ? kxx_b_ : "(null)");                                \
			KXX_KUNIT_END_IF_(is_assert);                                              \
		}                                                                                  \
	} while (0)

#define KXX_KUNIT_EQ_(t, f, a, b) KXX_KUNIT_BINARY_(t, f, Eq, a, b, #a, #b)
#define KXX_KUNIT_NE_(t, f, a, b) KXX_KUNIT_BINARY_(t, f, Ne, a, b, #a, #b)
#define KXX_KUNIT_LT_(t, f, a, b) KXX_KUNIT_BINARY_(t, f, Lt, a, b, #a, #b)
#define KXX_KUNIT_LE_(t, f, a, b) KXX_KUNIT_BINARY_(t, f, Le, a, b, #a, #b)
#define KXX_KUNIT_GT_(t, f, a, b) KXX_KUNIT_BINARY_(t, f, Gt, a, b, #a, #b)
#define KXX_KUNIT_GE_(t, f, a, b) KXX_KUNIT_BINARY_(t, f, Ge, a, b, #a, #b)
#define KXX_KUNIT_NULL_(t, f, p) KXX_KUNIT_BINARY_(t, f, Eq, p, nullptr, #p, "NULL")
#define KXX_KUNIT_NOT_NULL_(t, f, p) KXX_KUNIT_BINARY_(t, f, Ne, p, nullptr, #p, "NULL")

#define KXX_EXPECT_TRUE(test, cond) KXX_KUNIT_BOOL_(test, false, cond, true)
#define KXX_EXPECT_FALSE(test, cond) KXX_KUNIT_BOOL_(test, false, cond, false)
#define KXX_EXPECT_EQ(test, a, b) KXX_KUNIT_EQ_(test, false, a, b)
#define KXX_EXPECT_NE(test, a, b) KXX_KUNIT_NE_(test, false, a, b)
#define KXX_EXPECT_LT(test, a, b) KXX_KUNIT_LT_(test, false, a, b)
#define KXX_EXPECT_LE(test, a, b) KXX_KUNIT_LE_(test, false, a, b)
#define KXX_EXPECT_GT(test, a, b) KXX_KUNIT_GT_(test, false, a, b)
#define KXX_EXPECT_GE(test, a, b) KXX_KUNIT_GE_(test, false, a, b)
#define KXX_EXPECT_NULL(test, p) KXX_KUNIT_NULL_(test, false, p)
#define KXX_EXPECT_NOT_NULL(test, p) KXX_KUNIT_NOT_NULL_(test, false, p)
#define KXX_EXPECT_STREQ(test, a, b) KXX_KUNIT_STREQ_(test, false, a, b)

/* An anonymous namespace in a type's name (lock class names), as the compiler spells it. */
#ifdef __clang__
#define KXX_ANONYMOUS_NS "(anonymous namespace)"
#else
#define KXX_ANONYMOUS_NS "{anonymous}"
#endif

#define KXX_ASSERT_TRUE(test, cond) KXX_KUNIT_BOOL_(test, true, cond, true)
#define KXX_ASSERT_FALSE(test, cond) KXX_KUNIT_BOOL_(test, true, cond, false)
#define KXX_ASSERT_EQ(test, a, b) KXX_KUNIT_EQ_(test, true, a, b)
#define KXX_ASSERT_NE(test, a, b) KXX_KUNIT_NE_(test, true, a, b)
#define KXX_ASSERT_LT(test, a, b) KXX_KUNIT_LT_(test, true, a, b)
#define KXX_ASSERT_LE(test, a, b) KXX_KUNIT_LE_(test, true, a, b)
#define KXX_ASSERT_GT(test, a, b) KXX_KUNIT_GT_(test, true, a, b)
#define KXX_ASSERT_GE(test, a, b) KXX_KUNIT_GE_(test, true, a, b)
#define KXX_ASSERT_NULL(test, p) KXX_KUNIT_NULL_(test, true, p)
#define KXX_ASSERT_NOT_NULL(test, p) KXX_KUNIT_NOT_NULL_(test, true, p)
#define KXX_ASSERT_STREQ(test, a, b) KXX_KUNIT_STREQ_(test, true, a, b)

/* Print a "# name: message" line in the case's KTAP output. */
#define KXX_INFO(test, fmt, ...) kxx_kunit_info((test).raw(), fmt, ##__VA_ARGS__)
/* Mark the case skipped and end it. */
#define KXX_SKIP(test, why)                                                                        \
	do {                                                                                       \
		kxx_kunit_skip((test).raw(), why);                                                 \
		return;                                                                            \
	} while (0)

#endif /* KXX_TESTING_KUNIT_H */
