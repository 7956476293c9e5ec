// proves: Rcu::dereference cannot be called without an RCU read guard
// expect: no matching function for call to .*dereference
// expect-clang: no matching member function for call to 'dereference'
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::Rcu<kxx::Box<int>> &r)
{
	auto g = kxx::rcu::read_lock();
	const int *ok = r.dereference(g);
#ifndef KXX_CONTROL
	const int *bad = r.dereference();
#endif
	return ok ? *ok : 0;
}
