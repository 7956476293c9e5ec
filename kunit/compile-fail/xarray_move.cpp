// proves: an XArray cannot be moved (the kernel's nodes point back at it)
// expect: use of deleted function .*XArray
// expect-clang: call to deleted constructor of .*XArray
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Box<int>> &xa)
{
	auto &same = xa;
#ifndef KXX_CONTROL
	kxx::XArray<kxx::Box<int>> moved = kxx::move(xa);
#endif
	(void)same;
}
