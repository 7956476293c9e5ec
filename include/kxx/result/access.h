/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/result/access.h - the accessors Option and Result share, written once.
 *
 * Wraps:     none.
 * Types:     detail::ValueAccess<D, T>: value(), operator*, operator->,
 *            value_or(), and_then(), transform() of an Option or a Result;
 *            detail::ErrorAccess<D, E>: has_value(), is_ok(), is_err(),
 *            error() of a Result (either form).  Mixins with no state: D
 *            derives from them and befriends them; every call is D's own
 *            code, inlined, so Option and Result compile as before.
 * Promises:  docs/soundness.md, "1. Ownership" (no made-up value of an empty
 *            Option or an error Result: BUG; no reference into a temporary).
 * Tests:     kunit/result_test.cpp (kxx_option.accessors_as_std_optional,
 *            kxx_result.accessors_as_std_expected); compile-fail:
 *            owner_deref_of_temporary, borrow_through_temporary_owner.
 *
 * The forms are std::optional's and std::expected's: & and const& lend a
 * reference; && moves the value out of a temporary (a reference into it
 * would dangle), and const&& is deleted.  `->` on a temporary is allowed
 * only when its end frees nothing (a pointer, an id): an owner (a Page, an
 * Arc) is freed at the end of the expression, and a borrow taken through
 * it (`r = xa.remove(i)->borrow();`) would outlive it.  A T that cannot
 * move (a lock guard, from try_lock()) is reachable only through a named
 * Option: through a temporary one the lock would be released at the end
 * of the expression (`xa.try_lock()->get(i)` does not compile).
 *
 * D provides: has_value(); checked() and checked() const, its value or
 * BUG() naming the misuse; value_ (for value_or()); bind() and map(), its
 * and_then() and transform(); for ErrorAccess, ok_ and error_.
 */
#ifndef KXX_RESULT_ACCESS_H
#define KXX_RESULT_ACCESS_H

#include <kxx/core/annotations.h>
#include <kxx/core/misuse.h>
#include <kxx/core/move.h>

namespace kxx::detail {

template <class D, class T> class ValueAccess {
	static constexpr bool movable = is_constructible_v<T, T &&>;

	D &self() { return static_cast<D &>(*this); }
	const D &self() const { return static_cast<const D &>(*this); }

public:
	T &value() & KXX_LIFETIMEBOUND { return self().checked(); }
	const T &value() const & KXX_LIFETIMEBOUND { return self().checked(); }
	T value() && requires movable { return move(self().checked()); }
	T value() && requires(!movable) = delete;
	const T &value() const && = delete;

	T &operator*() & KXX_LIFETIMEBOUND { return self().checked(); }
	const T &operator*() const & KXX_LIFETIMEBOUND { return self().checked(); }
	T operator*() && requires movable { return move(self().checked()); }
	T operator*() && requires(!movable) = delete;
	const T &operator*() const && = delete;

	T *operator->() & KXX_LIFETIMEBOUND { return &self().checked(); }
	const T *operator->() const & KXX_LIFETIMEBOUND { return &self().checked(); }
	T *operator->() && KXX_LIFETIMEBOUND requires is_trivially_destructible_v<T> { return &self().checked(); }
	const T *operator->() const && KXX_LIFETIMEBOUND requires is_trivially_destructible_v<T>
	{
		return &self().checked();
	}
	T *operator->() && requires(!is_trivially_destructible_v<T>) = delete;
	const T *operator->() const && requires(!is_trivially_destructible_v<T>) = delete;

	template <class U> T value_or(U &&fallback) const & requires is_constructible_v<T, const T &>
	{
		return self().has_value() ? self().value_ : T(forward<U>(fallback));
	}
	template <class U> T value_or(U &&fallback) &&
	{
		return self().has_value() ? move(self().value_) : T(forward<U>(fallback));
	}

	template <class F> auto and_then(F &&f) & { return D::bind(self(), forward<F>(f)); }
	template <class F> auto and_then(F &&f) const & { return D::bind(self(), forward<F>(f)); }
	template <class F> auto and_then(F &&f) && { return D::bind(move(self()), forward<F>(f)); }

	template <class F> auto transform(F &&f) & { return D::map(self(), forward<F>(f)); }
	template <class F> auto transform(F &&f) const & { return D::map(self(), forward<F>(f)); }
	template <class F> auto transform(F &&f) && { return D::map(move(self()), forward<F>(f)); }
};

template <class D, class E> class ErrorAccess {
	D &self() { return static_cast<D &>(*this); }
	const D &self() const { return static_cast<const D &>(*this); }

public:
	bool has_value() const { return self().ok_; }
	bool is_ok() const { return self().ok_; }
	bool is_err() const { return !self().ok_; }
	explicit operator bool() const { return self().ok_; }

	E &error() & KXX_LIFETIMEBOUND { return checked_error(); }
	const E &error() const & KXX_LIFETIMEBOUND { return checked_error(); }
	E error() && { return move(checked_error()); } // moved out, as value()
	const E &error() const && = delete;

private:
	E &checked_error()
	{
		if (__builtin_expect(self().ok_, 0))
			detail::bad_access("error() of an ok kxx::Result");
		return self().error_;
	}
	const E &checked_error() const
	{
		if (__builtin_expect(self().ok_, 0))
			detail::bad_access("error() of an ok kxx::Result");
		return self().error_;
	}
};

} // namespace kxx::detail

#endif /* KXX_RESULT_ACCESS_H */
