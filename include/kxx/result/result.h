/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/result/result.h - Result<T, E>: a value, or the error why not.
 *
 * Wraps:     none.
 * Types:     Result<T, E = Error>, Result<void, E>, Ok(v), Ok(), Err(e).
 *            Invariant: a Result holds a live T exactly when `ok_` is true and
 *            a live E otherwise; a moved-from Result still holds its
 *            (moved-from) T or E.  [[nodiscard]]: with -Werror an ignored
 *            failure does not compile.
 * Promises:  docs/soundness.md, "1. Ownership" (a Result cannot be ignored;
 *            assignment takes the source first; no made-up value of an error
 *            Result: BUG).
 * Tests:     kunit/result_test.cpp (kxx_result: ok_and_err,
 *            move_assignment_drops_old_value, accessors_as_std_expected,
 *            assignment_from_inside_the_old_value); compile-fail: result_copy,
 *            result_discarded, store_result_discarded, box_make_discarded.
 *
 * Every kxx operation that can fail returns a Result: the value, or the
 * error (a kxx::Error unless said otherwise).  The accessors are
 * std::expected's: has_value(), value(), operator*, operator->, error(),
 * value_or(), and_then(), transform(), or_else(), each with the & / const&
 * / && forms.  The value of an error Result, or the error of an ok one, is
 * a bug with no safe answer: BUG(), naming the misuse (see result/option.h).
 * KXX_TRY (result/try.h) keeps error paths one line long.
 */
#ifndef KXX_RESULT_RESULT_H
#define KXX_RESULT_RESULT_H

#include <kxx/result/error.h>
#include <kxx/result/option.h>

namespace kxx {

template <class T, class E> class Result;

namespace detail {
template <class T> inline constexpr bool is_result_v = false;
template <class T, class E> inline constexpr bool is_result_v<Result<T, E>> = true;
} // namespace detail

/* A Result holding a guard is one (core/scope_bound.h). */
template <class T, class E> struct ScopeBound<Result<T, E>> {
	/* Whether either side is a guard. */
	static constexpr bool value = ScopeBound<T>::value || ScopeBound<E>::value;
};

/* Ok(v) / Err(e) convert to any Result whose T / E can be built from them. */
template <class T> struct OkValue {
	/* The value, on its way into a Result. */
	T value;
};
/* What Err(e) returns: converts to any Result whose E can be made from it. */
template <class E> struct ErrValue {
	/* The error, on its way into a Result. */
	E error;
};
struct OkVoid {};

/* An ok value for any Result that can hold it (Ok() for Result<void>). */
template <class T> OkValue<remove_cvref_t<T>> Ok(T &&v)
{
	return { forward<T>(v) };
}
inline OkVoid Ok()
{
	return {};
}
/* An error for any Result whose E can be made from it. */
template <class E> ErrValue<remove_cvref_t<E>> Err(E &&e)
{
	return { forward<E>(e) };
}

/*
 * A T, or the error E why not (std::expected): has_value(), is_ok(),
 * value(), operator*, operator->, error(), value_or(), and_then(),
 * transform() (result/access.h), ok(), or_else().  The value of an error
 * Result, or the error of an ok one, is a BUG().  Promises:
 * docs/soundness.md, 1. Ownership.
 */
template <class T, class E = Error>
class [[nodiscard]] Result : public detail::ValueAccess<Result<T, E>, T>,
			     public detail::ErrorAccess<Result<T, E>, E> {
	static_assert(!is_lvalue_reference_v<T>, "Result<T&> is not supported; use Result<T*>");
	using Access = detail::ValueAccess<Result, T>;
	using ErrAccess = detail::ErrorAccess<Result, E>;
	friend Access;
	friend ErrAccess;

public:
	/* As std::expected's. */
	using value_type = T;
	using error_type = E;

	/* From T or E directly, where that is not ambiguous. */
	Result(T &&v) requires(!is_same_v<T, E>) : ok_(true) { new (&value_) T(move(v)); }
	Result(const T &v) requires(!is_same_v<T, E> && is_constructible_v<T, const T &>)
	    : ok_(true)
	{
		new (&value_) T(v);
	}
	Result(const E &e) requires(!is_same_v<T, E> && is_constructible_v<E, const E &>)
	    : ok_(false)
	{
		new (&error_) E(e);
	}
	Result(E &&e) requires(!is_same_v<T, E>) : ok_(false) { new (&error_) E(move(e)); }
	template <class U> Result(OkValue<U> &&ok) : ok_(true) { new (&value_) T(move(ok.value)); }
	template <class U> Result(ErrValue<U> &&err) : ok_(false)
	{
		new (&error_) E(move(err.error));
	}

	/* Moves other's value or error (other keeps its moved-from one). */
	Result(Result &&other) : ok_(other.ok_)
	{
		if (ok_)
			new (&value_) T(move(other.value_));
		else
			new (&error_) E(move(other.error_));
	}
	/* Takes other's contents first, then drops ours (see Option). */
	Result &operator=(Result &&other)
	{
		Result taken(move(other));
		destroy();
		ok_ = taken.ok_;
		if (ok_)
			new (&value_) T(move(taken.value_));
		else
			new (&error_) E(move(taken.error_));
		return *this;
	}
	Result(const Result &) = delete;
	Result &operator=(const Result &) = delete;

	~Result() { destroy(); }

	/* The value as an Option, dropping any error. */
	Option<T> ok() &&
	{
		if (!ok_)
			return None;
		return Option<T>(move(value_));
	}

	/* f(error), a Result with the same T; the value passed on as is. */
	template <class F> auto or_else(F &&f) && { return recover(move(*this), forward<F>(f)); }
	template <class F> auto or_else(F &&f) const & { return recover(*this, forward<F>(f)); }

private:
	T &checked()
	{
		if (__builtin_expect(!ok_, 0))
			detail::bad_access("value of an error kxx::Result");
		return value_;
	}
	const T &checked() const
	{
		if (__builtin_expect(!ok_, 0))
			detail::bad_access("value of an error kxx::Result");
		return value_;
	}
	template <class Self, class F> static auto bind(Self &&self, F &&f)
	{
		using R = remove_cvref_t<decltype(f(forward<Self>(self).value_))>;
		static_assert(detail::is_result_v<R>, "Result::and_then: f must return a Result");
		if (!self.ok_)
			return R(Err(forward<Self>(self).error_));
		return f(forward<Self>(self).value_);
	}
	template <class Self, class F> static auto map(Self &&self, F &&f)
	{
		using U = remove_cvref_t<decltype(f(forward<Self>(self).value_))>;
		if (!self.ok_)
			return Result<U, E>(Err(forward<Self>(self).error_));
		if constexpr (is_same_v<U, void>) {
			f(forward<Self>(self).value_);
			return Result<void, E>();
		} else {
			return Result<U, E>(Ok(f(forward<Self>(self).value_)));
		}
	}
	template <class Self, class F> static auto recover(Self &&self, F &&f)
	{
		using R = remove_cvref_t<decltype(f(forward<Self>(self).error_))>;
		static_assert(detail::is_result_v<R>, "Result::or_else: f must return a Result");
		if (self.ok_)
			return R(Ok(forward<Self>(self).value_));
		return f(forward<Self>(self).error_);
	}

	void destroy()
	{
		if (ok_)
			value_.~T();
		else
			error_.~E();
	}

	template <class, class> friend class Result;

	union {
		T value_;
		E error_;
	};
	detail::Tag<T, E> ok_; // 0 or 1
};

/* Success with nothing to return, or the error: as Result<T, E> without a value. */
template <class E> class [[nodiscard]] Result<void, E> : public detail::ErrorAccess<Result<void, E>, E> {
	using ErrAccess = detail::ErrorAccess<Result, E>;
	friend ErrAccess;

public:
	/* As std::expected's. */
	using value_type = void;
	using error_type = E;

	/* Success (also from Ok()), or the error @e (also from Err(e)). */
	Result() : ok_(true) {}
	Result(OkVoid) : Result() {}
	Result(const E &e) requires is_constructible_v<E, const E &> : ok_(false)
	{
		new (&error_) E(e);
	}
	Result(E &&e) : ok_(false) { new (&error_) E(move(e)); }
	template <class U> Result(ErrValue<U> &&err) : ok_(false)
	{
		new (&error_) E(move(err.error));
	}

	/* Moves other's error, if any (other keeps its moved-from one). */
	Result(Result &&other) : ok_(other.ok_)
	{
		if (!ok_)
			new (&error_) E(move(other.error_));
	}
	/* Takes other's contents first, then drops ours (see Option). */
	Result &operator=(Result &&other)
	{
		Result taken(move(other));
		destroy();
		ok_ = taken.ok_;
		if (!ok_)
			new (&error_) E(move(taken.error_));
		return *this;
	}
	Result(const Result &) = delete;
	Result &operator=(const Result &) = delete;
	~Result() { destroy(); }

	/* Nothing to return; BUG() on an error Result, as the other forms. */
	void value() const
	{
		if (__builtin_expect(!ok_, 0))
			detail::bad_access("value of an error kxx::Result<void>");
	}

	/* f(), a Result with the same E; the error passed on as is. */
	template <class F> auto and_then(F &&f) &&
	{
		using R = remove_cvref_t<decltype(f())>;
		static_assert(detail::is_result_v<R>, "Result::and_then: f must return a Result");
		if (!ok_)
			return R(Err(move(error_)));
		return f();
	}
	/* f(error), a Result<void, E2>; ok passed on as is. */
	template <class F> auto or_else(F &&f) &&
	{
		using R = remove_cvref_t<decltype(f(move(error_)))>;
		static_assert(detail::is_result_v<R>, "Result::or_else: f must return a Result");
		if (ok_)
			return R();
		return f(move(error_));
	}

private:
	void destroy()
	{
		if (!ok_)
			error_.~E();
	}

	struct Empty {};
	union {
		Empty none_;
		E error_;
	};
	detail::Tag<E> ok_; // 0 or 1
};

} // namespace kxx

#endif /* KXX_RESULT_RESULT_H */
