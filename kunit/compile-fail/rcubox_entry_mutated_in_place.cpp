// proves: an XArray<RcuBox<T>> entry cannot be changed in place: lockless readers may be reading it (get_mut lends const)
// expect: (increment|assignment) of member .* in read-only object
// expect-clang: cannot assign to return value because function 'get_mut' returns a const value
#include <kxx/kxx.h>

struct Stats {
	int hits;
};

[[maybe_unused]] static int f(kxx::XArray<kxx::RcuBox<Stats>> &xa, kxx::XArray<kxx::Box<Stats>> &locked)
{
	auto g = locked.lock();
	g.get_mut(0)->hits++; // Box entries: no lockless readers, fine under the lock
	auto r = xa.lock();
#ifndef KXX_CONTROL
	r.get_mut(0)->hits++;
#endif
	return r.get(0)->hits;
}
