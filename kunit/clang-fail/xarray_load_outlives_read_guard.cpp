// proves: a lockless XArray::load() borrow cannot be returned out of the scope of its read guard
// expect: address of stack memory associated with local variable 'g' returned
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::XArray<kxx::RcuBox<int>> &xa)
{
	auto g = kxx::rcu::read_lock();
	const int *p = xa.load(g, 1);
	return p ? *p : 0;
}

#ifndef KXX_CONTROL
[[maybe_unused]] static const int *h(kxx::XArray<kxx::RcuBox<int>> &xa)
{
	auto g = kxx::rcu::read_lock();
	return xa.load(g, 1);
}
#endif
