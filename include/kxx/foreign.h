/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/foreign.h - ForeignOwnable and the owners that implement it.
 *
 * Wraps:     what its parts wrap; this header only includes them, so that code
 *            written against the one-header-per-area layout keeps compiling.
 *            Types, invariants, promises and tests: each part's own opening
 *            lines.
 *
 *   foreign/ownable.h   ForeignOwnable, foreign_ownable, UniqueForeign
 *   foreign/rcu_freed.h rcu_freed_v: what lockless readers may borrow
 *   alloc/box.h, alloc/arc.h, rcu/arc.h   the owners it used to carry
 */
#ifndef KXX_FOREIGN_H
#define KXX_FOREIGN_H

#include <kxx/foreign/ownable.h>
#include <kxx/foreign/rcu_freed.h>
#include <kxx/alloc/box.h>
#include <kxx/alloc/arc.h>
#include <kxx/rcu/arc.h>

#endif /* KXX_FOREIGN_H */
