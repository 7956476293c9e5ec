/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/utility.h - the freestanding vocabulary every other kxx header uses.
 *
 * kxx is compiled with -nostdinc -nostdinc++: no standard library header
 * exists.  This file provides the small part of it that kxx needs, built on
 * compiler builtins only:
 *
 *  - fixed-width integer types (u8 ... u64, s8 ... s64, size_t, uintptr_t),
 *  - kxx::move, kxx::forward, kxx::exchange, kxx::swap,
 *  - the type traits the library uses (is_same, is_integral, ...),
 *  - placement new, the only form of operator new kxx code may use: every
 *    allocation goes through a fallible constructor such as Box<T>::make().
 */
#ifndef KXX_UTILITY_H
#define KXX_UTILITY_H

namespace kxx {

using size_t = __SIZE_TYPE__;
using ptrdiff_t = __PTRDIFF_TYPE__;
using uintptr_t = __UINTPTR_TYPE__;
using u8 = __UINT8_TYPE__;
using u16 = __UINT16_TYPE__;
using u32 = __UINT32_TYPE__;
using u64 = unsigned long long; // as the kernel's (int-ll64.h), so %llu fits
using s8 = __INT8_TYPE__;
using s16 = __INT16_TYPE__;
using s32 = __INT32_TYPE__;
using s64 = long long;
using nullptr_t = decltype(nullptr);

inline constexpr unsigned long ULONG_MAX = ~0UL;
inline constexpr u32 U32_MAX = ~0U;

/* --- type traits ------------------------------------------------------ */

template <class T, T V> struct integral_constant {
	static constexpr T value = V;
};
using true_type = integral_constant<bool, true>;
using false_type = integral_constant<bool, false>;

template <class T> struct remove_reference {
	using type = T;
};
template <class T> struct remove_reference<T &> {
	using type = T;
};
template <class T> struct remove_reference<T &&> {
	using type = T;
};
template <class T> using remove_reference_t = typename remove_reference<T>::type;

template <class T> struct remove_cv {
	using type = T;
};
template <class T> struct remove_cv<const T> {
	using type = T;
};
template <class T> struct remove_cv<volatile T> {
	using type = T;
};
template <class T> struct remove_cv<const volatile T> {
	using type = T;
};
template <class T> using remove_cv_t = typename remove_cv<T>::type;
template <class T> using remove_cvref_t = remove_cv_t<remove_reference_t<T>>;

template <class A, class B> inline constexpr bool is_same_v = __is_same(A, B);

template <class T> struct is_lvalue_reference : false_type {};
template <class T> struct is_lvalue_reference<T &> : true_type {};
template <class T> inline constexpr bool is_lvalue_reference_v = is_lvalue_reference<T>::value;
template <class T> inline constexpr bool is_reference_v = false;
template <class T> inline constexpr bool is_reference_v<T &> = true;
template <class T> inline constexpr bool is_reference_v<T &&> = true;

template <class T> struct is_pointer_ : false_type {};
template <class T> struct is_pointer_<T *> : true_type {};
template <class T> inline constexpr bool is_pointer_v = is_pointer_<remove_cv_t<T>>::value;

namespace detail {
template <class T> struct is_integral_ : false_type {};
#define KXX_INTEGRAL_(T)                                                                           \
	template <> struct is_integral_<T> : true_type {}
KXX_INTEGRAL_(bool);
KXX_INTEGRAL_(char);
KXX_INTEGRAL_(signed char);
KXX_INTEGRAL_(unsigned char);
KXX_INTEGRAL_(short);
KXX_INTEGRAL_(unsigned short);
KXX_INTEGRAL_(int);
KXX_INTEGRAL_(unsigned int);
KXX_INTEGRAL_(long);
KXX_INTEGRAL_(unsigned long);
KXX_INTEGRAL_(long long);
KXX_INTEGRAL_(unsigned long long);
KXX_INTEGRAL_(char8_t);
KXX_INTEGRAL_(char16_t);
KXX_INTEGRAL_(char32_t);
#undef KXX_INTEGRAL_
} // namespace detail

template <class T> inline constexpr bool is_integral_v =
    detail::is_integral_<remove_cv_t<T>>::value;
template <class T> inline constexpr bool is_enum_v = __is_enum(T);
namespace detail {
template <class T, bool = is_integral_v<T>> struct is_signed_ : false_type {};
template <class T> struct is_signed_<T, true> : integral_constant<bool, T(-1) < T(0)> {};
} // namespace detail
template <class T> inline constexpr bool is_signed_v = detail::is_signed_<remove_cv_t<T>>::value;
#if __has_builtin(__is_trivially_destructible)
template <class T> inline constexpr bool is_trivially_destructible_v = __is_trivially_destructible(T);
#else
template <class T> inline constexpr bool is_trivially_destructible_v = __has_trivial_destructor(T);
#endif
template <class T, class... Args>
inline constexpr bool is_constructible_v = __is_constructible(T, Args...);
template <class T> using underlying_type_t = __underlying_type(T);

template <bool B, class A, class Z> struct conditional {
	using type = A;
};
template <class A, class Z> struct conditional<false, A, Z> {
	using type = Z;
};
template <bool B, class A, class Z> using conditional_t = typename conditional<B, A, Z>::type;

/*
 * Guards of interrupt-disabled, preemption-disabled, locked and read-side
 * sections (they declare `using kxx_scope_bound = void;`): such a section
 * must end where its scope does, in the reverse order of its start, so kxx
 * never lets one live in a heap object or be ended early through an Option.
 */
template <class T> struct ScopeBound {
	static constexpr bool value = requires { typename T::kxx_scope_bound; };
};
/*
 * A wrapper that holds a guard by value is a guard too: Option and Result
 * say so (result.h), so Option<Option<Guard>> cannot be reset early and
 * Box<Option<IrqGuard>> does not compile.  A driver's own struct holding
 * a guard cannot be seen; see docs/soundness.md.
 */
template <class T>
concept scope_bound = ScopeBound<T>::value;
template <class T> inline constexpr bool scope_bound_v = scope_bound<T>;

/* For static_assert in a template that must only fire when instantiated. */
template <class T> inline constexpr bool dependent_false = false;

template <class T>
concept integral = is_integral_v<T>;
template <class A, class B>
concept same_as = is_same_v<A, B> && is_same_v<B, A>;

/* For unevaluated operands only (never defined). */
template <class T> T &&declval() noexcept;
namespace detail {
template <class To> void implicitly_to(To) noexcept;
} // namespace detail
template <class From, class To>
concept convertible_to = requires
{
	detail::implicitly_to<To>(declval<From>());
};

/* --- moves ------------------------------------------------------------ */

template <class T> [[nodiscard]] constexpr remove_reference_t<T> &&move(T &&v) noexcept
{
	return static_cast<remove_reference_t<T> &&>(v);
}

template <class T> [[nodiscard]] constexpr T &&forward(remove_reference_t<T> &v) noexcept
{
	return static_cast<T &&>(v);
}

template <class T> [[nodiscard]] constexpr T &&forward(remove_reference_t<T> &&v) noexcept
{
	static_assert(!is_lvalue_reference_v<T>, "kxx::forward of an rvalue as an lvalue");
	return static_cast<T &&>(v);
}

template <class T, class U = T> constexpr T exchange(T &obj, U &&v)
{
	T old = move(obj);
	obj = forward<U>(v);
	return old;
}

template <class T> constexpr void swap(T &a, T &b)
{
	T tmp = move(a);
	a = move(b);
	b = move(tmp);
}

/* --- names built at compile time (lockdep class names) --------------------- */

namespace detail {

template <size_t N> struct FixedString {
	constexpr FixedString() : s{} {}
	constexpr FixedString(const char (&text)[N]) : s{}
	{
		for (size_t i = 0; i < N; i++)
			s[i] = text[i];
	}
	char s[N];
};

constexpr size_t str_len(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

/* The offset just past the first @needle in @hay, or 0. */
constexpr size_t str_after(const char *hay, const char *needle)
{
	for (size_t i = 0; hay[i]; i++) {
		size_t j = 0;
		while (needle[j] && hay[i + j] == needle[j])
			j++;
		if (!needle[j])
			return i + j;
	}
	return 0;
}

/*
 * How the compiler spells T, cut out of __PRETTY_FUNCTION__ ("... [with
 * T = X]" from GCC, "... [T = X]" from Clang).  Only the joined name below
 * ends up in the object file.
 */
template <class T> struct TypeName {
	static constexpr const char *pretty() { return __PRETTY_FUNCTION__; }
	static constexpr size_t first()
	{
		size_t gcc = str_after(pretty(), "[with T = ");
		return gcc ? gcc : str_after(pretty(), "[T = ");
	}
	static constexpr size_t last()
	{
		const char *p = pretty();
		size_t i = first();
		while (p[i] && p[i] != ';')
			i++;
		return p[i] ? i : str_len(p) - 1; // before "; ..." or the final ']'
	}
	static_assert(first() != 0, "kxx: unknown __PRETTY_FUNCTION__ format");
	static constexpr size_t size = last() - first();
	static constexpr const char *data() { return pretty() + first(); }
};

/* A string literal as a part of Join. */
template <FixedString S> struct Lit {
	static constexpr size_t size = sizeof(S.s) - 1;
	static constexpr const char *data() { return S.s; }
};

/* Parts (TypeName, Lit) joined into one static string: Join<...>::value.s. */
template <class... Parts> struct Join {
	static constexpr size_t size = (Parts::size + ...);
	static constexpr FixedString<size + 1> make()
	{
		FixedString<size + 1> out;
		size_t at = 0;
		(
		    [&] {
			    for (size_t i = 0; i < Parts::size; i++)
				    out.s[at++] = Parts::data()[i];
		    }(),
		    ...);
		return out;
	}
	static constexpr FixedString<size + 1> value = make();
};

} // namespace detail

} // namespace kxx

/*
 * Clang thread-safety analysis (-Wthread-safety): lock types are
 * capabilities, guards are scoped capabilities, and data can be marked as
 * guarded by a lock.  No-ops under GCC, which builds the kernel modules;
 * `make test` runs Clang's analysis over the C++ sources.
 */
#if defined(__clang__)
#define KXX_CAPABILITY(name) __attribute__((capability(name)))
#define KXX_SCOPED_CAPABILITY __attribute__((scoped_lockable))
#define KXX_ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#define KXX_RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))
#define KXX_GUARDED_BY(lock) __attribute__((guarded_by(lock)))
#define KXX_PT_GUARDED_BY(lock) __attribute__((pt_guarded_by(lock)))
#define KXX_REQUIRES(...) __attribute__((requires_capability(__VA_ARGS__)))
#define KXX_EXCLUDES(...) __attribute__((locks_excluded(__VA_ARGS__)))
#define KXX_NO_THREAD_SAFETY_ANALYSIS __attribute__((no_thread_safety_analysis))
#else
#define KXX_CAPABILITY(name)
#define KXX_SCOPED_CAPABILITY
#define KXX_ACQUIRE(...)
#define KXX_RELEASE(...)
#define KXX_GUARDED_BY(lock)
#define KXX_PT_GUARDED_BY(lock)
#define KXX_REQUIRES(...)
#define KXX_EXCLUDES(...)
#define KXX_NO_THREAD_SAFETY_ANALYSIS
#endif

/*
 * [[clang::lifetimebound]]: what a function returns (a borrow, a range, a
 * reservation) depends on this argument, or on *this when written after the
 * member function's qualifiers.  Clang then rejects returning such a value
 * out of the scope it depends on (the Clang pass builds with -Werror); GCC
 * ignores it.
 */
#if defined(__clang__)
#define KXX_LIFETIMEBOUND [[clang::lifetimebound]]
#else
#define KXX_LIFETIMEBOUND
#endif

/*
 * Placement new: constructs in storage that a kxx owner has already
 * allocated.  There is deliberately no allocating operator new; a call to one
 * would leave `operator new(unsigned long)` undefined, which the freestanding
 * check (scripts/check-freestanding.sh) rejects at build time.
 */
[[nodiscard]] inline void *operator new(kxx::size_t, void *where) noexcept
{
	return where;
}
inline void operator delete(void *, void *) noexcept
{}

#endif /* KXX_UTILITY_H */
