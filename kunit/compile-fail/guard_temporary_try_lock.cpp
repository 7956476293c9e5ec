// proves: a Guard from try_lock() is reachable only through a named Option: xa.try_lock()->get(i) would read after the unlock
// expect: use of deleted function .*operator->
// expect-clang: selected deleted operator '->'
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::XArray<kxx::Box<int>> &xa)
{
	auto guard = xa.try_lock();
	const int *ok = guard.is_some() ? guard->get(0) : nullptr;
#ifndef KXX_CONTROL
	const int *dangling = xa.try_lock()->get(0);
#endif
	return ok ? *ok : 0;
}
