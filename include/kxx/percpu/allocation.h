/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/percpu/allocation.h - PerCpuAllocation<T>: one alloc_percpu() area, no T built.
 *
 * Wraps:     <linux/percpu.h> (__alloc_percpu, free_percpu) through
 *            src/percpu.c.
 * Types:     PerCpuAllocation<T>: owns one zeroed per-CPU area sized and
 *            aligned for T on every possible CPU.  Invariant: ptr_ is null only
 *            after a move or into_raw; otherwise it came from
 *            __alloc_percpu(sizeof(T), alignof(T)) and is owned here.  A T over
 *            32 KiB or aligned past PAGE_SIZE does not compile.
 * Contexts:  new_zero() as its gfp says (the per-CPU allocator may sleep with
 *            GFP_KERNEL).
 * Promises:  docs/soundness.md, "1. Ownership" (a T too large for its allocator
 *            does not compile) and "5. The unsafe edge" (pcpu()).
 * Tests:     kunit/percpu_test.cpp
 *            (kxx_percpu.allocation_is_sized_and_aligned_for_t),
 *            kunit/fault_test.cpp (kxx_fault.percpu_allocations); compile-fail:
 *            percpu_larger_than_a_unit.
 */
#ifndef KXX_PERCPU_ALLOCATION_H
#define KXX_PERCPU_ALLOCATION_H

#include <kxx/alloc/gfp.h>
#include <kxx/bindings.h>
#include <kxx/core/move.h>
#include <kxx/result/option.h>

namespace kxx {

/*
 * One zeroed per-CPU area for a T on every possible CPU.  No T is built:
 * this is the raw allocation DynamicPerCpu builds on.
 *
 * Invariant: ptr_ is null only after a move; otherwise it came from
 * __alloc_percpu(sizeof(T), alignof(T)) and is owned here.
 */
template <class T> class PerCpuAllocation {
public:
	/* Zeroed memory (as alloc_percpu() always returns). */
	[[nodiscard]] static Option<PerCpuAllocation> new_zero(Gfp gfp = GFP_KERNEL)
	{
		// pcpu_alloc() warns and fails above PCPU_MIN_UNIT_SIZE or PAGE_SIZE alignment.
		static_assert(sizeof(T) <= 32768 && alignof(T) <= KXX_PAGE_SIZE,
			      "a per-CPU T is at most 32 KiB (PCPU_MIN_UNIT_SIZE) and aligned to at "
			      "most PAGE_SIZE: the per-CPU allocator would warn and fail");
		void *p = kxx_alloc_percpu(sizeof(T), alignof(T), gfp.bits());
		if (!p)
			return None;
		return PerCpuAllocation(p);
	}
	/* The same memory, for a caller that will construct every CPU's T. */
	[[nodiscard]] static Option<PerCpuAllocation> new_uninit(Gfp gfp = GFP_KERNEL)
	{
		return new_zero(gfp);
	}

	/* Takes other's allocation; other is left empty. */
	PerCpuAllocation(PerCpuAllocation &&other) : ptr_(exchange(other.ptr_, nullptr)) {}
	PerCpuAllocation &operator=(PerCpuAllocation &&) = delete;
	PerCpuAllocation(const PerCpuAllocation &) = delete;
	PerCpuAllocation &operator=(const PerCpuAllocation &) = delete;
	~PerCpuAllocation()
	{
		if (ptr_)
			kxx_free_percpu(ptr_);
	}

	/*
	 * The __percpu pointer, for the per-CPU accessors (and the unsafe
	 * edge: soundness.md, 5).
	 */
	T *pcpu() const { return static_cast<T *>(ptr_); }

	/* Gives up the area (the caller frees it with kxx_free_percpu). */
	[[nodiscard]] void *into_raw() { return exchange(ptr_, nullptr); }

private:
	explicit PerCpuAllocation(void *p) : ptr_(p) {}
	void *ptr_;
};

} // namespace kxx

#endif /* KXX_PERCPU_ALLOCATION_H */
