// proves: a SpinLock Guard cannot be moved out of its scope (the lock's extent is the scope; irqsave sections end in order)
// expect: use of deleted function .*Guard
// expect-clang: call to deleted constructor of .*Guard
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::SpinLock<int, kxx::SpinFlavour::Irqsave> &s)
{
	auto guard = s.lock();
	*guard = 1;
#ifndef KXX_CONTROL
	auto moved = kxx::move(guard);
#endif
}
