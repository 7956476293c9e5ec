// proves: lockless XArray::load does not compile for Box<T> (xa_load protects the tree, not the object)
// expect: error: no matching function for call to .kxx::XArray<kxx::Box<int> >::load\(kxx::rcu::ReadGuard&, int\)
// expect-clang: no matching member function for call to 'load'
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::RcuBox<int>> &rcu_safe,
			       kxx::XArray<kxx::Box<int>> &plain)
{
	auto g = kxx::rcu::read_lock();
	const int *ok = rcu_safe.load(g, 0);
	(void)ok;
#ifndef KXX_CONTROL
	const int *bad = plain.load(g, 0);
#endif
}
