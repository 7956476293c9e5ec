/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/sync/lock_class.h - LockClassKey and KXX_LOCK_CLASS(): lockdep classes.
 *
 * Wraps:     <linux/lockdep_types.h> (struct lock_class_key), used only by the
 *            shims that initialise locks (src/core.c, src/xarray.c).
 * Types:     LockClassKey: static storage for a struct lock_class_key (empty
 *            without lockdep) and the name lockdep shows for the class.
 *            Invariant: every key has static storage duration and one name (its
 *            only constructor is private; detail::lock_class_at() makes one
 *            static key per site type).  detail::Here: where a declaration is
 *            (a default argument's caller's file and line).
 * Promises:  docs/soundness.md, "3. Locking" (a lockdep class key exists only
 *            as static storage; every XArray's lock class is its
 *            declaration's).
 * Tests:     compile-fail: lock_class_key_on_stack,
 *            xarray_declaration_place_forged; kunit/xarray_lock_test.cpp
 *            (kxx_xarray.lock_classes_are_named_after_their_declaration,
 *            kxx_xarray.arrays_of_one_type_in_different_contexts,
 *            kxx_xarray.arrays_of_one_class_nested).
 */
#ifndef KXX_SYNC_LOCK_CLASS_H
#define KXX_SYNC_LOCK_CLASS_H

#include <kxx/core/layout.h>

struct lock_class_key; // the kernel's, at global scope (as in kxx/bindings.h)

namespace kxx {

struct LockClassKey;
namespace detail {
template <class Site> LockClassKey &lock_class_at(Site);
} // namespace detail

/*
 * Static storage for a struct lock_class_key (empty without lockdep, where C
 * gives it size 0 and C++ cannot), with the name lockdep shows for the
 * class.  Only lockdep, through a shim, uses it.  A key and its name go
 * together (lockdep warns when one key is registered under two names), and
 * a key must be static (one on the stack or the heap turns lockdep off), so
 * the only way to make one is KXX_LOCK_CLASS() or detail::lock_class_at().
 */
struct LockClassKey {
	LockClassKey(const LockClassKey &) = delete;
	LockClassKey &operator=(const LockClassKey &) = delete;

	/* The kernel's key, for the shims. */
	struct lock_class_key *raw()
	{
		// SAFETY: sized and aligned as the kernel's struct (above).
		return reinterpret_cast<struct lock_class_key *>(&storage);
	}

	/* The kernel's struct lock_class_key, in place. */
	Opaque<(KXX_SIZEOF_LOCK_CLASS_KEY ? KXX_SIZEOF_LOCK_CLASS_KEY : 1),
	       KXX_ALIGNOF_LOCK_CLASS_KEY>
	    storage;
	/* The class's name, as lockdep prints it. */
	const char *name;

private:
	explicit constexpr LockClassKey(const char *class_name) : storage{}, name(class_name) {}
	template <class Site> friend LockClassKey &detail::lock_class_at(Site);
};

namespace detail {
/*
 * The key of @Site, a captureless callable type whose call returns the
 * class's name as a constant: one static key per type, so per lambda
 * written (KXX_LOCK_CLASS) or per type named (the per-type defaults).
 */
template <class Site> LockClassKey &lock_class_at(Site)
{
	static constinit LockClassKey key{ Site{}() };
	return key;
}

/* Where a declaration is: as a default argument, its caller's file and line. */
struct Here {
	// explicit: a braced list would make one of any pointer (strlen(NULL) under lockdep)
	explicit constexpr Here(const char *file = __builtin_FILE(),
				unsigned int line = __builtin_LINE())
	    : file(file), line(line)
	{}
	const char *file;
	unsigned int line;
};

} // namespace detail

/*
 * KXX_LOCK_CLASS() / KXX_LOCK_CLASS("what"): a lockdep class of its own for
 * the place it is written, named after that place ("file.cpp:42", or "what
 * (file.cpp:42)"), for the constructors that take a LockClassKey&: as
 * Rust's static_lock_class!() and C's DEFINE_XARRAY(name).  Without one, an
 * XArray gets the class of the place it is declared, an Rcu that of its type.
 */
#define KXX_LOCK_CLASS_STR_(x) #x
#define KXX_LOCK_CLASS_AT_(line) __FILE_NAME__ ":" KXX_LOCK_CLASS_STR_(line)
#define KXX_LOCK_CLASS(...)                                                                        \
	(::kxx::detail::lock_class_at([] {                                                         \
		return __VA_OPT__(__VA_ARGS__ " (") KXX_LOCK_CLASS_AT_(__LINE__) __VA_OPT__(")");    \
	}))

} // namespace kxx

#endif /* KXX_SYNC_LOCK_CLASS_H */
