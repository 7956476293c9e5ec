/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/xarray/static.h - StaticXArray: an XArray initialised at compile time.
 *
 * Wraps:     <linux/xarray.h> (DEFINE_XARRAY_FLAGS: its static initialiser,
 *            byte for byte, from the layout header's offsets).
 * Types:     StaticXArray<P, Flags> = XArray<P, Flags, true> (its consteval
 *            constructor and exit() are in xarray/xarray.h);
 *            detail::xa_static_storage<Flags>(), the bytes.  Invariant: a
 *            StaticXArray has static storage duration (its constructor is given
 *            its own address, a constant only there) and self_ is that address.
 * Contexts:  exit() from the module's exit, in process context.
 * Promises:  docs/soundness.md, "3. Locking" (the StaticXArray row) and "5. The
 *            unsafe edge" (another object's address).
 * Tests:     kunit/xarray_static_test.cpp
 *            (kxx_xarray_static.bytes_match_define_xarray,
 *            kxx_xarray_static.used_and_emptied_at_exit); compile-fail:
 *            static_xarray_local, static_xarray_in_local_struct,
 *            static_xarray_null_address, static_xarray_without_address.
 */
#ifndef KXX_XARRAY_STATIC_H
#define KXX_XARRAY_STATIC_H

#include <kxx/core/layout.h>
#include <kxx/foreign/ownable.h>
#include <kxx/xarray/flags.h>

namespace kxx {

template <foreign_ownable P, XaFlags Fixed, bool Static> class XArray;

/*
 * An XArray at namespace scope with no constructor at load and no
 * destructor at unload, as C's DEFINE_XARRAY_FLAGS():
 *
 *   constinit StaticXArray<Box<Foo>, XaFlags::Alloc1> foo_ids{ &foo_ids };
 *   ...
 *   static void __exit foo_exit(void) { foo_ids.exit(); }
 *
 * Its lock is a lockdep class of its own, named after the symbol.  Only
 * with static storage duration (namespace scope, a static member or a
 * function-local static): its own address must be a constant.
 *
 * It is initialised at compile time, as C's DEFINE_XARRAY_FLAGS() is,
 * byte for byte what the kernel's static initialiser writes (the layout
 * header has each field), except the lock's name: lockdep then names its
 * class after the array's symbol.  No constructor runs and none is
 * registered to run at exit: the module's exit calls exit(), which drops
 * every entry.  Its consteval constructor is given its own address, which
 * only an object of static storage duration has as a constant: a local
 * one, or one inside an Option, Box or local struct (whose trivial
 * destructor would let it die with entries, nodes and Reservations left)
 * does not compile.
 */
template <foreign_ownable P, XaFlags Flags = XaFlags::None>
using StaticXArray = XArray<P, Flags, true>;

namespace detail {
/* The bytes of DEFINE_XARRAY_FLAGS(name, Fixed), but a null name. */
template <XaFlags Fixed>
consteval Opaque<KXX_SIZEOF_XARRAY, KXX_ALIGNOF_XARRAY> xa_static_storage()
{
	Opaque<KXX_SIZEOF_XARRAY, KXX_ALIGNOF_XARRAY> s{};
	auto put = [&s](unsigned long offset, unsigned long v, unsigned int size) {
		for (unsigned int i = 0; i < size; i++)
			s.bytes[offset + i] = static_cast<unsigned char>(v >> (8 * i));
	};
	put(KXX_XA_OFFSET_FLAGS, static_cast<unsigned int>(Fixed), sizeof(unsigned int));
	if (KXX_XA_INIT_SPIN_DEBUG) {
		put(KXX_XA_INIT_MAGIC_OFFSET, KXX_XA_INIT_MAGIC, 4);
		put(KXX_XA_INIT_OWNER_CPU_OFFSET, ~0u, 4);
		put(KXX_XA_INIT_OWNER_OFFSET, ~0ul, sizeof(void *));
	}
	if (KXX_XA_INIT_LOCKDEP)
		put(KXX_XA_INIT_WAIT_INNER_OFFSET, KXX_XA_INIT_WAIT_INNER, 1);
	return s;
}
} // namespace detail

} // namespace kxx

#endif /* KXX_XARRAY_STATIC_H */
