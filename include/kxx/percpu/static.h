/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/percpu/static.h - KXX_DEFINE_PER_CPU and StaticPerCpu<T>: per-CPU variables.
 *
 * Wraps:     DEFINE_PER_CPU: a variable in the module's .data..percpu section,
 *            which the module loader copies to every CPU.
 * Types:     StaticPerCpu<T>, the constant handle KXX_DEFINE_PER_CPU(T, name,
 *            init) defines.  Invariant: pcpu_ is a .data..percpu variable: only
 *            KXX_DEFINE_PER_CPU() can make the tag (detail::InPerCpuSection)
 *            its constructor takes.  The access API is percpu/access.h's;
 *            cpu_shared_v and cpu_shared_const_v (below).
 * Contexts:  as percpu/access.h says.
 * Promises:  docs/soundness.md, "4. Contexts" (Interrupt state: a StaticPerCpu
 *            handle exists only for a .data..percpu variable).
 * Tests:     kunit/percpu_test.cpp (kxx_percpu.static_variables_wrap);
 *            compile-fail: percpu_static_handle_forged.
 */
#ifndef KXX_PERCPU_STATIC_H
#define KXX_PERCPU_STATIC_H

#include <kxx/percpu/access.h>
#include <kxx/sync/cpu_shared.h>

namespace kxx {

namespace detail {
/* Only KXX_DEFINE_PER_CPU() says a pointer is a .data..percpu variable. */
struct InPerCpuSection {
	explicit InPerCpuSection() = default; // so that `{}` cannot make one unnamed
};
} // namespace detail

/*
 * A per-CPU variable defined at compile time (KXX_DEFINE_PER_CPU); the same
 * accessors as DynamicPerCpu.  Promises: docs/soundness.md, 4. Contexts.
 */
template <class T> class StaticPerCpu : public detail::PerCpuAccess<StaticPerCpu<T>, T> {
public:
	/* Made by KXX_DEFINE_PER_CPU only; pcpu() is the __percpu pointer. */
	constexpr StaticPerCpu(detail::InPerCpuSection, T *pcpu) : pcpu_(pcpu) {}
	constexpr T *pcpu() const { return pcpu_; }

private:
	T *pcpu_;
};

/* Every CPU may use one handle at once, as const (see percpu/dynamic.h). */
template <class T> inline constexpr bool cpu_shared_v<StaticPerCpu<T>> = true;

/* May be passed to on_each_cpu(): its const operations are safe from any CPU. */
template <class T> inline constexpr bool cpu_shared_const_v<StaticPerCpu<T>> = true;

} // namespace kxx

/*
 * KXX_DEFINE_PER_CPU(T, name, init): at namespace scope, a per-CPU T in the
 * module's .data..percpu section, copied from @init to every CPU at load,
 * and `name`, its constant-initialised StaticPerCpu<T> handle (no global
 * constructor: constinit refuses a non-constant @init).
 */
#define KXX_DEFINE_PER_CPU(T, name, init)                                                          \
	__attribute__((section(".data..percpu"))) constinit T kxx_percpu_##name = init;            \
	inline constexpr ::kxx::StaticPerCpu<T> name                                               \
	{                                                                                          \
		::kxx::detail::InPerCpuSection{}, &kxx_percpu_##name                               \
	}

#endif /* KXX_PERCPU_STATIC_H */
