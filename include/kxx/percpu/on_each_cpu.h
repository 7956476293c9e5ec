/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/percpu/on_each_cpu.h - run one stateless function on every CPU at once.
 *
 * Wraps:     <linux/smp.h> (on_each_cpu) through src/percpu.c, which refuses a
 *            call made holding a spinlock, with interrupts or preemption off,
 *            or from an interrupt.
 * Types:     none: on_each_cpu(f, shared...) (waits) and on_each_cpu_nowait(f);
 *            f has no state of its own, and what it reaches is passed, each of
 *            a cpu_shared_v type (sync/cpu_shared.h), as const where
 *            cpu_shared_const_v says so.
 * Contexts:  process context, with interrupts and preemption on; f runs in hard
 *            interrupt context on every CPU (it must not sleep).
 * Promises:  docs/soundness.md, "4. Contexts" (the on_each_cpu row; Interrupt
 *            state: on_each_cpu() runs one callable on every CPU at once) and
 *            "5. The unsafe edge" (Soundness III: CONFIG_PREEMPT_RCU).
 * Tests:     kunit/percpu_test.cpp (kxx_percpu: on_each_cpu_counts_every_cpu,
 *            on_each_cpu_refused_under_spinlocks,
 *            on_each_cpu_nowait_takes_stateless_callables,
 *            barrier_waits_for_nowait_calls); compile-fail:
 *            on_each_cpu_assigns_percpu_handle, on_each_cpu_captures_guard,
 *            on_each_cpu_locks_plain_array, on_each_cpu_mutable_callable,
 *            on_each_cpu_nowait_capture, on_each_cpu_shares_guard,
 *            on_each_cpu_shares_rcu_writer.
 */
#ifndef KXX_PERCPU_ON_EACH_CPU_H
#define KXX_PERCPU_ON_EACH_CPU_H

#include <kxx/bindings.h>
#include <kxx/core/traits.h>
#include <kxx/sync/cpu_shared.h>

namespace kxx {

namespace detail {
template <class S> using CpuShared = conditional_t<cpu_shared_const_v<remove_cv_t<S>>, const S, S>;
} // namespace detail

/*
 * Runs @f(shared...) on every online CPU at once, in hard interrupt context
 * (it must not sleep), and waits until every call has returned.
 *
 * @f has no state of its own (a lambda without captures): all it reaches
 * on the caller's side are the @shared objects, each of a type made to be
 * used by every CPU at once (cpu_shared_v: Atomic, per-CPU handles,
 * XArray, Rcu), lent as const where using it mutably there would be wrong
 * (cpu_shared_const_v: per-CPU handles, arrays not typed LockIrq, Rcus
 * with mutex writers).  So a guard, cursor or Writer the caller holds cannot
 * reach the other CPUs, neither captured nor passed: every CPU storing
 * through one Guard (or dropping one Writer's old value) would corrupt the
 * array or free twice.  Locks @f needs it takes itself, on its CPU.
 *
 * Called holding a spinlock, with interrupts or preemption off, or from an
 * interrupt, it reports the misuse and runs nothing: another CPU spinning on
 * that lock with interrupts off would never answer, and the kernel's
 * on_each_cpu() waits for every CPU.
 */
template <class F, class... Shared>
requires(cpu_shared_v<remove_cv_t<Shared>> && ...) &&
	convertible_to<F, void (*)(detail::CpuShared<Shared> &...)>
void on_each_cpu(F f, Shared &...shared)
{
	void (*fn)(detail::CpuShared<Shared> &...) = f;
	auto call = [fn, &shared...] { fn(shared...); };
	kxx_on_each_cpu([](void *info) { (*static_cast<const decltype(call) *>(info))(); },
			static_cast<void *>(&call), true);
}

/* What does not fit the above, refused with the reason. */
template <class F, class... Shared> void on_each_cpu(F, Shared &...)
{
	static_assert((cpu_shared_v<remove_cv_t<Shared>> && ...),
		      "on_each_cpu() shares only objects every CPU may use at once (cpu_shared_v: "
		      "Atomic, per-CPU handles, XArray, Rcu): a guard, cursor, Writer or Reservation "
		      "belongs to the thread that holds it");
	static_assert(convertible_to<F, void (*)(detail::CpuShared<Shared> &...)>,
		      "on_each_cpu() takes a callable without state (a lambda without captures) and "
		      "passes it the shared objects (as const: per-CPU handles, and arrays and Rcus "
		      "whose locks a hard interrupt may not take): a captured reference (a held "
		      "guard) would be used by every CPU at once");
}

/*
 * The same without waiting: the calls may run after this returns, so @f
 * has no state to outlive: a function or a lambda without captures (its
 * data, if any, static).  The module's exit must not return before they
 * ran (as for any IPI of module code).
 */
template <class F>
requires convertible_to<F, void (*)()>
void on_each_cpu_nowait(F f)
{
	void (*fn)() = f;
	kxx_on_each_cpu(
	    [](void *info) {
		    reinterpret_cast<void (*)()>(info)();
		    kxx_on_each_cpu_nowait_ran(); // rcu::barrier() counts these
	    },
	    reinterpret_cast<void *>(fn), false);
}

} // namespace kxx

#endif /* KXX_PERCPU_ON_EACH_CPU_H */
