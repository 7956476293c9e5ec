// proves: an XArray lock guard cannot be copied (the lock would be released twice)
// expect: use of deleted function .*Guard
// expect-clang: call to deleted constructor of .*Guard
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Box<int>> &xa)
{
	auto guard = xa.lock();
#ifndef KXX_CONTROL
	auto copy = guard;
#endif
}
