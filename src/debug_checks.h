/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx's own checks on debug kernels, for the C shims:
 *   KXX_DEBUG_IRQFLAGS      irqsave sections counted per CPU, so one ending
 *                           out of order is reported (src/core.c);
 *   KXX_DEBUG_MIGHT_SLEEP   might_sleep() before a mutex or a wait, so a
 *                           caller in atomic context is reported even when
 *                           the lock is free (src/core.c, src/lock.c).
 * A production kernel has neither: the first needs CONFIG_DEBUG_IRQFLAGS
 * and might_sleep() reports nothing without CONFIG_DEBUG_ATOMIC_SLEEP.
 * KXX_NO_DEBUG_CHECKS compiles both out on a debug kernel too: the
 * zero-cost check (scripts/zero-cost.sh) builds kxx_bench so, to compare
 * kxx's hot paths with C's as a production kernel runs them, under the
 * debug kernel's own instrumentation.
 */
#ifndef KXX_SRC_DEBUG_CHECKS_H
#define KXX_SRC_DEBUG_CHECKS_H

#if defined(CONFIG_DEBUG_IRQFLAGS) && !defined(KXX_NO_DEBUG_CHECKS)
#define KXX_DEBUG_IRQFLAGS 1
#endif

#ifndef KXX_NO_DEBUG_CHECKS
#define KXX_DEBUG_MIGHT_SLEEP 1
#endif

#endif /* KXX_SRC_DEBUG_CHECKS_H */
