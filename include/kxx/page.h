/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/page.h - pages of memory, owned (alloc_page / __free_page).
 *
 * Wraps:     what its parts wrap; this header only includes them, so that code
 *            written against the one-header-per-area layout keeps compiling.
 *            Types, invariants, promises and tests: each part's own opening
 *            lines.
 *
 *   page/page.h         Page, RcuPage, PageRef, PAGE_SIZE, pages_held()
 */
#ifndef KXX_PAGE_H
#define KXX_PAGE_H

#include <kxx/page/page.h>

#endif /* KXX_PAGE_H */
