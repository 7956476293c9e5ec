// proves: LockedBy's data is not lent through a temporary Guard (`d.get(owner.lock())` would use it after the unlock)
// expect: use of deleted function .*get
// expect-clang: call to deleted member function 'get'
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::SpinLock<int> &owner, kxx::LockedBy<int, kxx::SpinLock<int>> &d)
{
	auto g = owner.lock();
	const int *ok = d.get(g);
#ifndef KXX_CONTROL
	const int *dangling = d.get(owner.lock());
	ok = dangling;
#endif
	return ok ? *ok : 0;
}
