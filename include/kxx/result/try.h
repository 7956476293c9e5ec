/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/result/try.h - KXX_TRY: return the error, or go on with the value.
 *
 * Wraps:     none.
 * Types:     none: KXX_TRY(expr), a GNU statement expression (as the kernel's
 *            own macros use), as SerenityOS's TRY() and Rust's `?`.
 * Promises:  docs/soundness.md, "1. Ownership" (nothing leaks on an error
 *            path).
 * Tests:     kunit/result_test.cpp (kxx_result.try_propagates_first_error,
 *            kxx_result.try_moves_owners_and_drops_once).
 *
 *   Result<Box<Foo>> make_foo(Gfp gfp)
 *   {
 *           Box<Foo> foo = KXX_TRY(Box<Foo>::make(gfp));   // returns on error
 *           KXX_TRY(foo->init());                           // Result<void>
 *           return foo;
 *   }
 */
#ifndef KXX_RESULT_TRY_H
#define KXX_RESULT_TRY_H

#include <kxx/result/result.h>

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

#endif /* KXX_RESULT_TRY_H */
