/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/error.h - kernel error codes as a type.
 *
 * Wraps:     what its parts wrap; this header only includes them, so that code
 *            written against the one-header-per-area layout keeps compiling.
 *            Types, invariants, promises and tests: each part's own opening
 *            lines.
 *
 *   result/error.h      Error, code::E*
 *   core/misuse.h       KXX_WARN_MISUSE
 */
#ifndef KXX_ERROR_H
#define KXX_ERROR_H

#include <kxx/result/error.h>
#include <kxx/core/misuse.h>

#endif /* KXX_ERROR_H */
