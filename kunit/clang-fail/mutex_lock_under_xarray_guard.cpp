// proves: Mutex::lock() is rejected in the scope of an XArray Guard (the array's spinlock is held)
// expect: cannot call function 'lock' while atomic context 'atomic_context' is held
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Box<int>> &xa, kxx::Mutex<int> &m)
{
	auto g = xa.lock();
#ifndef KXX_CONTROL
	auto sleeps = m.lock();
#endif
}
