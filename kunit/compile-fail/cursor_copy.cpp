// proves: an XaCursor is neither copied nor moved (it holds the array's lock, once)
// expect: error: use of deleted function .kxx::XaCursor<P, Fixed, Static>::XaCursor\(kxx::XaCursor<P, Fixed, Static>&&\)
// expect-clang: call to deleted constructor of .*XaCursor
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Box<int>> &xa)
{
	kxx::XaCursor cur(xa);
#ifndef KXX_CONTROL
	auto other = kxx::move(cur);
#endif
}
