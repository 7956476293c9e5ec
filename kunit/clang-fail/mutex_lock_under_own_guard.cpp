// proves: a Mutex is not taken again (lock() or with()) where one function holds its Guard: a self-deadlock
// expect: (acquiring mutex 'm' that is already held|cannot call function 'with' while mutex 'm' is held)
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::Mutex<int> &m, kxx::Mutex<int> &other)
{
	auto g = m.lock();
#ifndef KXX_CONTROL
	int n = m.with([](int &v) { return v; });
	return *g + n;
#else
	return *g + other.with([](int &v) { return v; });
#endif
}
