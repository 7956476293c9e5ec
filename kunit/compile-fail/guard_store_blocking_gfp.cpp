// proves: under a Guard only non-blocking gfps compile: GFP_KERNEL would let the kernel drop the lock (and on LockIrq arrays turn interrupts on) to allocate
// expect: error: cannot convert .const kxx::BlockingGfp. to .kxx::AtomicGfp.
// expect-clang: no viable conversion from .*Gfp.* to .*AtomicGfp
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Box<int>, kxx::XaFlags::LockIrq> &xa,
			       kxx::Box<int> a, kxx::Box<int> b, kxx::Box<int> c)
{
	auto outside = xa.store(0, kxx::move(a), kxx::GFP_KERNEL); // takes the lock itself: fine
	auto guard = xa.lock();
	auto inside = guard.store(1, kxx::move(b), kxx::GFP_ATOMIC | kxx::GFP_NOWARN);
#ifndef KXX_CONTROL
	auto blocking = guard.store(2, kxx::move(c), kxx::GFP_KERNEL);
#endif
}
