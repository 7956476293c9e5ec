// proves: a SpinLock is not taken again (lock() or with()) where one function holds its Guard: a self-deadlock
// expect: (acquiring spinlock 's' that is already held|cannot call function 'with' while spinlock 's' is held)
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::SpinLock<int> &s, kxx::SpinLock<int> &other)
{
	auto g = s.lock();
#ifndef KXX_CONTROL
	auto again = s.lock();
	return *g + *again + s.with([](int &n) { return n; });
#else
	return *g + other.with([](int &n) { return n; });
#endif
}
