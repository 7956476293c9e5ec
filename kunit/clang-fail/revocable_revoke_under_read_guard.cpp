// proves: Revocable::revoke() (it waits for a grace period, so sleeps) is rejected in the scope of an rcu::ReadGuard
// expect: cannot call function 'revoke' while atomic context 'atomic_context' is held
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::Revocable<int> &dev)
{
	dev.revoke(); // process context: fine
	auto g = kxx::rcu::read_lock();
#ifndef KXX_CONTROL
	dev.revoke();
#endif
}
