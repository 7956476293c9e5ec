// proves: a borrow from Guard::get() cannot be returned out of the scope of its Guard ([[clang::lifetimebound]])
// expect: address of stack memory associated with local variable 'guard' returned
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::XArray<kxx::Box<int>> &xa)
{
	auto guard = xa.lock();
	const int *p = guard.get(0);
	return p ? *p : 0;
}

#ifndef KXX_CONTROL
[[maybe_unused]] static const int *g(kxx::XArray<kxx::Box<int>> &xa)
{
	auto guard = xa.lock();
	return guard.get(0);
}
#endif
