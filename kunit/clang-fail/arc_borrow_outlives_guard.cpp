// proves: an ArcBorrow cannot be returned out of the scope of the Guard it came from (clone() it instead)
// expect: address of stack memory associated with local variable 'guard' returned
#include <kxx/kxx.h>

[[maybe_unused]] static kxx::Arc<int> f(kxx::XArray<kxx::Arc<int>> &xa)
{
	auto guard = xa.lock();
	return guard.get(0).clone(); // an owned reference: fine
}

#ifndef KXX_CONTROL
[[maybe_unused]] static kxx::ArcBorrow<int> g(kxx::XArray<kxx::Arc<int>> &xa)
{
	auto guard = xa.lock();
	return guard.get(0);
}
#endif
