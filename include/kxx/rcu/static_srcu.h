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
 *                 domain (struct kxx_srcu name); its lockdep class is named
 *                 "name" on 6.12 (on 6.1 the loader's init names it).
 *            C++: KXX_DECLARE_SRCU(name) declares it; StaticSrcuDomain is
 *                 the handle, `constinit StaticSrcuDomain d{ &name };`.
 *            Invariant: d_ is a domain KXX_DEFINE_SRCU() defined, which lives
 *            from before the module's init until after its exit (after
 *            KXX_MODULE_EXIT()'s barriers ran its callbacks).  Its consteval
 *            constructor takes only a constant address (not a null literal), and
 *            C++ cannot make a struct kxx_srcu of its own (incomplete there),
 *            so no other object gets in but a null cast to struct kxx_srcu *
 *            (docs/soundness.md, "5. The unsafe edge").  Nothing is freed
 *            when a handle ends.
 * Contexts:  as SrcuDomain's (rcu/srcu.h): read_lock() in any context but
 *            NMI; waiting in process context, outside its own read section
 *            (reported, nothing waited for).
 * Promises:  docs/soundness.md, "2. Borrows" (SRCU rows) and "4. Contexts"
 *            (SrcuDomain rows).
 * Tests:     kunit/srcu_test.cpp (kxx_srcu.static_domain_*);
 *            compile-fail: static_srcu_domain_null,
 *            static_srcu_domain_not_constant.
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

#ifdef __SRCU_USAGE_INIT
/* 6.12: built initialised; the loader allocates its per-CPU counters. */
#define KXX_SRCU_STATIC_OBJECT(name)                                                     \
	static struct srcu_usage name##_kxx_usage = __SRCU_USAGE_INIT(name##_kxx_usage); \
	struct kxx_srcu name = { .srcu = __SRCU_STRUCT_INIT_MODULE(name, name##_kxx_usage) }
#else
/* 6.1: all zero; the loader runs init_srcu_struct() on it. */
#define KXX_SRCU_STATIC_OBJECT(name) struct kxx_srcu name
#endif

/* Defines the static domain @name (for C++: KXX_DECLARE_SRCU(name)). */
#define KXX_DEFINE_SRCU(name)                                                 \
	extern struct kxx_srcu name;                                          \
	KXX_SRCU_STATIC_OBJECT(name);                                         \
	extern struct srcu_struct *const __srcu_struct_##name;                \
	struct srcu_struct *const __srcu_struct_##name                        \
	    __attribute__((section("___srcu_struct_ptrs"))) = &name.srcu

#else
/* ---- C++ ------------------------------------------------------------------ */
#include <kxx/rcu/srcu.h>

/* Declares the static domain @name that the module's C defines. */
#define KXX_DECLARE_SRCU(name) extern "C" struct kxx_srcu name

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
	/* The domain KXX_DEFINE_SRCU(@defined) made: a constant address. */
	consteval explicit StaticSrcuDomain(struct kxx_srcu *defined) : d_(defined) {}
	/* Null is no domain. */
	StaticSrcuDomain(decltype(nullptr)) = delete;

	/* The srcu_struct, for kxx's own types (SrcuBox, Srcu<P>). */
	struct srcu_struct *raw() const
	{
		// SAFETY: the srcu_struct is struct kxx_srcu's first member (the
		// C side asserts it).
		return reinterpret_cast<struct srcu_struct *>(d_);
	}

private:
	// INVARIANT: defined by KXX_DEFINE_SRCU(), alive while the module is.
	struct kxx_srcu *d_;
};

} // namespace kxx

#endif /* __cplusplus */
#endif /* KXX_RCU_STATIC_SRCU_H */
