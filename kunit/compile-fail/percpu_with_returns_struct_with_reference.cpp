// proves: with() cannot hand the instance out of the IrqGuard's section as a member of a returned struct
// expect: error: static assertion failed: with\(\): f returns void or a scalar value
// expect-clang: error: static assertion failed.*with\(\): f returns void or a scalar value
#include <kxx/kxx.h>

struct Escape {
	unsigned long *where;
};

[[maybe_unused]] static unsigned long f(kxx::DynamicPerCpu<unsigned long> &pc)
{
	kxx::IrqGuard g;
	unsigned long v = pc.with(g, [](unsigned long &x) { return x * 2; });
#ifndef KXX_CONTROL
	Escape e = pc.with(g, [](unsigned long &x) { return Escape{ &x }; });
	v += *e.where;
#endif
	return v;
}
