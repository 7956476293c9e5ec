// proves: a SpinLock's T is not reachable without a Guard (no accessor on the lock itself; data_ is private)
// expect: (is private within this context|no match for .operator\*)
// expect-clang: (is a private member of|indirection requires pointer operand)
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::SpinLock<int> &s)
{
	int n = s.with([](int &v) { return v; });
#ifndef KXX_CONTROL
	n += s.data_;
#endif
	return n;
}
