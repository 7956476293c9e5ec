/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/sync/irq_guard.h - IrqGuard: interrupts off on this CPU.
 *
 * Wraps:     <linux/irqflags.h> (local_irq_save, local_irq_restore) and
 *            <linux/smp.h> (smp_processor_id) through src/core.c and
 *            src/percpu.c.
 * Types:     IrqGuard: interrupts (and so preemption) disabled on this CPU for
 *            its lifetime, as local_irq_save(): nothing else on this CPU,
 *            thread, softirq or hard interrupt, can run until it ends.
 *            Invariant: flags_ is the state local_irq_save() returned, which
 *            the destructor restores.  Neither copied nor moved, and
 *            scope-bound (core/scope_bound.h).  The guard for mutable access to
 *            this CPU's instance of per-CPU data.
 * Contexts:  any, an interrupt handler included (it restores the state it
 *            found).
 * Promises:  docs/soundness.md, "4. Contexts" (the IrqGuard row; Interrupt
 *            state: irqsave sections end in the reverse order of their start).
 * Tests:     kunit/percpu_test.cpp (kxx_percpu.irq_guard_excludes_interrupts),
 *            kunit/sync_test.cpp (kxx_percpu.irqsave_sections_end_in_order);
 *            compile-fail: box_of_option_guard, guard_in_heap_object;
 *            clang-fail (its scope is atomic: sync/atomic_context.h):
 *            mutex_lock_under_irq_guard, synchronize_rcu_under_irq_guard.
 */
#ifndef KXX_SYNC_IRQ_GUARD_H
#define KXX_SYNC_IRQ_GUARD_H

#include <kxx/bindings.h>
#include <kxx/sync/atomic_context.h>

namespace kxx {

/*
 * Interrupts disabled on this CPU (local_irq_save), and so preemption:
 * nothing else runs on this CPU until destruction.  Right in any context,
 * an interrupt handler included (it restores the state it found).
 */
class [[nodiscard]] KXX_SCOPED_CAPABILITY IrqGuard {
public:
	/* A guard: lives in a scope only. */
	using kxx_scope_bound = void;

	IrqGuard() KXX_ENTERS_ATOMIC : flags_(kxx_irq_save()) {}
	~IrqGuard() KXX_RELEASE() { kxx_irq_restore(flags_); }
	IrqGuard(const IrqGuard &) = delete;
	IrqGuard &operator=(const IrqGuard &) = delete;
	IrqGuard(IrqGuard &&) = delete;
	IrqGuard &operator=(IrqGuard &&) = delete;

	/* The CPU this guard keeps the caller on. */
	unsigned int cpu() const { return kxx_smp_processor_id(); }

private:
	unsigned long flags_;
};

} // namespace kxx

#endif /* KXX_SYNC_IRQ_GUARD_H */
