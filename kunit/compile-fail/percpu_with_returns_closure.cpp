// proves: with() cannot hand the instance's reference out of the IrqGuard's section inside a returned closure (it would write some CPU's instance later, with interrupts on)
// expect: error: static assertion failed: with\(\): f returns void or a scalar value
// expect-clang: error: static assertion failed.*with\(\): f returns void or a scalar value
#include <kxx/kxx.h>

[[maybe_unused]] static unsigned long f(kxx::DynamicPerCpu<unsigned long> &pc)
{
	kxx::IrqGuard g;
	unsigned long v = pc.with(g, [](unsigned long &x) { return ++x; });
#ifndef KXX_CONTROL
	auto later = pc.with(g, [](unsigned long &x) { return [&x] { return ++x; }; });
	v += later();
#endif
	return v;
}
