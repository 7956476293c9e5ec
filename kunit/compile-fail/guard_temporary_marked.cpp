// proves: a range-for over xa.lock().marked(m) does not compile (the body would run unlocked)
// expect: use of deleted function .*marked
// expect-clang: call to deleted member function 'marked'
#include <kxx/kxx.h>

[[maybe_unused]] static unsigned long f(kxx::XArray<kxx::Box<int>> &xa)
{
	unsigned long n = 0;
	auto guard = xa.lock();
	for (auto e : guard.marked(kxx::XaMark::M1))
		n += e.index;
#ifndef KXX_CONTROL
	for (auto e : xa.lock().marked(kxx::XaMark::M1))
		n += e.index;
#endif
	return n;
}
