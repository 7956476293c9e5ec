/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/percpu/access.h - what a per-CPU handle offers: with(), read(), counters, sum().
 *
 * Wraps:     <linux/percpu.h> (this_cpu_ptr, per_cpu_ptr) and <linux/cpumask.h>
 *            (cpu_possible_mask) through src/percpu.c.
 * Types:     detail::PerCpuAccess<Derived, T>, the API DynamicPerCpu
 *            (percpu/dynamic.h) and StaticPerCpu (percpu/static.h) share;
 *            detail::snapshot() and detail::for_each_possible().  No state of
 *            its own: Derived gives the per-CPU pointer.
 * Contexts:  with(IrqGuard&): where an IrqGuard lives (any context);
 *            with(CpuGuard&): the same, for concurrent T; the counters, read()
 *            and sum(): any.
 * Promises:  docs/soundness.md, "4. Contexts" (the IrqGuard, CpuGuard and
 *            per-CPU rows; Interrupt state: remote reads are snapshots, the T&
 *            that with() lends does not leave its section) and "5. The unsafe
 *            edge" (the _unsynchronized API).
 * Tests:     kunit/percpu_test.cpp (kxx_percpu: static_variables_wrap,
 *            counters_for_every_integer_width, irq_guard_excludes_interrupts,
 *            remote_reads_are_snapshots, sum_of_pinned_threads_is_exact);
 *            compile-fail: percpu_with_without_guard,
 *            percpu_with_temporary_guard, percpu_mutable_under_cpu_guard,
 *            percpu_remote_write, percpu_with_returns_reference,
 *            percpu_with_returns_closure,
 *            percpu_with_returns_struct_with_reference.
 *
 * Access, the same for both handles:
 *   with(IrqGuard&, f)   f(T&) on this CPU's T;
 *   with(CpuGuard&, f)   f(const T&), for concurrent T (Atomic<U>);
 *   add/sub/inc/dec      for integer T, one `%gs:`-relative instruction, as
 *                        this_cpu_add() is in C on x86_64: preempt- and
 *                        irq-safe, no guard needed;
 *   read(cpu), for_each_possible_cpu(f)   another CPU's T as a snapshot
 *                        (a copy read with READ_ONCE, word by word), for
 *                        trivially copyable T: it may be changing meanwhile;
 *   sum()                every possible CPU's value, for integer T;
 *   remote_ptr_unsynchronized(cpu), for_each_possible_cpu_unsynchronized(f)
 *                        another CPU's live T, mutable: the caller owns the
 *                        synchronisation with that CPU (the unsafe edge).
 *
 * This CPU's instance is reachable only through a live guard: the
 * signature enforces what C leaves to a comment.
 */
#ifndef KXX_PERCPU_ACCESS_H
#define KXX_PERCPU_ACCESS_H

#include <kxx/bindings.h>
#include <kxx/core/misuse.h>
#include <kxx/core/traits.h>
#include <kxx/percpu/this_cpu.h>
#include <kxx/sync/cpu_guard.h>
#include <kxx/sync/cpu_shared.h>
#include <kxx/sync/irq_guard.h>

namespace kxx::detail {

/*
 * f(cpu) for every possible CPU, in order: the possible mask a word at a
 * time (lowest set bit, then clear it), the same CPUs for_each_possible_cpu()
 * visits without a bit search per step.
 */
template <class F> inline void for_each_possible(F &&f)
{
	const unsigned int words = kxx_possible_mask_words();
	for (unsigned int w = 0; w < words; w++) {
		for (unsigned long bits = kxx_possible_mask_word(w); bits; bits &= bits - 1)
			f(w * (8 * sizeof(unsigned long)) +
			  static_cast<unsigned int>(__builtin_ctzl(bits)));
	}
}

/*
 * A copy of the T at @src, which another CPU may be changing: read with
 * READ_ONCE() semantics (one volatile load per aligned word, so each word
 * is one the writer wrote; a T wider than a word may mix two writes).
 */
template <class T> inline T snapshot(const T *src)
{
	static_assert(__is_trivially_copyable(T), "a snapshot copies T's bytes: T must be trivially copyable");
	if constexpr (integral<T> || is_pointer_v<T>) {
		return *static_cast<const volatile T *>(src);
	} else {
		constexpr size_t word = alignof(T) >= 8 ? 8 : alignof(T);
		using Word = conditional_t<word == 8, u64,
					   conditional_t<word == 4, u32, conditional_t<word == 2, u16, u8>>>;
		struct Bytes {
			Word w[sizeof(T) / word];
		} copy;
		static_assert(sizeof(Bytes) == sizeof(T));
		const volatile Word *from = reinterpret_cast<const volatile Word *>(src);
		for (size_t i = 0; i < sizeof(T) / word; i++)
			copy.w[i] = from[i];
		return __builtin_bit_cast(T, copy);
	}
}

#define KXX_PERCPU_WITH_RESULT                                                                     \
	"with(): f returns void or a scalar value, nothing that can hold a reference or pointer "   \
	"to the instance (a reference, pointer, closure or struct): it would be used after the "

/*
 * The access API shared by DynamicPerCpu and StaticPerCpu.  Derived
 * provides `T *pcpu() const`: the per-CPU pointer (an offset into each
 * CPU's area, never dereferenced as is).
 */
template <class Derived, class T> class PerCpuAccess {
	/*
	 * Whether f(A)'s result can carry nothing out of the section: void or
	 * a scalar value.  A reference or pointer could point into the
	 * instance, and so could a closure or struct (a captured reference,
	 * a reference or pointer member): all are refused.
	 */
	template <class F, class A> using Result_ = decltype(declval<F &>()(declval<A>()));
	template <class F, class A>
	static constexpr bool plain_result =
	    is_same_v<Result_<F, A>, void> || is_integral_v<Result_<F, A>> ||
	    is_enum_v<Result_<F, A>>;

public:
	/* f(T&) on this CPU's instance: interrupts are off, so it is ours alone. */
	template <class F> decltype(auto) with(IrqGuard &guard, F &&f) const
	{
		(void)guard;
		static_assert(plain_result<F, T &>, KXX_PERCPU_WITH_RESULT "IrqGuard, with interrupts on");
		// SAFETY: interrupts (and so preemption) are off on this CPU
		// while guard lives: nothing else can reach this CPU's instance
		// (other CPUs only through the _unsynchronized API).
		return f(*static_cast<T *>(kxx_this_cpu_ptr(pcpu())));
	}

	/*
	 * f(const T&) on this CPU's instance, for T made for concurrent access
	 * (Atomic<U>): an interrupt on this CPU may use it meanwhile.
	 */
	template <class F> decltype(auto) with(CpuGuard &guard, F &&f) const requires concurrent_v<T>
	{
		(void)guard;
		static_assert(plain_result<F, const T &>, KXX_PERCPU_WITH_RESULT "CpuGuard, on any CPU");
		return f(*static_cast<const T *>(kxx_this_cpu_ptr(pcpu())));
	}

	/* A snapshot of @cpu's instance (see detail::snapshot). */
	T read(unsigned int cpu) const
	{
		// per_cpu_ptr() does not check its index: an impossible CPU
		// would read through a wild offset.  It has counted nothing.
		if (__builtin_expect(!kxx_cpu_possible(cpu), 0)) {
			KXX_WARN_MISUSE("kxx per-CPU read() of an impossible CPU");
			return T{};
		}
		return snapshot(remote_ptr_unsynchronized(cpu));
	}

	/* f(cpu, snapshot) for every possible CPU, in order. */
	template <class F> void for_each_possible_cpu(F &&f) const
	{
		for_each_possible([&](unsigned int cpu) { f(cpu, read(cpu)); });
	}

	/*
	 * Another CPU's live instance, mutable.  That CPU (its threads and
	 * interrupts) may be using it: synchronising with it is the caller's.
	 */
	T *remote_ptr_unsynchronized(unsigned int cpu) const
	{
		return static_cast<T *>(kxx_per_cpu_ptr(pcpu(), cpu));
	}
	/* f(cpu, T&) for every possible CPU; synchronisation is the caller's. */
	template <class F> void for_each_possible_cpu_unsynchronized(F &&f) const
	{
		for_each_possible([&](unsigned int cpu) { f(cpu, *remote_ptr_unsynchronized(cpu)); });
	}

	void add(T v) const requires integral<T> { this_cpu_add(pcpu(), v); }
	void sub(T v) const requires integral<T> { this_cpu_sub(pcpu(), v); }
	void inc() const requires integral<T> { this_cpu_inc(pcpu()); }
	void dec() const requires integral<T> { this_cpu_dec(pcpu()); }

	/*
	 * The sum over every possible CPU (wrapping, like the counters).  A
	 * plain loop (a by-reference lambda would keep the total in memory),
	 * reading each value once as READ_ONCE() does.
	 */
	T sum() const requires integral<T>
	{
		using U = decltype(static_cast<T>(0) + 0u);
		U total = 0;
		for_each_possible([&](unsigned int cpu) {
			total += static_cast<U>(*static_cast<const volatile T *>(
			    remote_ptr_unsynchronized(cpu)));
		});
		return static_cast<T>(total);
	}

private:
	T *pcpu() const { return static_cast<const Derived *>(this)->pcpu(); }
};

} // namespace kxx::detail

#endif /* KXX_PERCPU_ACCESS_H */
