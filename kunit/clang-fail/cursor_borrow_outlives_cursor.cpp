// proves: a borrow from an XaCursor cannot be returned out of the scope of the cursor that holds the lock
// expect: address of stack memory associated with local variable 'cur' returned
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::XArray<kxx::Box<int>> &xa)
{
	kxx::XaCursor cur(xa, 1);
	const int *p = cur.load();
	return p ? *p : 0;
}

#ifndef KXX_CONTROL
[[maybe_unused]] static const int *h(kxx::XArray<kxx::Box<int>> &xa)
{
	kxx::XaCursor cur(xa, 1);
	return cur.load();
}
#endif
