// proves: an Srcu<P> is read under an SRCU read guard only: an RCU read section does not hold off synchronize_srcu()
// expect: no matching function for call to .*dereference
// expect-clang: no matching member function for call to 'dereference'
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::SrcuDomain &d, kxx::Srcu<kxx::Box<int>> &s)
{
#ifdef KXX_CONTROL
	auto g = d.read_lock();
#else
	auto g = kxx::rcu::read_lock();
#endif
	const int *v = s.dereference(g);
	return v ? *v : 0;
}
