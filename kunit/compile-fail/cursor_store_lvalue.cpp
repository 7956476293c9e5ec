// proves: XaCursor::store() takes ownership only explicitly (move(v)), never from a named owner by copy
// expect: (cannot bind rvalue reference|no matching function for call to .*store)
// expect-clang: rvalue reference to type .* cannot bind to lvalue
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Box<int>> &xa, kxx::Box<int> v)
{
	kxx::XaCursor cur(xa);
#ifndef KXX_CONTROL
	auto r = cur.store(v);
#else
	auto r = cur.store(kxx::move(v));
#endif
	(void)r;
}
