// proves: a blocking gfp (GFP_KERNEL, GFP_NOIO) is rejected in an RCU read-side critical section, for XArray's convenience forms too
// expect: cannot call function 'operator Gfp' while atomic context 'atomic_context' is held
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::RcuBox<int>> &xa, kxx::RcuBox<int> v)
{
	auto rg = kxx::rcu::read_lock();
	auto seen = xa.load(rg, 1);
#ifndef KXX_CONTROL
	auto r = xa.store(2, kxx::move(v), kxx::GFP_NOIO);
#endif
}
