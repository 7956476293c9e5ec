// proves: a self-locking XArray call (store, remove, alloc, reserve, ...) while holding that array's Guard is rejected (it would deadlock)
// expect: cannot call function 'remove' while xa_lock 'xa' is held
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Box<int>> &xa)
{
	{
		auto guard = xa.lock();
		auto gone = guard.remove(1); // through the Guard: fine
	}
	auto guard = xa.lock();
#ifndef KXX_CONTROL
	auto gone = xa.remove(2);
#endif
}
