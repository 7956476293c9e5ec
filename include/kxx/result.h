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
 * The accessors are std::optional's and std::expected's: has_value(),
 * value(), operator*, operator->, error(), value_or(), and_then(),
 * transform(), or_else(), each with the & / const& / && forms C++
 * programmers expect.  Reading the value of an empty Option or of an error
 * Result, or the error of an ok Result, is a bug with no safe answer (a
 * default id could be another object's): kxx stops with BUG() and names
 * the misuse, as Rust's unwrap() does and as std's value() throws.  Check
 * first, or use KXX_TRY, value_or() or and_then().
 *
 * Assignment takes the source before it drops the old value, so
 * `head = move(head->next)` is right even though the source lives inside
 * the value being replaced (as unique_ptr::reset(other.release()) is).
 *
 * Invariants: an Option holds a live T exactly when `has_` is true; a Result
 * holds a live T exactly when `ok_` is true and a live E otherwise.  A
 * moved-from Option or Result still holds its (moved-from) T or E.
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

template <class T> class Option;
template <class T, class E> class Result;

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

/*
 * The one place the "no value to give" misuses stop.  Under Clang it is
 * always inlined, so the call is to kxx_bug() itself: objtool must see that
 * a call ends the path, and it never assumes that of a weak (inline,
 * COMDAT) function, as Clang leaves this one.  GCC's link-time merge
 * leaves no weak copy, and forcing the inlining there costs (46
 * instructions per multi-index store in make bench).
 */
#ifdef __clang__
#define KXX_BAD_ACCESS_INLINE gnu::always_inline
#else
#define KXX_BAD_ACCESS_INLINE
#endif
[[noreturn, gnu::cold, KXX_BAD_ACCESS_INLINE]] inline void bad_access(const char *why)
{
	kxx_bug(why);
}

template <class T> inline constexpr bool is_option_v = false;
template <class T> inline constexpr bool is_option_v<Option<T>> = true;
template <class T> inline constexpr bool is_result_v = false;
template <class T, class E> inline constexpr bool is_result_v<Result<T, E>> = true;

} // namespace detail

/* An Option or Result holding a guard is one (utility.h). */
template <class T> struct ScopeBound<Option<T>> : ScopeBound<T> {};
template <class T, class E> struct ScopeBound<Result<T, E>> {
	static constexpr bool value = ScopeBound<T>::value || ScopeBound<E>::value;
};

template <class T> class [[nodiscard]] Option {
	static_assert(!is_lvalue_reference_v<T>, "Option<T&> is not supported; use Option<T*>");

	/* Whether T can be moved out of an Option (not: lock guards). */
	static constexpr bool movable = is_constructible_v<T, T &&>;

public:
	using value_type = T;

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

	bool has_value() const { return has_; }
	bool is_some() const { return has_; }
	bool is_none() const { return !has_; }
	explicit operator bool() const { return has_; }

	/*
	 * The value; BUG() when empty (see the header comment).  A T that
	 * cannot move (a lock guard, from try_lock()) is reachable only
	 * through a named Option: through a temporary one it would be
	 * destroyed, and the lock released, at the end of the expression
	 * (`xa.try_lock()->get(i)` does not compile).
	 */
	T &value() & KXX_LIFETIMEBOUND { return checked(); }
	const T &value() const & KXX_LIFETIMEBOUND { return checked(); }
	/* A temporary's value moves out: a reference into it would dangle. */
	T value() && requires movable { return move(checked()); }
	T value() && requires(!movable) = delete;
	const T &value() const && = delete; // a const temporary's: it would dangle

	T &operator*() & KXX_LIFETIMEBOUND { return checked(); }
	const T &operator*() const & KXX_LIFETIMEBOUND { return checked(); }
	T operator*() && requires movable { return move(checked()); }
	T operator*() && requires(!movable) = delete;
	const T &operator*() const && = delete;

	T *operator->() & KXX_LIFETIMEBOUND { return &checked(); }
	const T *operator->() const & KXX_LIFETIMEBOUND { return &checked(); }
	/*
	 * A temporary's value, for the rest of the full expression, when its
	 * end frees nothing: an owner (a Page, an Arc) is freed at the end of
	 * the expression, and a borrow taken through it (`r =
	 * xa.remove(i)->borrow();`) would outlive it.
	 */
	T *operator->() && KXX_LIFETIMEBOUND requires is_trivially_destructible_v<T>
	{
		return &checked();
	}
	const T *operator->() const && KXX_LIFETIMEBOUND requires is_trivially_destructible_v<T>
	{
		return &checked();
	}
	T *operator->() && requires(!is_trivially_destructible_v<T>) = delete;
	const T *operator->() const && requires(!is_trivially_destructible_v<T>) = delete;

	/* The value, or @fallback converted to T when empty. */
	template <class U> T value_or(U &&fallback) const & requires is_constructible_v<T, const T &>
	{
		return has_ ? value_ : T(forward<U>(fallback));
	}
	template <class U> T value_or(U &&fallback) &&
	{
		return has_ ? move(value_) : T(forward<U>(fallback));
	}

	/* f(value), which returns an Option; None when empty. */
	template <class F> auto and_then(F &&f) & { return bind(*this, forward<F>(f)); }
	template <class F> auto and_then(F &&f) const & { return bind(*this, forward<F>(f)); }
	template <class F> auto and_then(F &&f) && { return bind(move(*this), forward<F>(f)); }

	/* Some(f(value)); None when empty. */
	template <class F> auto transform(F &&f) & { return map(*this, forward<F>(f)); }
	template <class F> auto transform(F &&f) const & { return map(*this, forward<F>(f)); }
	template <class F> auto transform(F &&f) && { return map(move(*this), forward<F>(f)); }

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

/* --- Result ------------------------------------------------------------- */

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
