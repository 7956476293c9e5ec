/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/result/option.h - Option<T>: a T or nothing.
 *
 * Wraps:     none.
 * Types:     Option<T>, None, Some(v), in_place_fn.  Invariant: an Option holds
 *            a live T exactly when `has_` is true; a moved-from Option still
 *            holds its (moved-from) T.  An Option holding a guard is one
 *            (ScopeBound, below): it cannot be reset() early.
 * Promises:  docs/soundness.md, "1. Ownership" (assignment takes the source
 *            first; no made-up value of an empty Option: BUG; no reference into
 *            a temporary) and "4. Contexts" (Interrupt state).
 * Tests:     kunit/result_test.cpp (kxx_option.accessors_as_std_optional,
 *            kxx_result.assignment_from_inside_the_old_value); compile-fail:
 *            option_copy_move_only, option_reset_guard,
 *            option_option_guard_reset, owner_deref_of_temporary,
 *            borrow_through_temporary_owner, guard_temporary_try_lock.
 *
 * For values that may be absent without that being an error (an empty
 * slot, a lock not taken); it works for move-only T such as Box, and
 * (constructed in place) for T that can neither copy nor move.  The
 * accessors are std::optional's: has_value(), value(), operator*,
 * operator->, value_or(), and_then(), transform(), or_else(), each with
 * the & / const& / && forms C++ programmers expect.  Reading the value of
 * an empty Option is a bug with no safe answer (a default id could be
 * another object's): kxx stops with BUG() and names the misuse, as Rust's
 * unwrap() does and as std's value() throws.  Check first, or use
 * value_or() or and_then().
 *
 * Assignment takes the source before it drops the old value, so
 * `head = move(head->next)` is right even though the source lives inside
 * the value being replaced (as unique_ptr::reset(other.release()) is).
 */
#ifndef KXX_RESULT_OPTION_H
#define KXX_RESULT_OPTION_H

#include <kxx/core/misuse.h>
#include <kxx/core/move.h>
#include <kxx/core/new.h>
#include <kxx/core/scope_bound.h>
#include <kxx/core/annotations.h>
#include <kxx/result/access.h>

namespace kxx {

/*
 * Tag for Option(in_place_fn, f): the value is the prvalue f() returns,
 * constructed in place, so even a type that can neither copy nor move (a
 * lock guard) can be held in an Option.
 */
struct InPlaceFn {
	explicit InPlaceFn() = default;
};
/* The InPlaceFn tag's value. */
inline constexpr InPlaceFn in_place_fn{};

/* The type of None. */
struct NoneType {
	/* Only None itself is made. */
	explicit constexpr NoneType(int) {}
};
/* An empty Option of any T. */
inline constexpr NoneType None{ 0 };

template <class T> class Option;

namespace detail {
template <class... Ns> constexpr size_t max_of(size_t first, Ns... rest)
{
	size_t m = first;
	((m = rest > m ? rest : m), ...);
	return m;
}

/*
 * The "holds a value" flag of Option and Result, as wide as the alignment
 * of what it follows, so the object has no tail padding.  The size is
 * unchanged; the point is the kernel's INIT_STACK_ALL_ZERO.  GCC 12
 * zero-fills every named local before its constructor runs, and drops that
 * fill again only when it can split the object into its scalars, which a
 * padding byte prevents: with a bool flag, `Result<Box<T>> r = ...` cost a
 * store per word and kept r in memory.  (kxx::Error is a full word for the
 * same reason.)
 */
template <size_t Align> struct TagOf {
	using type = unsigned long; // 8, and over-aligned storage
};
template <> struct TagOf<1> {
	using type = unsigned char;
};
template <> struct TagOf<2> {
	using type = unsigned short;
};
template <> struct TagOf<4> {
	using type = unsigned int;
};
template <class... Ts> using Tag = typename TagOf<max_of(alignof(Ts)...)>::type;

template <class T> inline constexpr bool is_option_v = false;
template <class T> inline constexpr bool is_option_v<Option<T>> = true;

} // namespace detail

/* An Option holding a guard is one (core/scope_bound.h). */
template <class T> struct ScopeBound<Option<T>> : ScopeBound<T> {};

/*
 * A T or nothing (std::optional): has_value(), value(), operator*,
 * operator->, value_or(), and_then(), transform() (result/access.h),
 * or_else(), take(), reset().  The value of an empty Option is a BUG().
 * Promises: docs/soundness.md, 1. Ownership.
 */
template <class T> class [[nodiscard]] Option : public detail::ValueAccess<Option<T>, T> {
	static_assert(!is_lvalue_reference_v<T>, "Option<T&> is not supported; use Option<T*>");
	using Access = detail::ValueAccess<Option<T>, T>;
	friend Access;

public:
	/* As std::optional's. */
	using value_type = T;

	/*
	 * Empty (also from None), or holding @v (moved or copied), or holding
	 * what @make returns, built in place.
	 */
	constexpr Option() : none_(), has_(false) {}
	constexpr Option(NoneType) : Option() {}
	Option(T &&v) : has_(true) { new (&value_) T(move(v)); }
	template <class F> Option(InPlaceFn, F &&make) : has_(true) { new (&value_) T(make()); }
	Option(const T &v) requires is_constructible_v<T, const T &> : has_(true)
	{
		new (&value_) T(v);
	}

	/* Moves or copies other's value (other keeps its moved-from T). */
	Option(Option &&other) : has_(other.has_)
	{
		if (has_)
			new (&value_) T(move(other.value_));
	}
	Option(const Option &other) requires is_constructible_v<T, const T &> : has_(other.has_)
	{
		if (has_)
			new (&value_) T(other.value_);
	}

	/*
	 * Takes other's value first, then drops ours: other may live inside
	 * the value this Option holds (a list's next link), and dropping
	 * first would free it before it is read.  Self-assignment is a no-op.
	 */
	Option &operator=(Option &&other)
	{
		Option taken(move(other));
		destroy();
		if (taken.has_) {
			new (&value_) T(move(taken.value_));
			has_ = true;
		}
		return *this;
	}
	Option &operator=(const Option &other) requires is_constructible_v<T, const T &>
	{
		return *this = Option(other);
	}

	~Option() { destroy(); }

	/* Whether it holds a value. */
	bool has_value() const { return has_; }
	bool is_some() const { return has_; }
	bool is_none() const { return !has_; }
	explicit operator bool() const { return has_; }

	/* This Option if it has a value, else f() (an Option<T>). */
	template <class F> Option or_else(F &&f) const & requires is_constructible_v<T, const T &>
	{
		return has_ ? *this : forward<F>(f)();
	}
	template <class F> Option or_else(F &&f) &&
	{
		return has_ ? move(*this) : forward<F>(f)();
	}

	/* Moves the value out, leaving this Option empty. */
	Option take()
	{
		Option out(move(*this));
		destroy();
		return out;
	}

	/*
	 * Destroys the value, if any.  (Not analysed by Clang's thread-safety
	 * pass: for an Option<Guard> this releases a lock the Option itself
	 * was never seen to take.)
	 */
	void reset() requires(!scope_bound_v<T>) { destroy(); }
	/*
	 * A guard (scope_bound: try_lock()'s) ends with its Option's scope,
	 * never early: ended early, an irqsave guard would turn interrupts on
	 * while a section started after it is still open.
	 */
	void reset() requires scope_bound_v<T>
	= delete;

private:
	void destroy() KXX_NO_THREAD_SAFETY_ANALYSIS
	{
		if (has_) {
			has_ = false;
			value_.~T();
		}
	}

	T &checked()
	{
		if (__builtin_expect(!has_, 0))
			detail::bad_access("value of an empty kxx::Option");
		return value_;
	}
	const T &checked() const
	{
		if (__builtin_expect(!has_, 0))
			detail::bad_access("value of an empty kxx::Option");
		return value_;
	}

	template <class Self, class F> static auto bind(Self &&self, F &&f)
	{
		using R = remove_cvref_t<decltype(f(forward<Self>(self).value_))>;
		static_assert(detail::is_option_v<R>, "Option::and_then: f must return an Option");
		if (!self.has_)
			return R();
		return f(forward<Self>(self).value_);
	}
	template <class Self, class F> static auto map(Self &&self, F &&f)
	{
		using U = remove_cvref_t<decltype(f(forward<Self>(self).value_))>;
		if (!self.has_)
			return Option<U>();
		return Option<U>(f(forward<Self>(self).value_));
	}

	struct Empty {};
	union {
		Empty none_;
		T value_;
	};
	detail::Tag<T> has_; // 0 or 1
};

/* Some(v): an Option holding v (type deduced). */
template <class T> Option<remove_cvref_t<T>> Some(T &&v)
{
	return Option<remove_cvref_t<T>>(forward<T>(v));
}

} // namespace kxx

#endif /* KXX_RESULT_OPTION_H */
