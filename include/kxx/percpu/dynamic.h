/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/percpu/dynamic.h - DynamicPerCpu<T>: a shared handle to one T per CPU.
 *
 * Wraps:     <linux/percpu.h> (__alloc_percpu, per_cpu_ptr, free_percpu)
 *            through src/percpu.c.
 * Types:     DynamicPerCpu<T>: a shared, refcounted handle (an Arc of the area)
 *            to one initialised T per possible CPU; the last handle destroys
 *            them all.  Invariant: never empty (moving one copies the handle),
 *            every possible CPU's T is constructed, and pcpu_ == area_->pcpu.
 *            The access API is percpu/access.h's; cpu_shared_v and
 *            cpu_shared_const_v (below).
 * Contexts:  new_*() as its gfp says; access as percpu/access.h says.
 * Promises:  docs/soundness.md, "1. Ownership" (dropped exactly once; take,
 *            then drop; a handle is never empty).
 * Tests:     kunit/percpu_test.cpp (kxx_percpu: new_with_seeds_every_cpu,
 *            one_t_per_cpu_destroyed_by_last_handle,
 *            moved_from_handle_stays_valid), kunit/fault_test.cpp
 *            (kxx_fault.percpu_allocations).
 */
#ifndef KXX_PERCPU_DYNAMIC_H
#define KXX_PERCPU_DYNAMIC_H

#include <kxx/alloc/arc.h>
#include <kxx/core/scope_bound.h>
#include <kxx/percpu/access.h>
#include <kxx/percpu/allocation.h>

namespace kxx {

/*
 * One T per possible CPU, allocated at run time (__alloc_percpu) and
 * shared by refcounted handles; the last handle destroys them all.
 * new_*() may sleep if its gfp does (None on ENOMEM); the counters are one
 * instruction in any context; with(guard, f) lends this CPU's T under an
 * IrqGuard (or, const, a CpuGuard).  Promises: docs/soundness.md,
 * 1. Ownership and 4. Contexts.
 */
template <class T> class DynamicPerCpu : public detail::PerCpuAccess<DynamicPerCpu<T>, T> {
	static_assert(!scope_bound_v<T>, "a guard lives in a scope, not in per-CPU memory");
	/* The shared area; destroying it destroys each CPU's T, then frees. */
	struct Area {
		explicit Area(void *p) : pcpu(p) {}
		~Area() { destroy(pcpu); }
		Area(const Area &) = delete;

		static void destroy(void *p)
		{
			if constexpr (!is_trivially_destructible_v<T>) {
				detail::for_each_possible([p](unsigned int cpu) {
					static_cast<T *>(kxx_per_cpu_ptr(p, cpu))->~T();
				});
			}
			kxx_free_percpu(p);
		}

		void *pcpu;
	};

public:
	/* Every CPU's T is all-zero bytes (integers, plain structs). */
	[[nodiscard]] static Option<DynamicPerCpu> new_zero(Gfp gfp) requires(__is_trivial(T))
	{
		return build(gfp, [](unsigned int, T *) {});
	}

	/* Every CPU's T is a copy of @init. */
	[[nodiscard]] static Option<DynamicPerCpu> new_with(Gfp gfp, const T &init)
	{
		return build(gfp, [&](unsigned int, T *slot) { new (slot) T(init); });
	}

	/* CPU n's T is what make(n) returns. */
	template <class F> [[nodiscard]] static Option<DynamicPerCpu> new_from(Gfp gfp, F &&make)
	{
		return build(gfp, [&](unsigned int cpu, T *slot) { new (slot) T(make(cpu)); });
	}

	/*
	 * Copying a handle shares the area (one refcount increment).  There is
	 * deliberately no move: a handle is never empty, so there is no
	 * moved-from state whose counters could touch freed per-CPU memory; a
	 * "move" is a copy, and the source stays a working handle.
	 * Assignment copies first, then drops the old area (the source may
	 * live inside it).
	 */
	DynamicPerCpu(const DynamicPerCpu &other) = default;
	DynamicPerCpu &operator=(const DynamicPerCpu &other)
	{
		DynamicPerCpu copy(other);
		swap(area_, copy.area_);
		swap(pcpu_, copy.pcpu_);
		return *this;
	}
	~DynamicPerCpu() = default;

	/* The __percpu pointer, for the accessors. */
	T *pcpu() const { return pcpu_; }

	/* Handles sharing this area (a snapshot). */
	unsigned int handles() const { return area_.ref_count(); }

private:
	explicit DynamicPerCpu(Arc<Area> area)
	    : area_(move(area)), pcpu_(static_cast<T *>(area_->pcpu))
	{}

	template <class Init> static Option<DynamicPerCpu> build(Gfp gfp, Init &&init)
	{
		Option<PerCpuAllocation<T>> alloc = PerCpuAllocation<T>::new_zero(gfp);
		if (alloc.is_none())
			return None;
		void *p = alloc->into_raw();
		detail::for_each_possible([&](unsigned int cpu) {
			init(cpu, static_cast<T *>(kxx_per_cpu_ptr(p, cpu)));
		});

		Result<Arc<Area>> area = Arc<Area>::make(gfp, p);
		if (area.is_err()) {
			Area::destroy(p); // every T was built: destroy them, free
			return None;
		}
		// INVARIANT: every possible CPU's T is constructed, owned by area.
		return DynamicPerCpu(move(area).value());
	}

	Arc<Area> area_;
	// The area's pointer, kept in the handle itself so the counter fast
	// path reads it from where the handle lives (often a register), not
	// through the shared area.  INVARIANT: pcpu_ == area_->pcpu.
	T *pcpu_;
};

/*
 * Every CPU may use one handle at once, as const: each reaches its own
 * instance (assigning a handle from every CPU would drop one area twice).
 */
template <class T> inline constexpr bool cpu_shared_v<DynamicPerCpu<T>> = true;

/* A handle may be passed to on_each_cpu(): its const operations are safe from any CPU. */
template <class T> inline constexpr bool cpu_shared_const_v<DynamicPerCpu<T>> = true;

} // namespace kxx

#endif /* KXX_PERCPU_DYNAMIC_H */
