// proves: a Guard in an Option (try_lock) cannot be ended early with reset(): irqsave sections end in the reverse order of their start
// expect: use of deleted function .*reset
// expect-clang: call to deleted member function 'reset'
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Box<int>, kxx::XaFlags::LockIrq> &a,
			       kxx::XArray<kxx::Box<int>, kxx::XaFlags::LockIrq> &b)
{
	kxx::Option<kxx::XArray<kxx::Box<int>, kxx::XaFlags::LockIrq>::Guard> first = a.try_lock();
	auto second = b.lock();
#ifndef KXX_CONTROL
	first.reset(); // would turn interrupts on while second is held
#endif
}
