// proves: find() cannot be called on a temporary Guard: the entry it returns would outlive the lock
// expect: use of deleted function .*find
// expect-clang: call to deleted member function 'find'
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::XArray<kxx::Box<int>> &xa)
{
	auto guard = xa.lock();
	auto ok = guard.find();
#ifndef KXX_CONTROL
	auto dangling = xa.lock().find();
#endif
	return ok ? *ok->value : 0;
}
