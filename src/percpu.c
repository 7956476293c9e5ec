// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU shims for kxx (include/kxx/percpu/, sync/cpu_guard.h): preemption,
 * the per-CPU allocator, address translation and on_each_cpu().  The counter
 * fast path (this_cpu_add and friends) is inline assembly in the header
 * (percpu/this_cpu.h), as in C.
 */
#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/irqflags.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/smp.h>
#include <kxx/bindings.h>
#include "compat.h"

KXX_SHIM void kxx_preempt_disable(void)
{
	preempt_disable();
}

KXX_SHIM void kxx_preempt_enable(void)
{
	preempt_enable();
}

/* preempt_count(): spinlocks, preempt_disable(), BH and interrupt levels held. */
KXX_SHIM unsigned int kxx_preempt_count(void)
{
	return preempt_count();
}

KXX_SHIM unsigned int kxx_smp_processor_id(void)
{
	return smp_processor_id();
}

void *kxx_alloc_percpu(unsigned long size, unsigned long align, unsigned int gfp)
{
	return (__force void *)__alloc_percpu_gfp(size, align, (__force gfp_t)gfp);
}

void kxx_free_percpu(void *pcpu)
{
	free_percpu((void __percpu *)pcpu);
}

KXX_SHIM void *kxx_this_cpu_ptr(void *pcpu)
{
	return this_cpu_ptr((void __percpu *)pcpu);
}

KXX_SHIM void *kxx_per_cpu_ptr(void *pcpu, unsigned int cpu)
{
	return per_cpu_ptr((void __percpu *)pcpu, cpu);
}

unsigned int kxx_next_possible_cpu(int cpu)
{
	return cpumask_next(cpu, cpu_possible_mask);
}

KXX_SHIM unsigned long kxx_possible_mask_word(unsigned int i)
{
	return cpumask_bits(cpu_possible_mask)[i];
}

KXX_SHIM unsigned int kxx_possible_mask_words(void)
{
	return BITS_TO_LONGS(kxx_cpumask_bits);
}

KXX_SHIM unsigned int kxx_nr_cpu_ids(void)
{
	return nr_cpu_ids;
}

KXX_SHIM bool kxx_cpu_possible(unsigned int cpu)
{
	return cpu < nr_cpu_ids && cpu_possible(cpu);
}

KXX_SHIM void kxx_this_cpu_add_1(void *pcpu, unsigned char v)
{
	this_cpu_add(*(u8 __percpu *)pcpu, v);
}

KXX_SHIM void kxx_this_cpu_add_2(void *pcpu, unsigned short v)
{
	this_cpu_add(*(u16 __percpu *)pcpu, v);
}

KXX_SHIM void kxx_this_cpu_add_4(void *pcpu, unsigned int v)
{
	this_cpu_add(*(u32 __percpu *)pcpu, v);
}

KXX_SHIM void kxx_this_cpu_add_8(void *pcpu, unsigned long long v)
{
	this_cpu_add(*(u64 __percpu *)pcpu, v);
}

/* Calls sent by on_each_cpu_nowait() not yet run (see kxx_rcu_barrier()). */
static atomic_t kxx_nowait_pending = ATOMIC_INIT(0);

void kxx_on_each_cpu_nowait_ran(void)
{
	atomic_dec(&kxx_nowait_pending);
}

bool kxx_on_each_cpu_nowait_pending(void)
{
	return atomic_read(&kxx_nowait_pending) > 0;
}

/*
 * on_each_cpu(), refused where it can deadlock or the kernel forbids it:
 * with interrupts off (the kernel only warns), from an interrupt (the
 * kernel warns; a softirq would reuse the per-CPU request its interrupted
 * task holds), and with preemption off, which is how a thread holding a
 * spinlock (a kxx Guard, a spinning Rcu writer) shows: sending waits for
 * each target CPU's previous request, and a CPU spinning on that lock with
 * interrupts off would never finish it.  (preempt_count() counts held
 * spinlocks only with CONFIG_PREEMPT_COUNT, and RCU read sections too
 * without CONFIG_PREEMPT_RCU: there the spinlock check is left out.)
 */
static bool kxx_on_each_cpu_allowed(void)
{
	static bool warned;

	if (irqs_disabled() || !in_task() ||
	    (IS_ENABLED(CONFIG_PREEMPT_RCU) && preempt_count())) {
		kxx_warn(&warned, __FILE__, __LINE__,
			 "on_each_cpu() with interrupts or preemption off, under a spinlock or in an interrupt: nothing run");
		return false;
	}
	return true;
}

/* Counts each call as it is queued, for the CPUs that will run it. */
static bool kxx_nowait_count(int cpu, void *info)
{
	atomic_inc(&kxx_nowait_pending);
	return true;
}

bool kxx_on_each_cpu(void (*fn)(void *info), void *info, bool wait)
{
	if (!kxx_on_each_cpu_allowed())
		return false;
	if (wait)
		on_each_cpu(fn, info, true);
	else
		on_each_cpu_cond(kxx_nowait_count, fn, info, false);
	return true;
}
