/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/result.h - Option<T>, Result<T, E> and KXX_TRY.
 *
 * Wraps:     what its parts wrap; this header only includes them, so that code
 *            written against the one-header-per-area layout keeps compiling.
 *            Types, invariants, promises and tests: each part's own opening
 *            lines.
 *
 *   result/option.h     Option, None, Some
 *   result/result.h     Result, Ok, Err (and result/error.h: Error)
 *   result/try.h        KXX_TRY
 */
#ifndef KXX_RESULT_H
#define KXX_RESULT_H

#include <kxx/result/option.h>
#include <kxx/result/result.h>
#include <kxx/result/try.h>

#endif /* KXX_RESULT_H */
