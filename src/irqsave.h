/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bookkeeping of kxx's interrupt-disabled sections, for the C shims (see
 * src/core.c): an irqsave lock is the kernel's own, plus kxx_irq_saved()
 * after saving and kxx_irq_restore_flags() for the state to restore.
 * Both are nothing without CONFIG_DEBUG_IRQFLAGS.
 */
#ifndef KXX_SRC_IRQSAVE_H
#define KXX_SRC_IRQSAVE_H

void kxx_irq_saved(void);
unsigned long kxx_irq_restore_flags(unsigned long flags);

#endif /* KXX_SRC_IRQSAVE_H */
