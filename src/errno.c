// SPDX-License-Identifier: GPL-2.0
/*
 * Preprocessed only, with -dM: kbuild/gen-errno.sh turns the target
 * kernel's errno macros into generated/kxx_errno.h, so kxx::code has every
 * errno the kernel being built against defines, with its values.
 */
#include <linux/errno.h>
