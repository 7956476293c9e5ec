// proves: a SpinLock Guard cannot be copied (the lock would be released twice)
// expect: use of deleted function .*Guard
// expect-clang: call to deleted constructor of .*Guard
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::SpinLock<int> &s)
{
	auto guard = s.lock();
	*guard = 1;
#ifndef KXX_CONTROL
	auto copy = guard;
#endif
}
