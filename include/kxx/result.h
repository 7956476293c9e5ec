/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/result.h - Option<T>, Result<T, E> and KXX_TRY.
 *
 * Every kxx operation that can fail returns a Result: the value, or the
 * error (a kxx::Error unless said otherwise).  Both are [[nodiscard]], and
 * kxx builds with -Werror, so an ignored failure does not compile.
 *
 *   Result<Box<Foo>> make_foo(Gfp gfp)
 *   {
 *           Box<Foo> foo = KXX_TRY(Box<Foo>::make(gfp));   // returns on error
 *           KXX_TRY(foo->init());                           // Result<void>
 *           return foo;
 *   }
 *
 * Option<T> is "a T or nothing", for values that may be absent without that
 * being an error (an empty slot, a lock not taken).  Both work for move-only
 * T such as Box.
 *
 * Reading the value of an empty Option or of an error Result is a bug.  kxx
 * never turns it into undefined behaviour: it WARNs (once per call site) and,
 * when T can be default-constructed, stores and returns a default T; a T
 * with no such safe state stops the kernel with BUG() instead.
 *
 * Invariants: an Option holds a live T exactly when `has_` is true; a Result
 * holds a live T exactly when `ok_` is true and a live E otherwise.
 */
#ifndef KXX_RESULT_H
#define KXX_RESULT_H

#include <kxx/error.h>
#include <kxx/utility.h>

namespace kxx {

/* --- Option ------------------------------------------------------------- */

/*
 * Tag for Option(in_place_fn, f): the value is the prvalue f() returns,
 * constructed in place, so even a type that can neither copy nor move (a
 * lock guard) can be held in an Option.
 */
struct InPlaceFn {
	explicit InPlaceFn() = default;
};
inline constexpr InPlaceFn in_place_fn{};

struct NoneType {
	explicit constexpr NoneType(int) {}
};
inline constexpr NoneType None{ 0 };

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

} // namespace detail

template <class T> class [[nodiscard]] Option {
	static_assert(!is_lvalue_reference_v<T>, "Option<T&> is not supported; use Option<T*>");

public:
	constexpr Option() : none_(), has_(false) {}
	constexpr Option(NoneType) : Option() {}
	Option(T &&v) : has_(true) { new (&value_) T(move(v)); }
	template <class F> Option(InPlaceFn, F &&make) : has_(true) { new (&value_) T(make()); }
	Option(const T &v) requires is_constructible_v<T, const T &> : has_(true)
	{
		new (&value_) T(v);
	}

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

	Option &operator=(Option &&other)
	{
		if (this != &other) {
			reset();
			if (other.has_) {
				new (&value_) T(move(other.value_));
				has_ = true;
			}
		}
		return *this;
	}
	Option &operator=(const Option &other) requires is_constructible_v<T, const T &>
	{
		if (this != &other) {
			reset();
			if (other.has_) {
				new (&value_) T(other.value_);
				has_ = true;
			}
		}
		return *this;
	}

	~Option() { reset(); }

	bool is_some() const { return has_; }
	bool is_none() const { return !has_; }
	explicit operator bool() const { return has_; }

	T &value() & { return checked(); }
	const T &value() const & { return const_cast<Option *>(this)->checked(); }
	T &&value() && { return move(checked()); }

	T &operator*() & { return checked(); }
	const T &operator*() const & { return const_cast<Option *>(this)->checked(); }
	T &&operator*() && { return move(checked()); }
	T *operator->() { return &checked(); }
	const T *operator->() const { return &const_cast<Option *>(this)->checked(); }

	/* Moves the value out, leaving this Option empty. */
	Option take()
	{
		Option out(move(*this));
		reset();
		return out;
	}

	template <class U> T value_or(U &&fallback) &&
	{
		if (has_)
			return move(value_);
		return T(forward<U>(fallback));
	}

	/* Destroys the value, if any. */
	void reset()
	{
		if (has_) {
			value_.~T();
			has_ = false;
		}
	}

private:
	T &checked()
	{
		if (__builtin_expect(!has_, 0)) {
			KXX_WARN_MISUSE("value of an empty kxx::Option");
			if constexpr (is_constructible_v<T>) {
				new (&value_) T();
				has_ = true;
			} else {
				kxx_bug("value of an empty kxx::Option, and T has no safe default");
			}
		}
		return value_;
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

/* --- Result ------------------------------------------------------------- */

namespace detail {
/* What a misused error() returns: EINVAL, E(), or BUG() when E has neither. */
template <class E> E error_placeholder()
{
	if constexpr (is_same_v<E, Error>)
		return code::EINVAL;
	else if constexpr (is_constructible_v<E>)
		return E();
	else
		kxx_bug("error() of an ok kxx::Result, and E has no safe default");
}
} // namespace detail

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
	Result &operator=(Result &&other)
	{
		if (this != &other) {
			destroy();
			ok_ = other.ok_;
			if (ok_)
				new (&value_) T(move(other.value_));
			else
				new (&error_) E(move(other.error_));
		}
		return *this;
	}
	Result(const Result &) = delete;
	Result &operator=(const Result &) = delete;

	~Result() { destroy(); }

	bool is_ok() const { return ok_; }
	bool is_err() const { return !ok_; }

	T &value() & { return checked(); }
	const T &value() const & { return const_cast<Result *>(this)->checked(); }
	T &&value() && { return move(checked()); }
	T &operator*() & { return checked(); }
	const T &operator*() const & { return const_cast<Result *>(this)->checked(); }
	T &&operator*() && { return move(checked()); }
	T *operator->() { return &checked(); }
	const T *operator->() const { return &const_cast<Result *>(this)->checked(); }

	/*
	 * The error.  On an ok Result that is a bug: WARN and return EINVAL
	 * (or E()); an E with no such safe value stops with BUG().
	 */
	E error() const &requires is_constructible_v<E, const E &>
	{
		if (__builtin_expect(ok_, 0))
			return misused();
		return error_;
	}
	E error() &&
	{
		if (__builtin_expect(ok_, 0))
			return misused();
		return move(error_);
	}

	/* The value as an Option, dropping any error. */
	Option<T> ok() &&
	{
		if (!ok_)
			return None;
		return Option<T>(move(value_));
	}

private:
	static E misused()
	{
		KXX_WARN_MISUSE("error() of an ok kxx::Result");
		return detail::error_placeholder<E>();
	}

	T &checked()
	{
		if (__builtin_expect(!ok_, 0)) {
			KXX_WARN_MISUSE("value of an error kxx::Result");
			if constexpr (is_constructible_v<T>) {
				error_.~E();
				new (&value_) T();
				ok_ = true;
			} else {
				kxx_bug("value of an error kxx::Result, and T has no safe default");
			}
		}
		return value_;
	}

	void destroy()
	{
		if (ok_)
			value_.~T();
		else
			error_.~E();
	}

	union {
		T value_;
		E error_;
	};
	detail::Tag<T, E> ok_; // 0 or 1
};

template <class E> class [[nodiscard]] Result<void, E> {
public:
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
	Result &operator=(Result &&other)
	{
		if (this != &other) {
			destroy();
			ok_ = other.ok_;
			if (!ok_)
				new (&error_) E(move(other.error_));
		}
		return *this;
	}
	Result(const Result &) = delete;
	Result &operator=(const Result &) = delete;
	~Result() { destroy(); }

	bool is_ok() const { return ok_; }
	bool is_err() const { return !ok_; }
	void value() const
	{
		if (__builtin_expect(!ok_, 0))
			KXX_WARN_MISUSE("value of an error kxx::Result<void>");
	}
	E error() const &requires is_constructible_v<E, const E &>
	{
		if (__builtin_expect(ok_, 0))
			return misused();
		return error_;
	}
	E error() &&
	{
		if (__builtin_expect(ok_, 0))
			return misused();
		return move(error_);
	}

private:
	static E misused()
	{
		KXX_WARN_MISUSE("error() of an ok kxx::Result<void>");
		return detail::error_placeholder<E>();
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

/*
 * KXX_TRY(expr): evaluates a Result; on error returns that error from the
 * enclosing function (a Result whose E can be made from this error: the
 * same E, or Error from a StoreError),
 * else yields the value (nothing for Result<void>).  A GNU statement
 * expression, as the kernel's own macros use.
 */
#define KXX_TRY(expr)                                                                              \
	({                                                                                         \
		/* initialised right here: no INIT_STACK_ALL_ZERO fill */                        \
		__attribute__((uninitialized)) auto kxx_try_result_ = (expr);                      \
		if (__builtin_expect(kxx_try_result_.is_err(), 0))                                 \
			return ::kxx::Err(::kxx::move(kxx_try_result_).error());                   \
		::kxx::move(kxx_try_result_).value();                                              \
	})

#endif /* KXX_RESULT_H */
