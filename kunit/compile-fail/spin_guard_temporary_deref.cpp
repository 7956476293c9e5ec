// proves: the T of a SpinLock is not lent through a temporary Guard (`auto &x = *s.lock();` would use it after the unlock at the semicolon)
// expect: use of deleted function .*operator\*
// expect-clang: overload resolution selected deleted operator '\*'
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::SpinLock<int> &s)
{
	auto guard = s.lock();
	int &ok = *guard;
#ifndef KXX_CONTROL
	int &dangling = *s.lock();
	ok += dangling;
#endif
	return ok;
}
