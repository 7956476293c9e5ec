// SPDX-License-Identifier: GPL-2.0
/*
 * Compiled to assembly only, never linked: Kbuild extracts the "->NAME value"
 * markers into generated/kxx_layout.h (the asm-offsets technique), so C++
 * sees the target kernel's real sizes and constants.
 */
#include <linux/kbuild.h>
#include "layout-headers.h"

void kxx_layout(void);
void kxx_layout(void)
{
#define KXX_LAYOUT(name, expr) DEFINE(KXX_##name, expr);
#include <kxx/layout.def>
#undef KXX_LAYOUT
}
