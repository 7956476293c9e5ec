// SPDX-License-Identifier: GPL-2.0
/*
 * The whole C++ runtime kxx needs, and all that a kxx module may use:
 *
 *  - operator delete (sized and unsized): a virtual destructor's deleting
 *    variant calls it, so `delete base` on an object that a kxx owner
 *    allocated with kmalloc frees it with kfree;
 *  - __cxa_pure_virtual: a call through a vtable slot of an abstract class
 *    is a bug, and stops the kernel the way BUG() does;
 *  - with KCSAN (the compiler's thread sanitizer), its vtable-pointer hooks.
 *
 * There is no allocating operator new (allocation is fallible and goes
 * through Box<T>::make() and friends), no exception or RTTI support, and no
 * support for global constructors: kbuild/check-freestanding.sh enforces all
 * of it on every C++ object.
 */
#include <kxx/bindings.h>
#include <kxx/utility.h>

void operator delete(void *ptr) noexcept
{
	kxx_kfree(ptr);
}

void operator delete(void *ptr, kxx::size_t) noexcept
{
	kxx_kfree(ptr);
}

extern "C" void __cxa_pure_virtual();
extern "C" void __cxa_pure_virtual()
{
	kxx_bug("pure virtual function called");
}

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define KXX_TSAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__) || defined(KXX_TSAN)
/*
 * GCC's thread sanitizer (KCSAN's instrumentation) reports each store of a
 * vtable pointer, which C++ makes in constructors and destructors, through
 * these; the kernel, whose C has no vtables, has none.  A constructor or
 * destructor runs before or after the object is shared, so there is no
 * race to watch: nothing to do.
 */
extern "C" void __tsan_vptr_update(void **vptr_p, void *new_val);
extern "C" void __tsan_vptr_update(void **, void *)
{
}
extern "C" void __tsan_vptr_read(void **vptr_p);
extern "C" void __tsan_vptr_read(void **)
{
}
#endif
