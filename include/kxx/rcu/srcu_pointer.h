/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/rcu/srcu_pointer.h - Srcu<P>: an SRCU-protected owning pointer.
 *
 * Wraps:     <linux/srcu.h> (srcu_dereference, synchronize_srcu) through
 *            src/srcu.c; the writers' lock and rcu_assign_pointer() are
 *            Rcu<P>'s (rcu/pointer.h).
 * Types:     Srcu<P, RcuWriters> is Rcu<P, RcuWriters, detail::SrcuFlavour>:
 *            Rcu's writer model (replace, copy_update, Writer, RcuOld) over
 *            the readers and grace periods of one SrcuDomain, given at
 *            construction.  detail::SrcuFlavour holds the domain's
 *            srcu_struct and counts as one of its users, so the domain is not
 *            freed under it (a report and a leak instead).  Invariants: those
 *            of Rcu<P>; dereference() takes an SrcuReadGuard, and one of
 *            another domain reads nothing, with a report (PROVE_RCU also
 *            checks srcu_dereference()).  A replaced SrcuBox of the same
 *            domain is dropped at once (its free waits for the readers);
 *            any other old value waits for synchronize_srcu() when dropped,
 *            and inside the domain's own read section cannot, so it is
 *            reported and handed to an SrcuBox instead (leaked without
 *            memory), never freed under a reader.
 * Contexts:  dereference(): under an SrcuReadGuard of the domain (readers may
 *            sleep).  Writers: as Rcu<P>'s.  Dropping an RcuOld that waits:
 *            process context, outside the domain's read sections.
 * Promises:  docs/soundness.md, "2. Borrows" (Srcu rows) and "4. Contexts".
 * Tests:     kunit/srcu_pointer_test.cpp (kxx_srcu_pointer:
 *            replaced_under_sleeping_readers,
 *            guard_of_another_domain_reads_nothing,
 *            old_dropped_inside_own_section_is_not_freed_under_reader,
 *            domain_outlives_its_pointers); compile-fail:
 *            srcu_dereference_rcu_guard, srcu_dereference_temporary_guard,
 *            srcu_pointer_of_temporary_domain.
 */
#ifndef KXX_RCU_SRCU_POINTER_H
#define KXX_RCU_SRCU_POINTER_H

#include <kxx/core/misuse.h>
#include <kxx/rcu/pointer.h>
#include <kxx/rcu/srcu.h>
#include <kxx/rcu/srcu_box.h>

namespace kxx {
namespace detail {

/* The SRCU flavour of Rcu<P> (rcu/flavour.h lists what a flavour has). */
struct SrcuFlavour {
	using ReadGuard = SrcuReadGuard;
	static constexpr bool rcu = false;
	static constexpr const char name[] = "kxx::Srcu<";

	// INVARIANT: ssp_ is a live domain's srcu_struct, counted as a user
	// for as long as this flavour object lives.
	template <srcu_domain Domain>
	SrcuFlavour(const Domain &domain) : ssp_(domain.raw())
	{
		kxx_srcu_get(ssp_);
	}
	/* A temporary domain would end at once, leaked under the pointer it counts. */
	template <srcu_domain Domain> SrcuFlavour(const Domain &&domain) = delete;
	SrcuFlavour(const SrcuFlavour &other) : ssp_(other.ssp_) { kxx_srcu_get(ssp_); }
	SrcuFlavour &operator=(const SrcuFlavour &) = delete;
	~SrcuFlavour() { kxx_srcu_put(ssp_); }

	template <class P> static constexpr bool may_self_free = srcu_freed_v<P>;
	/* An SrcuBox of this domain: its own free waits for our readers. */
	template <class P> bool self_frees(void *p) const
	{
		if constexpr (srcu_freed_v<P>) {
			if (__builtin_expect(P::domain_of(p) == ssp_, 1))
				return true;
			KXX_WARN_MISUSE("an SrcuBox of another domain left a kxx::Srcu: its free does "
					"not wait for this domain's readers, so this waits first");
		}
		return false;
	}

	template <class P> using ReaderBorrowed = typename ForeignOwnable<P>::Borrowed;
	template <class P> static ReaderBorrowed<P> reader_borrow(void *p)
	{
		return ForeignOwnable<P>::borrow(p);
	}

	void *dereference(void *const *slot, const SrcuReadGuard &guard) const
	{
		if (__builtin_expect(guard.ssp_ != ssp_, 0)) {
			KXX_WARN_MISUSE("kxx::Srcu read under a read guard of another domain: "
					"nothing read");
			return nullptr;
		}
		return kxx_srcu_dereference(slot, ssp_);
	}

	/*
	 * synchronize_srcu(), then drops @p.  Inside the domain's own read
	 * section that would wait for itself: reported, and @p is handed to
	 * an SrcuBox (GFP_ATOMIC) whose free waits for the readers instead;
	 * without memory it is leaked, never freed under a reader.
	 */
	template <class P> void drop_after_grace(void *p) const
	{
		if (__builtin_expect(kxx_srcu_read_held(ssp_), 0)) {
			KXX_WARN_MISUSE("an old value of a kxx::Srcu dropped inside its domain's "
					"read section: it cannot wait for itself; freed later");
			P owner = ForeignOwnable<P>::from_foreign(p);
			auto later = SrcuBox<P>::make_in(ssp_, GFP_ATOMIC, move(owner));
			if (later.is_err()) // moved only on success: leak it again
				(void)ForeignOwnable<P>::into_foreign(move(owner));
			return;
		}
		kxx_synchronize_srcu(ssp_);
		ForeignOwnable<P>::from_foreign(p);
	}

	struct srcu_struct *ssp_;
};

} // namespace detail

/*
 * An SRCU-protected owning pointer: Rcu<P>'s writers over an SrcuDomain's
 * readers.  Srcu<RcuBox<T>> gains nothing over Srcu<Box<T>>: an RCU grace
 * period does not wait for SRCU readers, so only SrcuBox frees itself here.
 */
template <foreign_ownable P, RcuWriters Writers = RcuWriters::Mutex>
using Srcu = Rcu<P, Writers, detail::SrcuFlavour>;

} // namespace kxx

#endif /* KXX_RCU_SRCU_POINTER_H */
