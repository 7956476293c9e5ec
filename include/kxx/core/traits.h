/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/core/traits.h - the type traits and concepts kxx uses.
 *
 * Wraps:     none (compiler builtins: __is_same, __is_enum, ...).
 * Types:     integral_constant, remove_reference/cv/cvref, is_same_v,
 *            is_integral_v, is_signed_v, is_pointer_v, is_reference_v,
 *            is_trivially_destructible_v, is_constructible_v, conditional_t,
 *            underlying_type_t, declval; the concepts integral, same_as,
 *            convertible_to; dependent_false (a static_assert that fires only
 *            when its template is instantiated).  No invariants.
 * Promises:  none of its own (vocabulary).
 * Tests:     kunit/pipeline_test.cpp
 *            (kxx_pipeline.expectations_compare_mixed_signedness_by_value uses
 *            is_signed_v); used by every suite.
 *
 * The small part of <type_traits> and <concepts> kxx needs, built on
 * compiler builtins only.
 */
#ifndef KXX_CORE_TRAITS_H
#define KXX_CORE_TRAITS_H

#include <kxx/core/types.h>

namespace kxx {

namespace detail {
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

template <bool B, class A, class Z> struct conditional {
	using type = A;
};
template <class A, class Z> struct conditional<false, A, Z> {
	using type = Z;
};
} // namespace detail

namespace detail {
template <class T> inline constexpr bool is_pointer_ = false;
template <class T> inline constexpr bool is_pointer_<T *> = true;

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

template <class T, bool = is_integral_<T>::value> struct is_signed_ : false_type {};
template <class T> struct is_signed_<T, true> : integral_constant<bool, T(-1) < T(0)> {};

#if __has_builtin(__is_trivially_destructible)
template <class T> inline constexpr bool trivially_destructible_ = __is_trivially_destructible(T);
#else
template <class T> inline constexpr bool trivially_destructible_ = __has_trivial_destructor(T);
#endif
} // namespace detail

/* std's traits of the same names (<type_traits>), nothing more. */
template <class T> using remove_reference_t = typename detail::remove_reference<T>::type;
template <class T> using remove_cv_t = typename detail::remove_cv<T>::type;
template <class T> using remove_cvref_t = remove_cv_t<remove_reference_t<T>>;
template <bool B, class A, class Z>
using conditional_t = typename detail::conditional<B, A, Z>::type;
template <class A, class B> inline constexpr bool is_same_v = __is_same(A, B);
template <class T> inline constexpr bool is_lvalue_reference_v = false;
template <class T> inline constexpr bool is_lvalue_reference_v<T &> = true;
template <class T> inline constexpr bool is_reference_v = false;
template <class T> inline constexpr bool is_reference_v<T &> = true;
template <class T> inline constexpr bool is_reference_v<T &&> = true;
template <class T> inline constexpr bool is_pointer_v = detail::is_pointer_<remove_cv_t<T>>;
template <class T> inline constexpr bool is_integral_v =
    detail::is_integral_<remove_cv_t<T>>::value;
template <class T> inline constexpr bool is_enum_v = __is_enum(T);
template <class T> inline constexpr bool is_signed_v = detail::is_signed_<remove_cv_t<T>>::value;
template <class T>
inline constexpr bool is_trivially_destructible_v = detail::trivially_destructible_<T>;
template <class T, class... Args>
inline constexpr bool is_constructible_v = __is_constructible(T, Args...);
template <class T> using underlying_type_t = __underlying_type(T);

/* For static_assert in a template that must only fire when instantiated. */
template <class T> inline constexpr bool dependent_false = false;

/* std::integral. */
template <class T>
concept integral = is_integral_v<T>;
/* std::same_as. */
template <class A, class B>
concept same_as = is_same_v<A, B> && is_same_v<B, A>;

/* For unevaluated operands only (never defined). */
template <class T> T &&declval() noexcept;
namespace detail {
template <class To> void implicitly_to(To) noexcept;
} // namespace detail
/* std::convertible_to's implicit half: From converts to To without a cast. */
template <class From, class To>
concept convertible_to = requires
{
	detail::implicitly_to<To>(declval<From>());
};

} // namespace kxx

#endif /* KXX_CORE_TRAITS_H */
