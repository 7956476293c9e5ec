/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/result/error.h - Error: a kernel errno as a type; code::E*.
 *
 * Wraps:     <linux/errno.h>: every errno the target kernel defines, generated
 *            from it at build time (generated/kxx_errno.h,
 *            kbuild/gen-errno.sh).
 * Types:     Error: one kernel errno.  Invariant: 1 <= errno <= MAX_ERRNO
 *            (code_ holds it positive; to_errno() gives it back negative).
 *            code::ENOMEM ... : every named errno, aliases included.
 * Promises:  docs/soundness.md, "1. Ownership" (errors are real errnos;
 *            Error::from_errno() of a non-errno becomes EINVAL, reported).
 * Tests:     kunit/result_test.cpp (kxx_error: errno_round_trip,
 *            invalid_errno_becomes_einval, every_kernel_errno_is_named);
 *            compile-fail: error_from_int.
 *
 * An Error is built from the negative errno a kernel function returns
 * (`Error::from_errno(-ENOMEM)`) or named directly (`kxx::code::ENOMEM`),
 * and turned back into the negative errno the kernel expects with
 * `to_errno()`.  The values are never typed in by hand.
 */
#ifndef KXX_RESULT_ERROR_H
#define KXX_RESULT_ERROR_H

#include <kxx/bindings.h>
#include <kxx/core/layout.h>
#include <kxx/core/misuse.h>

namespace kxx {

/*
 * One kernel errno (never success): from_errno(-E...) or code::E...;
 * to_errno() gives back the negative int the kernel expects.
 * Promises: docs/soundness.md, 1. Ownership.
 */
class Error {
public:
	/*
	 * @errno is negative, as kernel functions return it.  Anything else is
	 * a bug in the caller: it is reported and becomes EINVAL, as Rust's
	 * Error::from_errno does, so an Error is never "success".
	 */
	static Error from_errno(int errno)
	{
		if (errno < 0 && errno >= -KXX_MAX_ERRNO)
			return Error(-errno);
		KXX_WARN_MISUSE("Error::from_errno() of an invalid errno");
		return Error(KXX_EINVAL);
	}

	/* The negative errno, ready to return to the kernel. */
	constexpr int to_errno() const { return static_cast<int>(-code_); }

	/* The same errno. */
	constexpr bool operator==(const Error &other) const = default;

private:
	// INVARIANT: callers pass 1 <= code <= MAX_ERRNO.
	constexpr explicit Error(int code) : code_(code) {}

	friend struct ErrorCodes;
	long code_; // a full word, as the pointers it shares a Result with (see detail::Tag)
};

/* How code::E* are made (not for drivers). */
struct ErrorCodes {
	/* An Error from a positive errno the build generated. */
	static constexpr Error make(int code) { return Error(code); }
};

/*
 * Named errors, as in Rust's kernel::error::code: every errno the target
 * kernel's <linux/errno.h> defines (E2BIG ... ERESTARTSYS, EPROBE_DEFER, ...),
 * generated from those headers at build time (kbuild/gen-errno.sh), so a
 * driver can return any of them.  Aliases (EWOULDBLOCK, EDEADLOCK, ...) are
 * the same Error as what they alias.
 */
namespace code {
#define KXX_ERRNO(name, value) inline constexpr Error name = ErrorCodes::make(value);
#include <kxx_errno.h>
#undef KXX_ERRNO
} // namespace code

} // namespace kxx

#endif /* KXX_RESULT_ERROR_H */
