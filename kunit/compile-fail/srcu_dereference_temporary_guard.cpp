// proves: a temporary SRCU read guard cannot back a dereference (the borrow would outlive the section)
// expect: use of deleted function .*dereference
// expect-clang: call to deleted member function 'dereference'
#include <kxx/kxx.h>

[[maybe_unused]] static const int *f(kxx::SrcuDomain &d, kxx::Srcu<kxx::Box<int>> &s)
{
	auto g = d.read_lock();
	const int *ok = s.dereference(g);
#ifndef KXX_CONTROL
	ok = s.dereference(d.read_lock());
#endif
	return ok;
}
