// proves: a borrow cannot come from a temporary XaCursor (its lock ends at the semicolon)
// expect: use of deleted function .*load
// expect-clang: call to deleted member function 'load'
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::XArray<kxx::Box<int>> &xa)
{
	kxx::XaCursor cur(xa, 1);
	const int *ok = cur.load();
#ifndef KXX_CONTROL
	const int *dangling = kxx::XaCursor(xa, 1).load();
	(void)dangling;
#endif
	return ok ? *ok : 0;
}
