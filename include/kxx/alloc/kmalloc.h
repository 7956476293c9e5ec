/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kxx/alloc/kmalloc.h - construct a T in kmalloc'd memory, and destroy it.
 *
 * Wraps:     <linux/slab.h> (kmalloc, kfree) through src/core.c.
 * Types:     none: detail::alloc_size<T>() (a size kmalloc aligns for T),
 *            detail::kmalloc_new<T>(gfp, args...) (null on failure; a T larger
 *            than KMALLOC_MAX_SIZE does not compile) and
 *            detail::kfree_delete(p).  What Box, Arc, RcuBox and the RCU frees
 *            are built on.
 * Promises:  docs/soundness.md, "1. Ownership" (a T too large for its allocator
 *            does not compile).
 * Tests:     kunit/alloc_test.cpp (kxx_box.over_aligned_type_is_aligned,
 *            kxx_box.allocation_failure_is_enomem); compile-fail:
 *            box_larger_than_kmalloc.
 */
#ifndef KXX_ALLOC_KMALLOC_H
#define KXX_ALLOC_KMALLOC_H

#include <kxx/alloc/gfp.h>
#include <kxx/bindings.h>
#include <kxx/core/layout.h>
#include <kxx/core/move.h>
#include <kxx/core/new.h>

namespace kxx::detail {

/*
 * kmalloc guarantees ARCH_KMALLOC_MINALIGN, and natural alignment for
 * power-of-two sizes.  For an over-aligned T, ask for a power-of-two size of
 * at least alignof(T), so the memory is aligned for T.
 */
template <class T> constexpr unsigned long alloc_size()
{
	unsigned long size = sizeof(T);

	if (alignof(T) <= KXX_KMALLOC_MINALIGN)
		return size;
	unsigned long pow2 = alignof(T);
	while (pow2 < size)
		pow2 <<= 1;
	return pow2;
}

/*
 * The target kernel's kmalloc_index(size) for 1 <= size <= 8 KiB, as a
 * constant: kmalloc_index() changes value only at the sizes layout.def
 * evaluates it at, so it is the value at the first of them >= size.
 * kxx_box.kmalloc_index_matches_the_kernel compares every size.
 */
constexpr unsigned long kmalloc_table_max = 8192;
constexpr unsigned int kmalloc_index_of(unsigned long size)
{
	if (size <= KXX_KMALLOC_MIN_SIZE)
		return KXX_KMALLOC_INDEX_MIN;
	constexpr struct {
		unsigned long bound;
		unsigned int index;
	} table[] = { { 8, KXX_KMALLOC_INDEX_8 },       { 16, KXX_KMALLOC_INDEX_16 },
		      { 32, KXX_KMALLOC_INDEX_32 },     { 64, KXX_KMALLOC_INDEX_64 },
		      { 96, KXX_KMALLOC_INDEX_96 },     { 128, KXX_KMALLOC_INDEX_128 },
		      { 192, KXX_KMALLOC_INDEX_192 },   { 256, KXX_KMALLOC_INDEX_256 },
		      { 512, KXX_KMALLOC_INDEX_512 },   { 1024, KXX_KMALLOC_INDEX_1024 },
		      { 2048, KXX_KMALLOC_INDEX_2048 }, { 4096, KXX_KMALLOC_INDEX_4096 },
		      { 8192, KXX_KMALLOC_INDEX_8192 } };
	for (const auto &entry : table)
		if (size <= entry.bound)
			return entry.index;
	return 0;
}

/*
 * kmalloc(size) for a constant size: from its cache, as C's kmalloc() of a
 * constant does (under Clang too), or the general path for a size no cache
 * serves.
 */
template <unsigned long size> void *kmalloc_constant(unsigned int gfp)
{
	if constexpr (size <= kmalloc_table_max && size <= KXX_KMALLOC_MAX_CACHE_SIZE) {
		constexpr unsigned int index = kmalloc_index_of(size);
		return kxx_kmalloc_cache(index, size, gfp);
	} else {
		return kxx_kmalloc(size, gfp);
	}
}

/* Allocates and constructs a T; null on allocation failure. */
template <class T, class... Args> T *kmalloc_new(Gfp gfp, Args &&...args)
{
	static_assert(alloc_size<T>() <= KXX_KMALLOC_MAX_SIZE,
		      "this T is larger than kmalloc() can allocate (KMALLOC_MAX_SIZE): the page "
		      "allocator would warn and fail; allocate its parts separately");
	void *mem = kmalloc_constant<alloc_size<T>()>(gfp.bits());
	if (!mem)
		return nullptr;
	// SAFETY: mem is a fresh allocation of at least sizeof(T) bytes,
	// aligned for T (see alloc_size()).
	return new (mem) T(forward<Args>(args)...);
}

/* Destroys and frees a T that kmalloc_new() made. */
template <class T> void kfree_delete(T *p)
{
	p->~T();
	kxx_kfree(p);
}

} // namespace kxx::detail

#endif /* KXX_ALLOC_KMALLOC_H */
