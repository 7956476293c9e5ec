// proves: SrcuDomain::synchronize(), synchronize_expedited() and barrier() (they wait, so sleep) are rejected in the scope of a SpinLock Guard
// expect: cannot call function 'synchronize' while atomic context 'atomic_context' is held
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::SrcuDomain &domain, kxx::SpinLock<int> &lock)
{
	domain.synchronize(); // process context: fine
	auto g = lock.lock();
#ifndef KXX_CONTROL
	domain.synchronize();
#endif
}
