// proves: Rcu::dereference's borrow cannot be returned out of the scope of its read guard
// expect: address of stack memory associated with local variable 'g' returned
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::Rcu<kxx::Box<int>> &r)
{
	auto g = kxx::rcu::read_lock();
	const int *p = r.dereference(g);
	return p ? *p : 0;
}

#ifndef KXX_CONTROL
[[maybe_unused]] static const int *h(kxx::Rcu<kxx::Box<int>> &r)
{
	auto g = kxx::rcu::read_lock();
	return r.dereference(g);
}
#endif
