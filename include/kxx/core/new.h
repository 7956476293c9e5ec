/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/core/new.h - placement new, the only operator new kxx has.
 *
 * Wraps:     none.
 * Types:     none: operator new(size_t, void *) and its operator delete. Every
 *            allocation goes through a fallible constructor such as
 *            Box<T>::make(); there is deliberately no allocating new.
 * Promises:  docs/soundness.md, "1. Ownership" (allocation failure is a value);
 *            the README's "What kxx C++ may not use".
 * Tests:     kbuild/check-freestanding.sh (run on every C++ object as it is
 *            built: a call to an allocating new leaves `operator new` undefined
 *            and fails the build).
 */
#ifndef KXX_CORE_NEW_H
#define KXX_CORE_NEW_H

#include <kxx/core/types.h>

/*
 * Placement new: constructs in storage that a kxx owner has already
 * allocated.  There is deliberately no allocating operator new; a call to one
 * would leave `operator new(unsigned long)` undefined, which the freestanding
 * check (kbuild/check-freestanding.sh) rejects at build time.
 */
[[nodiscard]] inline void *operator new(kxx::size_t, void *where) noexcept
{
	return where;
}
inline void operator delete(void *, void *) noexcept
{}

#endif /* KXX_CORE_NEW_H */
