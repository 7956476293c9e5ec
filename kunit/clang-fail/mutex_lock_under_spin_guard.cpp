// proves: Mutex::lock() is rejected in the scope of a SpinLock Guard (it may sleep; a spinlock makes the context atomic)
// expect: cannot call function 'lock' while atomic context 'atomic_context' is held
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::SpinLock<int> &s, kxx::Mutex<int> &m)
{
	{
		auto g = m.lock(); // outside any atomic scope: fine
		*g = 1;
	}
	auto g = s.lock();
#ifndef KXX_CONTROL
	auto sleeps = m.lock();
#endif
}
