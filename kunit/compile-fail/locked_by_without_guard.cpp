// proves: LockedBy's data is not reachable without a Guard of the owner's type (get() and with() take one)
// expect: no matching function for call to .*get
// expect-clang: no matching member function for call to 'get'
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::SpinLock<int> &owner, kxx::LockedBy<int, kxx::SpinLock<int>> &d)
{
	auto g = owner.lock();
	int *ok = d.get(g);
#ifndef KXX_CONTROL
	int *unguarded = d.get();
	ok = unguarded;
#endif
	return ok ? *ok : 0;
}
