// proves: a Range from Guard::entries() cannot be returned out of the scope of its Guard
// expect: address of stack memory associated with local variable 'guard' returned
#include <kxx/kxx.h>

[[maybe_unused]] static unsigned long f(kxx::XArray<kxx::Box<int>> &xa)
{
	auto guard = xa.lock();
	unsigned long n = 0;
	for (auto e : guard.entries())
		n += e.index;
	return n;
}

#ifndef KXX_CONTROL
[[maybe_unused]] static auto g(kxx::XArray<kxx::Box<int>> &xa)
{
	auto guard = xa.lock();
	return guard.entries();
}
#endif
