// proves: an ArcBorrow (what an XArray<Arc<T>> lends) gives read-only access, also through get_mut()
// expect: assignment of member .* in read-only object
// expect-clang: cannot assign to return value because function 'operator->' returns a const value
#include <kxx/kxx.h>

struct Counter {
	int value;
};

[[maybe_unused]] static int f(kxx::XArray<kxx::Arc<Counter>> &xa)
{
	auto g = xa.lock();
	auto b = g.get_mut(0);
#ifndef KXX_CONTROL
	b->value = 2;
#endif
	return b ? b->value : 0;
}
