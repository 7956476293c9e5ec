// proves: LockedBy's data is not reachable with a Guard of another type of lock than its owner's (a Mutex Guard for a SpinLock owner)
// expect: no matching function for call to .*get
// expect-clang: no matching member function for call to 'get'
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::SpinLock<int> &owner, kxx::Mutex<int> &other,
			      kxx::LockedBy<int, kxx::SpinLock<int>> &d)
{
	int n = 0;
	{
		auto g = owner.lock();
		n += *d.get(g);
	}
#ifndef KXX_CONTROL
	auto m = other.lock();
	n += *d.get(m);
#endif
	return n;
}
