/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/layout.h - the target kernel's sizes and constants, and lockdep keys.
 *
 * Wraps:     what its parts wrap; this header only includes them, so that code
 *            written against the one-header-per-area layout keeps compiling.
 *            Types, invariants, promises and tests: each part's own opening
 *            lines.
 *
 *   core/layout.h       Opaque<Size, Align>, layout::table
 *   sync/lock_class.h   LockClassKey, KXX_LOCK_CLASS()
 */
#ifndef KXX_LAYOUT_H
#define KXX_LAYOUT_H

#include <kxx/core/layout.h>
#include <kxx/sync/lock_class.h>

#endif /* KXX_LAYOUT_H */
