// proves: with() cannot hand the instance's reference out of the IrqGuard's section (it would be written with interrupts on)
// expect: error: static assertion failed: with\(\): f returns void or a scalar value
// expect-clang: error: static assertion failed.*with\(\): f returns void or a scalar value
#include <kxx/kxx.h>

[[maybe_unused]] static unsigned long f(kxx::DynamicPerCpu<unsigned long> &pc)
{
	kxx::IrqGuard g;
	unsigned long v = pc.with(g, [](unsigned long &x) { return x; });
#ifndef KXX_CONTROL
	unsigned long &escaped = pc.with(g, [](unsigned long &x) -> unsigned long & { return x; });
	v += escaped;
#endif
	return v;
}
