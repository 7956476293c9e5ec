// proves: an AtomicGfp cannot be forged from a blocking gfp's bits (Guard operations would let the kernel drop the lock to allocate)
// expect: error: .constexpr kxx::AtomicGfp::AtomicGfp\(unsigned int\). is private within this context
// expect-clang: error: calling a private constructor of class .kxx::AtomicGfp.
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Box<int>> &xa, kxx::Box<int> a, kxx::Box<int> b)
{
	auto guard = xa.lock();
	auto ok = guard.store(0, kxx::move(a), kxx::GFP_ATOMIC | kxx::GFP_NOWARN);
#ifndef KXX_CONTROL
	auto forged = guard.store(1, kxx::move(b), kxx::AtomicGfp{ kxx::GFP_KERNEL.bits() });
#endif
}
