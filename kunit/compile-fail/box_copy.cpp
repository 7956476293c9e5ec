// proves: a Box cannot be copied, so a kmalloc'd object has exactly one owner
// expect: use of deleted function .*Box
// expect-clang: call to deleted constructor of .*Box
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::Box<int> &b)
{
	kxx::Box<int> moved = kxx::move(b); // moving is the way to transfer
#ifndef KXX_CONTROL
	kxx::Box<int> copy = moved;
#endif
}
