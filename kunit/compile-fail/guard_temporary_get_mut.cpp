// proves: Guard::get_mut() cannot be called on a temporary Guard (xa.lock().get_mut(i) would dangle at the semicolon)
// expect: use of deleted function .*get_mut
// expect-clang: call to deleted member function 'get_mut'
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::XArray<kxx::Box<int>> &xa)
{
	auto guard = xa.lock();
	auto ok = guard.get_mut(0);
#ifndef KXX_CONTROL
	auto dangling = xa.lock().get_mut(0);
#endif
	return ok ? *ok : 0;
}
