// proves: a LockedBy is not tied to a temporary owner (`LockedBy d(SpinLock<int>(), v)`: the owner is gone at the semicolon, and no Guard could ever hold it)
// expect: use of deleted function
// expect-clang: call to deleted constructor
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::SpinLock<int> &owner)
{
	kxx::LockedBy<int, kxx::SpinLock<int>> ok(owner, 1);
	auto g = owner.lock();
	int n = *ok.get(g);
#ifndef KXX_CONTROL
	kxx::LockedBy<int, kxx::SpinLock<int>> orphan(kxx::SpinLock<int>(0), 2);
	n += orphan.get(g) ? 1 : 0;
#endif
	return n;
}
