// proves: Guard::get() cannot be called on a temporary Guard (xa.lock().get(i) would dangle at the semicolon)
// expect: use of deleted function .*get
// expect-clang: call to deleted member function 'get'
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::XArray<kxx::Box<int>> &xa)
{
	auto guard = xa.lock();
	auto ok = guard.get(0);
#ifndef KXX_CONTROL
	auto dangling = xa.lock().get(0);
#endif
	return ok ? *ok : 0;
}
