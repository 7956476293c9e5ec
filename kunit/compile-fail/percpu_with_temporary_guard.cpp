// proves: with() needs a named IrqGuard; a temporary one cannot be passed
// expect: cannot bind non-const lvalue reference|no matching function for call to .*with
// expect-clang: no matching member function for call to 'with'
#include <kxx/kxx.h>

[[maybe_unused]] static int f(const kxx::DynamicPerCpu<int> &counter)
{
	kxx::IrqGuard guard;
	int v = counter.with(guard, [](int &x) { return x; });
#ifndef KXX_CONTROL
	v += counter.with(kxx::IrqGuard(), [](int &x) { return x; });
#endif
	return v;
}
