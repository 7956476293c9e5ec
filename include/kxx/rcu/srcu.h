/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/rcu/srcu.h - SrcuDomain and SrcuReadGuard: sleepable RCU.
 *
 * Wraps:     <linux/srcu.h> (init_srcu_struct, srcu_read_lock/unlock,
 *            synchronize_srcu[_expedited], srcu_barrier, cleanup_srcu_struct)
 *            through src/srcu.c.
 * Types:     SrcuDomain: an owned srcu_struct, on the heap (src/srcu.c's
 *            struct kxx_srcu), so a reader never points into the object that
 *            owns it.  Invariant: ssp_ is null only after a move; otherwise an
 *            initialised srcu_struct, owned here, freed only when no reader is
 *            inside, no SrcuBox of it is left and its callbacks have run
 *            (otherwise it is leaked, with a report).  Its lockdep class is
 *            named after the place it is made ("kxx::SrcuDomain (foo.cpp:42)"),
 *            or KXX_LOCK_CLASS().
 *            SrcuReadGuard: srcu_read_lock() of one domain for its lifetime,
 *            holding the index srcu_read_unlock() needs; neither copied nor
 *            moved, scope-bound, made only by SrcuDomain::read_lock() on a
 *            named domain.  Readers may sleep.
 *            detail::SrcuDomainOps: read_lock(), synchronize() and the rest,
 *            which SrcuDomain and StaticSrcuDomain (rcu/static_srcu.h) share.
 * Contexts:  read_lock(): any context but NMI; the section may sleep when
 *            its context may.  synchronize(), synchronize_expedited(),
 *            barrier(), destruction: process context (might_sleep()), outside
 *            any read section of the same domain: inside one each would wait
 *            for itself, so it is reported and waits for nothing.
 * Promises:  docs/soundness.md, "2. Borrows" (SRCU rows), "4. Contexts"
 *            (SrcuDomain rows; the unload row of "Interrupt state").
 * Tests:     kunit/srcu_test.cpp (kxx_srcu: readers_sleep_while_writers_wait,
 *            synchronize_inside_own_section_is_reported,
 *            destroy_with_reader_inside_is_reported, moved_domain_is_inert,
 *            lock_class_named_after_the_declaration);
 *            compile-fail: srcu_guard_copy, srcu_guard_move,
 *            srcu_read_lock_on_temporary_domain.
 */
#ifndef KXX_RCU_SRCU_H
#define KXX_RCU_SRCU_H

#include <kxx/bindings.h>
#include <kxx/core/misuse.h>
#include <kxx/core/move.h>
#include <kxx/result/result.h>
#include <kxx/sync/atomic_context.h>
#include <kxx/sync/lock_class.h>

namespace kxx {

class SrcuDomain;
class StaticSrcuDomain;
namespace detail {
struct SrcuFlavour;
template <class Self> class SrcuDomainOps;
} // namespace detail

/*
 * Whether an owner's memory stays valid until an SRCU grace period of its
 * own domain after it is dropped (SrcuBox, beside it): an Srcu<P> of the
 * same domain may then drop a replaced one without waiting.
 */
template <class P> inline constexpr bool srcu_freed_v = false;

/* Evidence that this thread is inside a read section of one SrcuDomain. */
class [[nodiscard]] SrcuReadGuard {
public:
	/* A guard: lives in a scope only. */
	using kxx_scope_bound = void; // lives in a scope, never in an Option or a heap object

	~SrcuReadGuard() { kxx_srcu_read_unlock(ssp_, idx_); }
	SrcuReadGuard(const SrcuReadGuard &) = delete;
	SrcuReadGuard &operator=(const SrcuReadGuard &) = delete;
	SrcuReadGuard(SrcuReadGuard &&) = delete;
	SrcuReadGuard &operator=(SrcuReadGuard &&) = delete;

	/* Whether this is a read section of @domain (an SrcuDomain or StaticSrcuDomain). */
	template <class Domain> bool of(const Domain &domain) const { return ssp_ == domain.raw(); }

private:
	friend class detail::SrcuDomainOps<SrcuDomain>;
	friend class detail::SrcuDomainOps<StaticSrcuDomain>;
	friend struct detail::SrcuFlavour;
	explicit SrcuReadGuard(struct srcu_struct *ssp) : ssp_(ssp), idx_(kxx_srcu_read_lock(ssp)) {}

	// INVARIANT: a domain's srcu_struct, which stays allocated while this
	// guard lives (a domain with a reader inside is leaked, not freed).
	struct srcu_struct *ssp_;
	int idx_;
};

namespace detail {

/*
 * What both domains offer (SrcuDomain, and StaticSrcuDomain in
 * rcu/static_srcu.h): read sections and waiting.  Self::raw() is its
 * srcu_struct, or a kxx_bug() for a moved-from domain.
 */
template <class Self> class SrcuDomainOps {
public:
	/* Enters a read section (guaranteed copy elision); may be nested. */
	[[nodiscard]] SrcuReadGuard read_lock() const & { return SrcuReadGuard(checked()); }
	/* A temporary domain would be freed (or leaked) under its own reader. */
	SrcuReadGuard read_lock() const && = delete;

	/* Waits until every reader that entered before has left. */
	void synchronize() const KXX_MIGHT_SLEEP
	{
		if (struct srcu_struct *ssp = waitable())
			kxx_synchronize_srcu(ssp);
	}
	/* The same, faster, at more cost to other CPUs. */
	void synchronize_expedited() const KXX_MIGHT_SLEEP
	{
		if (struct srcu_struct *ssp = waitable())
			kxx_synchronize_srcu_expedited(ssp);
	}
	/* Waits until every callback queued on this domain (SrcuBox frees) has run. */
	void barrier() const KXX_MIGHT_SLEEP
	{
		if (struct srcu_struct *ssp = waitable())
			kxx_srcu_barrier(ssp);
	}

	/* Whether this thread is inside one of its read sections (lockdep's view). */
	bool read_held() const { return kxx_srcu_read_held(checked()); }

	/* The name lockdep reports its read sections by (null without lockdep). */
	const char *lock_class_name() const { return kxx_srcu_name(checked()); }

protected:
	// Only as the base of a Self: checked() casts to it.
	SrcuDomainOps() = default;
	SrcuDomainOps(const SrcuDomainOps &) = default;
	SrcuDomainOps &operator=(const SrcuDomainOps &) = delete;

private:
	struct srcu_struct *checked() const { return static_cast<const Self *>(this)->raw(); }

	/*
	 * The srcu_struct to wait on, or null: waiting from inside one of its
	 * own read sections would never end (lockdep tells; without lockdep,
	 * as in C, it hangs).
	 */
	struct srcu_struct *waitable() const
	{
		struct srcu_struct *ssp = checked();
		kxx_might_sleep();
		if (__builtin_expect(kxx_srcu_read_held(ssp), 0)) {
			KXX_WARN_MISUSE("kxx::SrcuDomain waited on inside its own read section: it "
					"would wait for itself; nothing waited for");
			return nullptr;
		}
		return ssp;
	}
};

} // namespace detail

/* An SrcuDomain or a StaticSrcuDomain: what SrcuBox and Srcu<P> are made in. */
template <class D>
concept srcu_domain = __is_base_of(detail::SrcuDomainOps<SrcuDomain>, D) ||
		      __is_base_of(detail::SrcuDomainOps<StaticSrcuDomain>, D);

/*
 * An SRCU domain, an owned srcu_struct: its readers (read_lock()) may
 * sleep, and its writers wait only for them (synchronize()).  make() can
 * fail (ENOMEM); waiting and destruction: process context, outside its own
 * read sections.  Promises: docs/soundness.md, 2. Borrows and 4. Contexts.
 */
class SrcuDomain : public detail::SrcuDomainOps<SrcuDomain> {
public:
	/*
	 * A new domain (init_srcu_struct can fail: ENOMEM is a value), with
	 * the lockdep class of the place it is made, or @lock_class.
	 */
	[[nodiscard]] static Result<SrcuDomain> make(detail::Here at = detail::Here())
	{
		const char *name;
		auto *key =
		    kxx_site_lock_class("kxx::SrcuDomain", nullptr, at.file, at.line, &name);
		return made(kxx_srcu_new(key, name));
	}
	[[nodiscard]] static Result<SrcuDomain> make(LockClassKey &lock_class)
	{
		return made(kxx_srcu_new(lock_class.raw(), lock_class.name));
	}

	/* Moving hands the srcu_struct over: guards point at it, not here. */
	SrcuDomain(SrcuDomain &&other) : ssp_(exchange(other.ssp_, nullptr)) {}
	SrcuDomain &operator=(SrcuDomain &&) = delete;
	SrcuDomain(const SrcuDomain &) = delete;
	SrcuDomain &operator=(const SrcuDomain &) = delete;

	/*
	 * Waits for the domain's callbacks, then frees it.  A reader still
	 * inside (on any thread) or an SrcuBox of it still owned would be left
	 * pointing at freed memory: then the srcu_struct is leaked instead, with
	 * a report, and the module's exit still waits for its callbacks.
	 */
	~SrcuDomain()
	{
		if (struct srcu_struct *ssp = exchange(ssp_, nullptr))
			release(ssp);
	}

	/* The srcu_struct, for kxx's own types (SrcuBox, Srcu<P>). */
	struct srcu_struct *raw() const { return checked(); }

private:
	explicit SrcuDomain(struct srcu_struct *ssp) : ssp_(ssp) {}

	/*
	 * The destructor's work, out of line and given the srcu_struct alone:
	 * the domain's own address then never leaves its owner's frame, so a
	 * compiler keeps ssp_ in a register across a loop of read_lock()s.
	 */
	[[gnu::noinline]] static void release(struct srcu_struct *ssp)
	{
		kxx_might_sleep();
		if (kxx_srcu_readers_active(ssp)) {
			KXX_WARN_MISUSE("kxx::SrcuDomain destroyed with a reader inside: leaked");
			return;
		}
		kxx_srcu_barrier(ssp);
		if (kxx_srcu_users(ssp))
			kxx_rcu_barrier(); // boxes whose destructors kxx runs in process context
		if (kxx_srcu_users(ssp)) {
			KXX_WARN_MISUSE("kxx::SrcuDomain destroyed while SrcuBoxes or Srcu pointers "
					"of it live: leaked");
			return;
		}
		// SAFETY: no reader inside, no box left to queue a callback, and
		// the barrier ran every callback queued before.
		kxx_srcu_destroy(ssp);
	}

	static Result<SrcuDomain> made(struct srcu_struct *ssp)
	{
		if (!ssp)
			return code::ENOMEM;
		// INVARIANT: initialised, owned only here.
		return SrcuDomain(ssp);
	}

	struct srcu_struct *checked() const
	{
		if (__builtin_expect(!ssp_, 0))
			kxx_bug("use of a moved-from kxx::SrcuDomain");
		return ssp_;
	}

	struct srcu_struct *ssp_;
};

} // namespace kxx

#endif /* KXX_RCU_SRCU_H */
