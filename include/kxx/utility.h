/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/utility.h - the freestanding vocabulary every other kxx header uses.
 *
 * Wraps:     what its parts wrap; this header only includes them, so that code
 *            written against the one-header-per-area layout keeps compiling.
 *            Types, invariants, promises and tests: each part's own opening
 *            lines.
 *
 *   core/types.h        u8 ... u64, s8 ... s64, size_t, ULONG_MAX
 *   core/traits.h       is_same_v, is_integral_v, ..., the concepts
 *   core/move.h         move, forward, exchange, swap
 *   core/scope_bound.h  ScopeBound: guards live in a scope
 *   core/type_name.h    names built at compile time (lockdep classes)
 *   core/annotations.h  KXX_CAPABILITY ..., KXX_LIFETIMEBOUND, KXX_INLINE
 *   core/new.h          placement new, the only operator new
 */
#ifndef KXX_UTILITY_H
#define KXX_UTILITY_H

#include <kxx/core/types.h>
#include <kxx/core/traits.h>
#include <kxx/core/move.h>
#include <kxx/core/scope_bound.h>
#include <kxx/core/type_name.h>
#include <kxx/core/annotations.h>
#include <kxx/core/new.h>

#endif /* KXX_UTILITY_H */
