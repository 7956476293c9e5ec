// proves: Mutex::lock() is rejected in an RCU read-side critical section (rcu::ReadGuard: it must not sleep)
// expect: cannot call function 'lock' while atomic context 'atomic_context' is held
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::Mutex<int> &m)
{
	auto rg = kxx::rcu::read_lock();
#ifndef KXX_CONTROL
	auto sleeps = m.lock();
#endif
}
