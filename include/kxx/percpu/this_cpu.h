/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/percpu/this_cpu.h - this_cpu_add/sub/inc/dec: one instruction, no guard.
 *
 * Wraps:     <linux/percpu.h> (this_cpu_add) on x86_64 as the kernel compiles
 *            it there (one %gs:-relative instruction); elsewhere, or with
 *            -DKXX_PERCPU_GENERIC, through src/percpu.c.
 * Types:     none: detail::this_cpu_add/sub/inc/dec(pcpu, v) for integer T,
 *            preempt- and irq-safe (one instruction, or the kernel's own
 *            this_cpu_add()), what the per-CPU handles' add/sub/inc/dec use.
 * Contexts:  any.
 * Promises:  docs/soundness.md, "4. Contexts" (the per-CPU add/sub/inc/dec
 *            row).
 * Tests:     kunit/percpu_test.cpp
 *            (kxx_percpu.counters_for_every_integer_width,
 *            kxx_percpu.sum_of_pinned_threads_is_exact), kunit/stress_test.cpp
 *            (kxx_stress.percpu_counters_from_every_cpu);
 *            scripts/check-percpu-asm.sh (the disassembly).
 */
#ifndef KXX_PERCPU_THIS_CPU_H
#define KXX_PERCPU_THIS_CPU_H

#include <kxx/bindings.h>
#include <kxx/core/traits.h>

/*
 * The counters are one %gs:-relative instruction on x86_64, as the kernel's
 * this_cpu_add() is there.  Elsewhere (or with -DKXX_PERCPU_GENERIC, which
 * is how the portable path is tested on x86_64) they call the kernel's
 * this_cpu_add() through a shim, which is just as safe.
 */
#if defined(__x86_64__) && !defined(KXX_PERCPU_GENERIC)
#define KXX_PERCPU_X86_ASM 1
#endif

namespace kxx::detail {

#ifdef KXX_PERCPU_X86_ASM

/* this_cpu_add(*pcpu, v): one gs-relative instruction, as the kernel's. */
template <integral T> inline void this_cpu_add(T *pcpu, T v)
{
	if constexpr (sizeof(T) == 1)
		asm volatile("addb %1, %%gs:%0" : "+m"(*pcpu) : "qi"(v));
	else if constexpr (sizeof(T) == 2)
		asm volatile("addw %1, %%gs:%0" : "+m"(*pcpu) : "ri"(v));
	else if constexpr (sizeof(T) == 4)
		asm volatile("addl %1, %%gs:%0" : "+m"(*pcpu) : "ri"(v));
	else
		asm volatile("addq %1, %%gs:%0" : "+m"(*pcpu) : "re"(v));
}

template <integral T> inline void this_cpu_sub(T *pcpu, T v)
{
	if constexpr (sizeof(T) == 1)
		asm volatile("subb %1, %%gs:%0" : "+m"(*pcpu) : "qi"(v));
	else if constexpr (sizeof(T) == 2)
		asm volatile("subw %1, %%gs:%0" : "+m"(*pcpu) : "ri"(v));
	else if constexpr (sizeof(T) == 4)
		asm volatile("subl %1, %%gs:%0" : "+m"(*pcpu) : "ri"(v));
	else
		asm volatile("subq %1, %%gs:%0" : "+m"(*pcpu) : "re"(v));
}

template <integral T> inline void this_cpu_inc(T *pcpu)
{
	if constexpr (sizeof(T) == 1)
		asm volatile("incb %%gs:%0" : "+m"(*pcpu));
	else if constexpr (sizeof(T) == 2)
		asm volatile("incw %%gs:%0" : "+m"(*pcpu));
	else if constexpr (sizeof(T) == 4)
		asm volatile("incl %%gs:%0" : "+m"(*pcpu));
	else
		asm volatile("incq %%gs:%0" : "+m"(*pcpu));
}

template <integral T> inline void this_cpu_dec(T *pcpu)
{
	if constexpr (sizeof(T) == 1)
		asm volatile("decb %%gs:%0" : "+m"(*pcpu));
	else if constexpr (sizeof(T) == 2)
		asm volatile("decw %%gs:%0" : "+m"(*pcpu));
	else if constexpr (sizeof(T) == 4)
		asm volatile("decl %%gs:%0" : "+m"(*pcpu));
	else
		asm volatile("decq %%gs:%0" : "+m"(*pcpu));
}

#else /* !KXX_PERCPU_X86_ASM */

/* this_cpu_add() through a shim; sub, inc and dec are wrapping adds. */
template <integral T> inline void this_cpu_add(T *pcpu, T v)
{
	if constexpr (sizeof(T) == 1)
		kxx_this_cpu_add_1(pcpu, static_cast<unsigned char>(v));
	else if constexpr (sizeof(T) == 2)
		kxx_this_cpu_add_2(pcpu, static_cast<unsigned short>(v));
	else if constexpr (sizeof(T) == 4)
		kxx_this_cpu_add_4(pcpu, static_cast<unsigned int>(v));
	else
		kxx_this_cpu_add_8(pcpu, static_cast<unsigned long long>(v));
}
template <integral T> inline void this_cpu_sub(T *pcpu, T v)
{
	this_cpu_add(pcpu, static_cast<T>(0u - static_cast<unsigned long long>(v)));
}
template <integral T> inline void this_cpu_inc(T *pcpu)
{
	this_cpu_add(pcpu, static_cast<T>(1));
}
template <integral T> inline void this_cpu_dec(T *pcpu)
{
	this_cpu_add(pcpu, static_cast<T>(-1));
}

#endif /* KXX_PERCPU_X86_ASM */

} // namespace kxx::detail

#endif /* KXX_PERCPU_THIS_CPU_H */
