// proves: a multi-index store under a Guard takes only a non-blocking gfp, as every Guard operation: GFP_KERNEL would let the kernel drop the lock
// expect: note: +cannot convert .kxx::GFP_KERNEL. \(type .const kxx::BlockingGfp.\) to type .kxx::AtomicGfp.
// expect-clang: no matching member function for call to 'store_order'
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Box<int>> &xa, kxx::Box<int> a, kxx::Box<int> b,
			       kxx::Box<int> c)
{
	auto outside = xa.store_order(0, 2, kxx::move(a), kxx::GFP_KERNEL);
	auto guard = xa.lock();
	auto inside = guard.store_order(4, 2, kxx::move(b), kxx::GFP_ATOMIC);
#ifndef KXX_CONTROL
	auto blocking = guard.store_order(8, 2, kxx::move(c), kxx::GFP_KERNEL);
#endif
}
