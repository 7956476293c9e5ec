// proves: the entry API needs a named XaCursor (an Occupied of a temporary one would outlive its lock)
// expect: use of deleted function .*entry
// expect-clang: call to deleted member function 'entry'
#include <kxx/kxx.h>

[[maybe_unused]] static bool f(kxx::XArray<kxx::Box<int>> &xa)
{
	kxx::XaCursor cur(xa);
	bool ok = cur.entry(3).occupied().has_value();
#ifndef KXX_CONTROL
	auto dangling = kxx::XaCursor(xa).entry(3).occupied();
#endif
	return ok;
}
