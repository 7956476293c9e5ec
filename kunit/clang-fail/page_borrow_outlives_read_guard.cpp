// proves: a PageRef from a lockless XArray<RcuPage>::load() cannot be returned out of the scope of its read guard
// expect: address of stack memory associated with local variable 'g' returned
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::RcuPage> &xa)
{
	auto g = kxx::rcu::read_lock();
	if (kxx::PageRef p = xa.load(g, 1))
		p.zero(0, 8);
}

#ifndef KXX_CONTROL
[[maybe_unused]] static kxx::PageRef h(kxx::XArray<kxx::RcuPage> &xa)
{
	auto g = kxx::rcu::read_lock();
	return xa.load(g, 1);
}
#endif
