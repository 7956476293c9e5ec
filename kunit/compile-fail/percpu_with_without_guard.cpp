// proves: this CPU's per-CPU instance is reachable only with a live IrqGuard (or CpuGuard)
// expect: no matching function for call to .*with
// expect-clang: no matching member function for call to 'with'
#include <kxx/kxx.h>

[[maybe_unused]] static int f(const kxx::DynamicPerCpu<int> &counter)
{
	kxx::IrqGuard guard;
	int v = counter.with(guard, [](int &x) { return x; });
#ifndef KXX_CONTROL
	v += counter.with([](int &x) { return x; });
#endif
	return v;
}
