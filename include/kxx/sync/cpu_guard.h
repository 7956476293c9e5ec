/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/sync/cpu_guard.h - CpuGuard: preemption off, the thread stays on its CPU.
 *
 * Wraps:     <linux/preempt.h> (preempt_disable, preempt_enable) and
 *            <linux/smp.h> (smp_processor_id) through src/percpu.c.
 * Types:     CpuGuard: preemption disabled for its lifetime; cpu() is the CPU
 *            this thread stays on.  Neither copied nor moved, and scope-bound
 *            (core/scope_bound.h).  An interrupt can still run on this CPU
 *            meanwhile, so per-CPU data is lent under it only as const, for
 *            types made for concurrent access.
 * Contexts:  any (process, softirq, hardirq, RCU read side, under a lock).
 * Promises:  docs/soundness.md, "4. Contexts" (Interrupt state: a CpuGuard
 *            keeps its thread on its CPU).
 * Tests:     kunit/percpu_test.cpp (kxx_percpu.cpu_guard_pins_the_thread);
 *            compile-fail: cpuguard_copy, cpuguard_move,
 *            percpu_mutable_under_cpu_guard; clang-fail (its scope is atomic:
 *            sync/atomic_context.h): mutex_lock_under_cpu_guard.
 */
#ifndef KXX_SYNC_CPU_GUARD_H
#define KXX_SYNC_CPU_GUARD_H

#include <kxx/bindings.h>
#include <kxx/sync/atomic_context.h>

namespace kxx {

/* Preemption disabled: the thread stays on this CPU until destruction. */
class [[nodiscard]] KXX_SCOPED_CAPABILITY CpuGuard {
public:
	/* A guard: lives in a scope only. */
	using kxx_scope_bound = void;

	CpuGuard() KXX_ENTERS_ATOMIC { kxx_preempt_disable(); }
	~CpuGuard() KXX_RELEASE() { kxx_preempt_enable(); }
	CpuGuard(const CpuGuard &) = delete;
	CpuGuard &operator=(const CpuGuard &) = delete;
	CpuGuard(CpuGuard &&) = delete;
	CpuGuard &operator=(CpuGuard &&) = delete;

	/* The CPU this guard keeps the caller on. */
	unsigned int cpu() const { return kxx_smp_processor_id(); }
};

} // namespace kxx

#endif /* KXX_SYNC_CPU_GUARD_H */
