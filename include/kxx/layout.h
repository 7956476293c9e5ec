/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/layout.h - the target kernel's sizes and constants, for C++.
 *
 * The numbers come from generated/kxx_layout.h, which Kbuild writes from the
 * kernel headers of the kernel being built against (see kxx/layout.def).
 * Kernel structs that kxx embeds are held in `Opaque<Size, Align>` storage of
 * exactly that size and alignment: `struct xarray` is 80 bytes with lockdep
 * and 16 without, and guessing either one corrupts memory.
 */
#ifndef KXX_LAYOUT_H
#define KXX_LAYOUT_H

#include <kxx/utility.h>
#include <kxx_layout.h>

namespace kxx::layout {

/* One entry of the table, for tests that compare C++ and C at run time. */
struct Entry {
	const char *name;
	unsigned long value;
};

inline constexpr Entry table[] = {
#define KXX_LAYOUT(name, expr) { #name, static_cast<unsigned long>(KXX_##name) },
#include <kxx/layout.def>
#undef KXX_LAYOUT
};

inline constexpr unsigned int count = sizeof(table) / sizeof(table[0]);

} // namespace kxx::layout

namespace kxx {

/*
 * Raw storage for a kernel struct that C++ owns but never looks inside.  Only
 * the shims interpret it, through a pointer they cast back to the real type.
 */
template <size_t Size, size_t Align> struct alignas(Align) Opaque {
	unsigned char bytes[Size];
};

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

	struct lock_class_key *raw()
	{
		// SAFETY: sized and aligned as the kernel's struct (above).
		return reinterpret_cast<struct lock_class_key *>(&storage);
	}

	Opaque<(KXX_SIZEOF_LOCK_CLASS_KEY ? KXX_SIZEOF_LOCK_CLASS_KEY : 1),
	       KXX_ALIGNOF_LOCK_CLASS_KEY>
	    storage;
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

/* The storage C++ gives each embedded kernel struct is exactly the kernel's. */
static_assert(sizeof(Opaque<KXX_SIZEOF_XARRAY, KXX_ALIGNOF_XARRAY>) == KXX_SIZEOF_XARRAY);
static_assert(alignof(Opaque<KXX_SIZEOF_XARRAY, KXX_ALIGNOF_XARRAY>) == KXX_ALIGNOF_XARRAY);
static_assert(sizeof(Opaque<KXX_SIZEOF_XA_STATE, KXX_ALIGNOF_XA_STATE>) == KXX_SIZEOF_XA_STATE);
static_assert(sizeof(Opaque<KXX_SIZEOF_SPINLOCK, KXX_ALIGNOF_SPINLOCK>) == KXX_SIZEOF_SPINLOCK);
static_assert(sizeof(Opaque<KXX_SIZEOF_REFCOUNT, KXX_ALIGNOF_REFCOUNT>) == KXX_SIZEOF_REFCOUNT);
static_assert(sizeof(Opaque<KXX_SIZEOF_RCU_HEAD, KXX_ALIGNOF_RCU_HEAD>) == KXX_SIZEOF_RCU_HEAD);

static_assert(sizeof(void *) == KXX_SIZEOF_POINTER, "kxx: C++ and C disagree on pointer size");

} // namespace kxx

#endif /* KXX_LAYOUT_H */
