// proves: an XArray cannot be copied (it owns its entries; a copy would free them twice)
// expect: use of deleted function .*XArray
// expect-clang: call to deleted constructor of .*XArray
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Box<int>> &xa)
{
	kxx::XArray<kxx::Box<int>> other;
#ifndef KXX_CONTROL
	kxx::XArray<kxx::Box<int>> copy = xa;
#endif
}
