// proves: a Mutex's T is not reachable without a Guard (data_ is private; the lock has no accessor)
// expect: is private within this context
// expect-clang: is a private member of
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::Mutex<int> &m)
{
	int n = m.with([](int &v) { return v; });
#ifndef KXX_CONTROL
	n += m.data_;
#endif
	return n;
}
