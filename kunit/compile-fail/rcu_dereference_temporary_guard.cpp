// proves: a temporary read guard cannot back a dereference (the borrow would outlive the section)
// expect: use of deleted function .*dereference
// expect-clang: call to deleted member function 'dereference'
#include <kxx/kxx.h>

[[maybe_unused]] static const int *f(kxx::Rcu<kxx::Box<int>> &r)
{
	auto g = kxx::rcu::read_lock();
	const int *ok = r.dereference(g);
#ifndef KXX_CONTROL
	ok = r.dereference(kxx::rcu::read_lock());
#endif
	return ok;
}
