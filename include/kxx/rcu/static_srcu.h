/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/rcu/static_srcu.h - StaticSrcuDomain: an SRCU domain defined at build
 * time, the C++ face of DEFINE_STATIC_SRCU().
 *
 * Wraps:     <linux/srcu.h>'s module-static srcu_struct (the module loader
 *            sets it up before the module's init and cleans it up after its
 *            exit, through the ___srcu_struct_ptrs section), inside the
 *            struct kxx_srcu that src/srcu.c keeps for every domain.
 * Types:     C:   KXX_DEFINE_SRCU(name), in the module's C glue, defines the
 *                 domain (a struct kxx_srcu named kxx_static_srcu__name, so
 *                 that a plain DEFINE_SRCU(name) cannot stand in for it: the
 *                 link fails); KXX_SRCU_STRUCT(name) is its srcu_struct, for
 *                 C's own call_srcu() and the like.  Its lockdep class is
 *                 named "name" on 6.12 (on 6.1 the loader's init names it).
 *            C++: KXX_DECLARE_SRCU(name) declares it; StaticSrcuDomain is
 *                 the handle, `constinit StaticSrcuDomain d{ KXX_SRCU(name) };`.
 *            Invariant: d_ is a domain KXX_DEFINE_SRCU() defined in this
 *            module's C glue, which lives from before the module's init
 *            until after its exit (after KXX_MODULE_EXIT()'s barriers, or
 *            KXX_MODULE_INIT()'s when the init fails, ran its callbacks).  Its
 *            consteval constructor takes a reference to a constant object (a
 *            null one does not compile), and C++ cannot make a struct
 *            kxx_srcu of its own (incomplete there).  Another module's domain
 *            is the caller's to keep out (docs/soundness.md, "5. The unsafe
 *            edge"): this module's exit does not wait for its callbacks.
 *            Nothing is freed when a handle ends; handles copy, but are not
 *            assigned.
 * Contexts:  as SrcuDomain's (rcu/srcu.h): read_lock() in any context but
 *            NMI; waiting in process context, outside its own read section
 *            (reported, nothing waited for).
 * Promises:  docs/soundness.md, "2. Borrows" (SRCU rows) and "4. Contexts"
 *            (SrcuDomain rows).
 * Tests:     kunit/srcu_test.cpp (kxx_srcu.static_domain_*); kxx_unload;
 *            compile-fail: static_srcu_domain_null,
 *            static_srcu_domain_not_constant, static_srcu_domain_assigned,
 *            static_srcu_domain_of_plain_srcu.
 */
#ifndef KXX_RCU_STATIC_SRCU_H
#define KXX_RCU_STATIC_SRCU_H

#ifndef __cplusplus
/* ---- the module's C glue ------------------------------------------------ */
#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/srcu.h>

/* Every kxx SRCU domain, dynamic (src/srcu.c) or static (below). */
struct kxx_srcu {
	struct srcu_struct srcu; /* first: C++ holds a struct srcu_struct * */
	struct list_head node;	 /* dynamic ones: on the module's list while not freed */
	atomic_long_t users;	 /* SrcuBoxes, Srcu pointers, their RcuOlds */
};
_Static_assert(__builtin_offsetof(struct kxx_srcu, srcu) == 0, "C++ casts a kxx_srcu");

#ifndef MODULE
#error "KXX_DEFINE_SRCU() is for modules (the loader sets the domain up)"
#endif
#ifndef CONFIG_TREE_SRCU
#error "KXX_DEFINE_SRCU() needs Tree SRCU: the module loader sets up static domains only there"
#endif

#ifdef __SRCU_USAGE_INIT
/* 6.12: built initialised; the loader allocates its per-CPU counters. */
#define KXX_SRCU_STATIC_OBJECT(name, object)                                             \
	static struct srcu_usage object##_usage = __SRCU_USAGE_INIT(object##_usage);     \
	struct kxx_srcu object = { .srcu = __SRCU_STRUCT_INIT_MODULE(name, object##_usage) }
#else
/* 6.1: all zero; the loader runs init_srcu_struct() on it. */
#define KXX_SRCU_STATIC_OBJECT(name, object) struct kxx_srcu object
#endif

/* Defines the static domain @name (for C++: KXX_DECLARE_SRCU(name)). */
#define KXX_DEFINE_SRCU(name)                                                 \
	extern struct kxx_srcu kxx_static_srcu__##name;                       \
	KXX_SRCU_STATIC_OBJECT(name, kxx_static_srcu__##name);                \
	extern struct srcu_struct *const __srcu_struct_kxx_##name;            \
	struct srcu_struct *const __srcu_struct_kxx_##name                    \
	    __attribute__((section("___srcu_struct_ptrs"))) = &kxx_static_srcu__##name.srcu

/* The srcu_struct of the static domain @name, for C. */
#define KXX_SRCU_STRUCT(name) (&kxx_static_srcu__##name.srcu)

#else
/* ---- C++ ------------------------------------------------------------------ */
#include <kxx/rcu/srcu.h>

/* Declares the static domain @name that the module's C defines. */
#define KXX_DECLARE_SRCU(name) extern "C" struct kxx_srcu kxx_static_srcu__##name
/* The static domain @name, for StaticSrcuDomain's constructor. */
#define KXX_SRCU(name) kxx_static_srcu__##name

struct kxx_srcu;

namespace kxx {

/*
 * A static SRCU domain's handle: what SrcuDomain offers (read sections,
 * synchronize(), barrier(), SrcuBox and Srcu<P> in it), for a domain that
 * is never destroyed while the module runs.  Declared as
 * `constinit StaticSrcuDomain name{ &c_name };`.
 */
class StaticSrcuDomain : public detail::SrcuDomainOps<StaticSrcuDomain> {
public:
	/* The domain KXX_DEFINE_SRCU() made: KXX_SRCU(name), a constant object. */
	consteval explicit StaticSrcuDomain(struct kxx_srcu &defined) : d_(&defined)
	{
#ifdef __clang__
		// GCC refuses *(null) here by itself; it cannot compare a
		// symbol's address with null in a constant expression.
		if (d_ == nullptr)
			a_static_srcu_domain_needs_a_defined_domain();
#endif
	}
	StaticSrcuDomain(const StaticSrcuDomain &) = default;
	/* A handle names one domain for good (a global one is not re-pointed). */
	StaticSrcuDomain &operator=(const StaticSrcuDomain &) = delete;

	/* The srcu_struct, for kxx's own types (SrcuBox, Srcu<P>). */
	struct srcu_struct *raw() const
	{
		// SAFETY: the srcu_struct is struct kxx_srcu's first member (the
		// C side asserts it).
		return reinterpret_cast<struct srcu_struct *>(d_);
	}

private:
	static void a_static_srcu_domain_needs_a_defined_domain(); // not constexpr

	// INVARIANT: defined by KXX_DEFINE_SRCU(), alive while the module is.
	struct kxx_srcu *d_;
};

} // namespace kxx

#endif /* __cplusplus */
#endif /* KXX_RCU_STATIC_SRCU_H */
