/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/core/scope_bound.h - the trait of guards that live in a scope.
 *
 * Wraps:     none.
 * Types:     ScopeBound<T> / scope_bound<T> / scope_bound_v<T>: whether T is a
 *            guard (declares `using kxx_scope_bound = void;`) or holds one by
 *            value.  The guards are IrqGuard, CpuGuard, rcu::ReadGuard,
 *            XArray::Guard, XaCursor, XaReadCursor and Rcu::Writer; Option and
 *            Result specialise it beside themselves (result/option.h,
 *            result/result.h).
 * Promises:  docs/soundness.md, "4. Contexts" (Interrupt state: irqsave
 *            sections end in the reverse order of their start).
 * Tests:     compile-fail: option_reset_guard, option_option_guard_reset,
 *            guard_in_heap_object, box_of_option_guard; kunit/sync_test.cpp
 *            (kxx_percpu.irqsave_sections_end_in_order).
 */
#ifndef KXX_CORE_SCOPE_BOUND_H
#define KXX_CORE_SCOPE_BOUND_H

namespace kxx {

/*
 * Guards of interrupt-disabled, preemption-disabled, locked and read-side
 * sections (they declare `using kxx_scope_bound = void;`): such a section
 * must end where its scope does, in the reverse order of its start, so kxx
 * never lets one live in a heap object or be ended early through an Option.
 */
template <class T> struct ScopeBound {
	/* Whether T is a guard (declares kxx_scope_bound). */
	static constexpr bool value = requires { typename T::kxx_scope_bound; };
};
/*
 * A wrapper that holds a guard by value is a guard too: Option and Result
 * say so (result/), so Option<Option<Guard>> cannot be reset early and
 * Box<Option<IrqGuard>> does not compile.  A driver's own struct holding
 * a guard cannot be seen; see docs/soundness.md.
 *
 * ScopeBound<T>::value, spelled as a concept and as a bool:
 */
template <class T>
concept scope_bound = ScopeBound<T>::value;
/* The same, as a bool. */
template <class T> inline constexpr bool scope_bound_v = scope_bound<T>;

} // namespace kxx

#endif /* KXX_CORE_SCOPE_BOUND_H */
