/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/xarray/lock.h - how an XArray takes its lock: the flavour its flags name.
 *
 * Wraps:     <linux/xarray.h> (xa_lock, xa_lock_irqsave, xa_lock_bh, xa_trylock
 *            and their unlocks, the _nested forms, xa_init_flags) through
 *            src/xarray.c.
 * Types:     detail::XaLock<P, Fixed, Static>, a base of XArray
 *            (xarray/xarray.h) with no state of its own: the lock's flavour
 *            (plain, irqsave or _bh, as the flags say: a constant when the
 *            flags are in the type, one test when they are chosen at run time),
 *            its lockdep class (init, init_at) and the check that the flags do
 *            not name two flavours.  Invariant: an array's lock is taken and
 *            released in one flavour; irqs_on_marker is the irq_flags of a
 *            LockIrq lock taken with xa_lock_irq() (XArray::lock_for()).
 * Contexts:  plain: process context and softirqs only if every user is there;
 *            LockBh: not in hard interrupts; LockIrq: any.
 * Promises:  docs/soundness.md, "3. Locking" (every access holds the lock in
 *            the flavour its flags name; conflicting run-time flags; lock
 *            classes; lock_nested) and "4. Contexts" (the Guard rows; Interrupt
 *            state).
 * Tests:     kunit/xarray_lock_test.cpp (kxx_xarray:
 *            lock_flavours_follow_flags, lock_flavours_fixed_in_the_type,
 *            conflicting_lock_flags_become_irq, try_lock_fails_while_held,
 *            irq_array_used_from_hardirq, fixed_irq_array_used_from_hardirq,
 *            bh_locks_inside_irqs_off_sections_keep_them_off,
 *            lock_classes_are_named_after_their_declaration,
 *            arrays_of_one_class_nested); compile-fail:
 *            xarray_fixed_irq_and_bh.
 */
#ifndef KXX_XARRAY_LOCK_H
#define KXX_XARRAY_LOCK_H

#include <kxx/bindings.h>
#include <kxx/core/misuse.h>
#include <kxx/core/type_name.h>
#include <kxx/foreign/ownable.h>
#include <kxx/sync/lock_class.h>
#include <kxx/xarray/flags.h>

namespace kxx {

template <foreign_ownable P, XaFlags Fixed, bool Static> class XArray;

namespace detail {

/*
 * The lock half of XArray<P, Fixed, Static>, which derives from it
 * (privately: Guard and the cursors reach it as XArray's own).  It reads
 * the array's storage and flags through the derived class.
 */
template <foreign_ownable P, XaFlags Fixed, bool Static> class XaLock {
	using Array = XArray<P, Fixed, Static>;
	static constexpr bool fixed = Fixed != xa_runtime_flags;

protected:
	/* irq_flags of a LockIrq lock taken with xa_lock_irq() (XArray::lock_for). */
	static constexpr unsigned long irqs_on_marker = ~0ul;

	/*
	 * An array's lock is _irq or _bh, not both: the kernel would unlock
	 * a blocking allocation's lock plainly, with interrupts still off.
	 * Reported; the array is LockIrq (the stricter one).
	 */
	static XaFlags checked(XaFlags flags)
	{
		if (__builtin_expect(has_flag(flags, XaFlags::LockIrq) &&
					     has_flag(flags, XaFlags::LockBh),
				     0)) {
			KXX_WARN_MISUSE("XArray flags LockIrq and LockBh together");
			return static_cast<XaFlags>(static_cast<unsigned int>(flags) &
						    ~static_cast<unsigned int>(XaFlags::LockBh));
		}
		return flags;
	}

	/*
	 * Lock classes.  Lockdep sees one lock class per place an array is
	 * declared (and lock flavour: plain, irq, bh), as C's xa_init() gets
	 * one per call site, named after the type and that place
	 * ("kxx::XArray<kxx::Box<Foo>> (irq, foo.cpp:42)"): arrays of one type
	 * used in different contexts, or held together, are told apart.
	 * @lock_class names another: KXX_LOCK_CLASS("what") for a name of the
	 * driver's own, or one class shared by several places.  Arrays made at
	 * one place (in a loop, by one Box::make() line) share its class; hold
	 * two of them at once with lock_nested().
	 *
	 *   XArray<Box<Foo>> a, b;                        // two classes
	 *   XArray<Box<Foo>, XaFlags::Alloc> ids(KXX_LOCK_CLASS("foo ids"));
	 */
	void init(LockClassKey &lock_class)
	{
		// INVARIANT: initialised, and empty.
		kxx_xa_init(raw(), static_cast<unsigned int>(flags()), lock_class.raw(),
			    lock_class.name);
	}

	/*
	 * With fixed flags the lock flavour is a constant and each Guard
	 * compiles to the one lock call C would make.  With run-time flags
	 * it is one test, with the plain lock as the expected path.
	 */
	bool plain_lock() const
	{
		constexpr unsigned int special = static_cast<unsigned int>(XaFlags::LockIrq) |
						 static_cast<unsigned int>(XaFlags::LockBh);
		if constexpr (fixed)
			return (static_cast<unsigned int>(Fixed) & special) == 0;
		else
			return __builtin_expect((static_cast<unsigned int>(array().flags_) & special) == 0, 1);
	}
	/*
	 * The plain lock is the inline fast path.  The _irq and _bh flavours
	 * are inline too when the flags are fixed, and out of line (cold) when
	 * they are chosen at run time, so a Guard stays small enough for the
	 * compiler to inline every operation around it.  LockIrq arrays use
	 * the irqsave form, so a Guard is right in any context: process
	 * context, or an interrupt handler (where the _irq form would wrongly
	 * re-enable interrupts on unlock).  Returns the state to restore.
	 */
	unsigned long lock_raw()
	{
		if (plain_lock()) {
			kxx_xa_lock(raw());
			return 0;
		}
		if constexpr (fixed)
			return lock_special();
		else
			return lock_flavoured();
	}
	[[gnu::noinline]] unsigned long lock_nested_raw(unsigned int subclass)
	{
		if (plain_lock()) {
			kxx_xa_lock_nested(raw(), subclass);
			return 0;
		}
		if (has_flag(flags(), XaFlags::LockIrq))
			return kxx_xa_lock_irqsave_nested(raw(), subclass);
		kxx_xa_lock_bh_nested(raw(), subclass);
		return 0;
	}
	bool trylock_raw(unsigned long &irq_flags)
	{
		if (plain_lock())
			return kxx_xa_trylock(raw());
		if constexpr (fixed)
			return trylock_special(irq_flags);
		else
			return trylock_flavoured(irq_flags);
	}
	void unlock_raw(unsigned long irq_flags)
	{
		if (plain_lock())
			kxx_xa_unlock(raw());
		else if constexpr (fixed)
			unlock_special(irq_flags);
		else
			unlock_flavoured(irq_flags);
	}

	/* The _irq (irqsave) and _bh flavours, as the flags say. */
	unsigned long lock_special()
	{
		if (has_flag(flags(), XaFlags::LockIrq))
			return kxx_xa_lock_irqsave(raw());
		kxx_xa_lock_bh(raw());
		return 0;
	}
	bool trylock_special(unsigned long &irq_flags)
	{
		if (has_flag(flags(), XaFlags::LockIrq))
			return kxx_xa_trylock_irqsave(raw(), &irq_flags);
		return kxx_xa_trylock_bh(raw());
	}
	void unlock_special(unsigned long irq_flags)
	{
		if (!has_flag(flags(), XaFlags::LockIrq))
			kxx_xa_unlock_bh(raw());
		else if (__builtin_expect(irq_flags == irqs_on_marker, 0))
			kxx_xa_unlock_irq(raw());
		else
			kxx_xa_unlock_irqrestore(raw(), irq_flags);
	}
	[[gnu::noinline, gnu::cold]] unsigned long lock_flavoured() { return lock_special(); }
	[[gnu::noinline, gnu::cold]] bool trylock_flavoured(unsigned long &irq_flags)
	{
		return trylock_special(irq_flags);
	}
	[[gnu::noinline, gnu::cold]] void unlock_flavoured(unsigned long irq_flags)
	{
		unlock_special(irq_flags);
	}

	/* init() with the class of the declaration @at, for @flags' lock flavour. */
	[[gnu::noinline]] void init_at(XaFlags flags, detail::Here at)
	{
		constexpr const char *type =
		    detail::Join<detail::Lit<"kxx::XArray<">, detail::TypeName<P>,
				 detail::Lit<">">>::value.s;
		const char *flavour = has_flag(flags, XaFlags::LockIrq)  ? "irq"
				      : has_flag(flags, XaFlags::LockBh) ? "bh"
									 : nullptr;
		const char *name;
		auto *key =
		    kxx_site_lock_class(type, flavour, at.file, at.line, &name);
		// INVARIANT: initialised, and empty.
		kxx_xa_init(raw(), static_cast<unsigned int>(this->flags()), key, name);
	}

private:
	const Array &array() const { return static_cast<const Array &>(*this); }
	struct xarray *raw() const { return array().raw(); }
	XaFlags flags() const { return array().flags(); }
};

} // namespace detail

} // namespace kxx

#endif /* KXX_XARRAY_LOCK_H */
