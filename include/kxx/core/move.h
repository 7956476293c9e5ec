/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/core/move.h - move, forward, exchange and swap.
 *
 * Wraps:     none.
 * Types:     none: kxx::move, kxx::forward, kxx::exchange, kxx::swap, as
 *            <utility> spells them.
 * Promises:  none of its own; owners build "take the source, then drop the old
 *            value" on exchange() (docs/soundness.md, "1. Ownership").
 * Tests:     kunit/result_test.cpp
 *            (kxx_result.assignment_from_inside_the_old_value); used by every
 *            suite.
 */
#ifndef KXX_CORE_MOVE_H
#define KXX_CORE_MOVE_H

#include <kxx/core/traits.h>

namespace kxx {

/* std::move: lets @v be moved from. */
template <class T> [[nodiscard]] constexpr remove_reference_t<T> &&move(T &&v) noexcept
{
	return static_cast<remove_reference_t<T> &&>(v);
}

/* std::forward: passes @v on as the caller passed it. */
template <class T> [[nodiscard]] constexpr T &&forward(remove_reference_t<T> &v) noexcept
{
	return static_cast<T &&>(v);
}
template <class T> [[nodiscard]] constexpr T &&forward(remove_reference_t<T> &&v) noexcept
{
	static_assert(!is_lvalue_reference_v<T>, "kxx::forward of an rvalue as an lvalue");
	return static_cast<T &&>(v);
}

/* std::exchange: stores @v in @obj and returns what was there. */
template <class T, class U = T> constexpr T exchange(T &obj, U &&v)
{
	T old = move(obj);
	obj = forward<U>(v);
	return old;
}

/* std::swap, by moves. */
template <class T> constexpr void swap(T &a, T &b)
{
	T tmp = move(a);
	a = move(b);
	b = move(tmp);
}

} // namespace kxx

#endif /* KXX_CORE_MOVE_H */
