// SPDX-License-Identifier: GPL-2.0
/*
 * The whole C++ runtime kxx needs, and all that a kxx module may use:
 *
 *  - operator delete (sized and unsized): a virtual destructor's deleting
 *    variant calls it, so `delete base` on an object that a kxx owner
 *    allocated with kmalloc frees it with kfree;
 *  - __cxa_pure_virtual: a call through a vtable slot of an abstract class
 *    is a bug, and stops the kernel the way BUG() does.
 *
 * There is no allocating operator new (allocation is fallible and goes
 * through Box<T>::make() and friends), no exception or RTTI support, and no
 * support for global constructors: scripts/check-freestanding.sh enforces all
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
