/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/error.h - kernel error codes as a type.
 *
 * `kxx::Error` holds one kernel errno.  It is built from the negative errno
 * a kernel function returns (`Error::from_errno(-ENOMEM)`) or named directly
 * (`kxx::code::ENOMEM`), and turned back into the negative errno the kernel
 * expects with `to_errno()`.  The values come from the target kernel's
 * headers through the generated layout header, never typed in by hand.
 *
 * Invariant: an Error always holds a valid errno, 1 <= errno <= MAX_ERRNO.
 */
#ifndef KXX_ERROR_H
#define KXX_ERROR_H

#include <kxx/bindings.h>
#include <kxx/layout.h>
#include <kxx/utility.h>

/*
 * WARN once per call site, naming the site; evaluates to nothing.  Used where
 * kxx detects a misuse and can fall back to a safe state instead of undefined
 * behaviour.
 */
#define KXX_WARN_MISUSE(why)                                                                       \
	do {                                                                                       \
		static bool kxx_warned_;                                                           \
		kxx_warn(&kxx_warned_, __FILE__, __LINE__, why);                                   \
	} while (0)

namespace kxx {

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

	constexpr bool operator==(const Error &other) const = default;

private:
	// INVARIANT: callers pass 1 <= code <= MAX_ERRNO.
	constexpr explicit Error(int code) : code_(code) {}

	friend struct ErrorCodes;
	long code_; // a full word, as the pointers it shares a Result with (see detail::Tag)
};

struct ErrorCodes {
	static constexpr Error make(int code) { return Error(code); }
};

/*
 * Named errors, as in Rust's kernel::error::code: every errno the target
 * kernel's <linux/errno.h> defines (E2BIG ... ERESTARTSYS, EPROBE_DEFER, ...),
 * generated from those headers at build time (scripts/gen-errno.sh), so a
 * driver can return any of them.  Aliases (EWOULDBLOCK, EDEADLOCK, ...) are
 * the same Error as what they alias.
 */
namespace code {
#define KXX_ERRNO(name, value) inline constexpr Error name = ErrorCodes::make(value);
#include <kxx_errno.h>
#undef KXX_ERRNO
} // namespace code

} // namespace kxx

#endif /* KXX_ERROR_H */
