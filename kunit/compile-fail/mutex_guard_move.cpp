// proves: a Mutex Guard cannot be moved out of its scope (the mutex's extent is the scope)
// expect: use of deleted function .*Guard
// expect-clang: call to deleted constructor of .*Guard
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::Mutex<int> &m)
{
	auto guard = m.lock();
	*guard = 1;
#ifndef KXX_CONTROL
	auto moved = kxx::move(guard);
#endif
}
