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
	static constexpr bool value = ScopeBound<T>::value || ScopeBound<E>::value;
};

/* Ok(v) / Err(e) convert to any Result whose T / E can be built from them. */
template <class T> struct OkValue {
	T value;
};
template <class E> struct ErrValue {
	E error;
};
struct OkVoid {};

template <class T> OkValue<remove_cvref_t<T>> Ok(T &&v)
{
	return { forward<T>(v) };
}
inline OkVoid Ok()
{
	return {};
}
template <class E> ErrValue<remove_cvref_t<E>> Err(E &&e)
{
	return { forward<E>(e) };
}

template <class T, class E = Error> class [[nodiscard]] Result {
	static_assert(!is_lvalue_reference_v<T>, "Result<T&> is not supported; use Result<T*>");

public:
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

	bool has_value() const { return ok_; }
	bool is_ok() const { return ok_; }
	bool is_err() const { return !ok_; }
	explicit operator bool() const { return ok_; }

	/* The value; BUG() on an error Result (see the header comment). */
	T &value() & KXX_LIFETIMEBOUND { return checked(); }
	const T &value() const & KXX_LIFETIMEBOUND { return checked(); }
	/* A temporary's value moves out: a reference into it would dangle. */
	T value() && { return move(checked()); }
	const T &value() const && = delete;
	T &operator*() & KXX_LIFETIMEBOUND { return checked(); }
	const T &operator*() const & KXX_LIFETIMEBOUND { return checked(); }
	T operator*() && { return move(checked()); }
	const T &operator*() const && = delete;
	T *operator->() & KXX_LIFETIMEBOUND { return &checked(); }
	const T *operator->() const & KXX_LIFETIMEBOUND { return &checked(); }
	T *operator->() && KXX_LIFETIMEBOUND requires is_trivially_destructible_v<T>
	{
		return &checked(); // as Option's
	}
	T *operator->() && requires(!is_trivially_destructible_v<T>) = delete;
	const T *operator->() const && = delete;

	/* The error; BUG() on an ok Result. */
	E &error() & KXX_LIFETIMEBOUND { return checked_error(); }
	const E &error() const & KXX_LIFETIMEBOUND { return checked_error(); }
	E error() && { return move(checked_error()); } // moved out, as value()
	const E &error() const && = delete;

	template <class U> T value_or(U &&fallback) const & requires is_constructible_v<T, const T &>
	{
		return ok_ ? value_ : T(forward<U>(fallback));
	}
	template <class U> T value_or(U &&fallback) &&
	{
		return ok_ ? move(value_) : T(forward<U>(fallback));
	}

	/* The value as an Option, dropping any error. */
	Option<T> ok() &&
	{
		if (!ok_)
			return None;
		return Option<T>(move(value_));
	}

	/* f(value), a Result with the same E; the error passed on as is. */
	template <class F> auto and_then(F &&f) & { return bind(*this, forward<F>(f)); }
	template <class F> auto and_then(F &&f) const & { return bind(*this, forward<F>(f)); }
	template <class F> auto and_then(F &&f) && { return bind(move(*this), forward<F>(f)); }

	/* Result<U, E> holding f(value); the error passed on as is. */
	template <class F> auto transform(F &&f) & { return map(*this, forward<F>(f)); }
	template <class F> auto transform(F &&f) const & { return map(*this, forward<F>(f)); }
	template <class F> auto transform(F &&f) && { return map(move(*this), forward<F>(f)); }

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
	E &checked_error()
	{
		if (__builtin_expect(ok_, 0))
			detail::bad_access("error() of an ok kxx::Result");
		return error_;
	}
	const E &checked_error() const
	{
		if (__builtin_expect(ok_, 0))
			detail::bad_access("error() of an ok kxx::Result");
		return error_;
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

template <class E> class [[nodiscard]] Result<void, E> {
public:
	using value_type = void;
	using error_type = E;

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

	bool has_value() const { return ok_; }
	bool is_ok() const { return ok_; }
	bool is_err() const { return !ok_; }
	explicit operator bool() const { return ok_; }

	/* Nothing to return; BUG() on an error Result, as the other forms. */
	void value() const
	{
		if (__builtin_expect(!ok_, 0))
			detail::bad_access("value of an error kxx::Result<void>");
	}

	E &error() & KXX_LIFETIMEBOUND { return checked_error(); }
	const E &error() const & KXX_LIFETIMEBOUND { return checked_error(); }
	E error() && { return move(checked_error()); } // moved out, as value()
	const E &error() const && = delete;

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
	E &checked_error()
	{
		if (__builtin_expect(ok_, 0))
			detail::bad_access("error() of an ok kxx::Result<void>");
		return error_;
	}
	const E &checked_error() const
	{
		if (__builtin_expect(ok_, 0))
			detail::bad_access("error() of an ok kxx::Result<void>");
		return error_;
	}

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
