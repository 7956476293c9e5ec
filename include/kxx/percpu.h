/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/percpu.h - per-CPU data: CpuGuard, PerCpuAllocation, DynamicPerCpu,
 * KXX_DEFINE_PER_CPU / StaticPerCpu, on_each_cpu.
 *
 *   IrqGuard            interrupts (and so preemption) disabled on this CPU
 *                       for its lifetime, as local_irq_save(): nothing else on
 *                       this CPU, thread, softirq or hard interrupt, can run
 *                       until it ends.  The guard for mutable access to this
 *                       CPU's instance of per-CPU data.
 *   CpuGuard            preemption disabled for its lifetime; cpu() is the
 *                       CPU this thread stays on.  An interrupt can still run
 *                       on this CPU meanwhile, so under a CpuGuard this CPU's
 *                       instance is lent only as const, and only for types
 *                       made for concurrent access (Atomic<U>), as Rust's
 *                       CheckedPerCpu.  Either way, this CPU's instance is
 *                       reachable only through a live guard: the signature
 *                       enforces what C leaves to a comment.
 *   PerCpuAllocation<T> owns one alloc_percpu() area sized and aligned for T
 *                       (__alloc_percpu(sizeof(T), alignof(T))); no T built.
 *   DynamicPerCpu<T>    a shared, refcounted handle to one initialised T per
 *                       possible CPU; the last handle destroys them all.
 *                       Never empty: moving one copies the handle.
 *   StaticPerCpu<T>     the handle KXX_DEFINE_PER_CPU(T, name, init) defines
 *                       for a variable in the module's .data..percpu section
 *                       (the module loader copies init to every CPU).
 *
 * Access, the same for both:
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
 */
#ifndef KXX_PERCPU_H
#define KXX_PERCPU_H

#include <kxx/alloc.h>
#include <kxx/arc.h>
#include <kxx/atomic.h>
#include <kxx/bindings.h>
#include <kxx/result.h>
#include <kxx/utility.h>

/*
 * The counters are one %gs:-relative instruction on x86_64, as the kernel's
 * this_cpu_add() is there.  Elsewhere (or with -DKXX_PERCPU_GENERIC, which
 * is how the portable path is tested on x86_64) they call the kernel's
 * this_cpu_add() through a shim, which is just as safe.
 */
#if defined(__x86_64__) && !defined(KXX_PERCPU_GENERIC)
#define KXX_PERCPU_X86_ASM 1
#endif

namespace kxx {

/* Preemption disabled: the thread stays on this CPU until destruction. */
class [[nodiscard]] CpuGuard {
public:
	using kxx_scope_bound = void;

	CpuGuard() { kxx_preempt_disable(); }
	~CpuGuard() { kxx_preempt_enable(); }
	CpuGuard(const CpuGuard &) = delete;
	CpuGuard &operator=(const CpuGuard &) = delete;
	CpuGuard(CpuGuard &&) = delete;
	CpuGuard &operator=(CpuGuard &&) = delete;

	unsigned int cpu() const { return kxx_smp_processor_id(); }
};

/*
 * Interrupts disabled on this CPU (local_irq_save), and so preemption:
 * nothing else runs on this CPU until destruction.  Right in any context,
 * an interrupt handler included (it restores the state it found).
 */
class [[nodiscard]] IrqGuard {
public:
	using kxx_scope_bound = void;

	IrqGuard() : flags_(kxx_irq_save()) {}
	~IrqGuard() { kxx_irq_restore(flags_); }
	IrqGuard(const IrqGuard &) = delete;
	IrqGuard &operator=(const IrqGuard &) = delete;
	IrqGuard(IrqGuard &&) = delete;
	IrqGuard &operator=(IrqGuard &&) = delete;

	unsigned int cpu() const { return kxx_smp_processor_id(); }

private:
	unsigned long flags_;
};

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
namespace detail {
template <class S> using CpuShared = conditional_t<cpu_shared_const_v<remove_cv_t<S>>, const S, S>;
} // namespace detail

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

namespace detail {

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
 * The access API shared by DynamicPerCpu and StaticPerCpu.  Derived
 * provides `T *pcpu() const`: the per-CPU pointer (an offset into each
 * CPU's area, never dereferenced as is).
 */
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

} // namespace detail

/* --- PerCpuAllocation ----------------------------------------------------------- */

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

	PerCpuAllocation(PerCpuAllocation &&other) : ptr_(exchange(other.ptr_, nullptr)) {}
	PerCpuAllocation &operator=(PerCpuAllocation &&) = delete;
	PerCpuAllocation(const PerCpuAllocation &) = delete;
	PerCpuAllocation &operator=(const PerCpuAllocation &) = delete;
	~PerCpuAllocation()
	{
		if (ptr_)
			kxx_free_percpu(ptr_);
	}

	T *pcpu() const { return static_cast<T *>(ptr_); }

	/* Gives up the area (the caller frees it with kxx_free_percpu). */
	[[nodiscard]] void *into_raw() { return exchange(ptr_, nullptr); }

private:
	explicit PerCpuAllocation(void *p) : ptr_(p) {}
	void *ptr_;
};

/* --- DynamicPerCpu ----------------------------------------------------------------- */

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

/* --- StaticPerCpu and KXX_DEFINE_PER_CPU ---------------------------------------------- */

namespace detail {
/* Only KXX_DEFINE_PER_CPU() says a pointer is a .data..percpu variable. */
struct InPerCpuSection {
	explicit InPerCpuSection() = default; // so that `{}` cannot make one unnamed
};
} // namespace detail

template <class T> class StaticPerCpu : public detail::PerCpuAccess<StaticPerCpu<T>, T> {
public:
	constexpr StaticPerCpu(detail::InPerCpuSection, T *pcpu) : pcpu_(pcpu) {}
	constexpr T *pcpu() const { return pcpu_; }

private:
	T *pcpu_;
};

/*
 * Every CPU may use one handle at once, as const: each reaches its own
 * instance (assigning a handle from every CPU would drop one area twice).
 */
template <class T> inline constexpr bool cpu_shared_v<DynamicPerCpu<T>> = true;
template <class T> inline constexpr bool cpu_shared_v<StaticPerCpu<T>> = true;
template <class T> inline constexpr bool cpu_shared_const_v<DynamicPerCpu<T>> = true;
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

#endif /* KXX_PERCPU_H */
