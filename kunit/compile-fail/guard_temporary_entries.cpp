// proves: a range-for over xa.lock().entries() does not compile (C++20 ends the temporary Guard before the body runs)
// expect: use of deleted function .*entries
// expect-clang: call to deleted member function 'entries'
#include <kxx/kxx.h>

[[maybe_unused]] static unsigned long f(kxx::XArray<kxx::Box<int>> &xa)
{
	unsigned long n = 0;
	auto guard = xa.lock();
	for (auto e : guard.entries())
		n += e.index;
#ifndef KXX_CONTROL
	for (auto e : xa.lock().entries())
		n += e.index;
#endif
	return n;
}
