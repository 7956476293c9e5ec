// proves: under a preemption-only CpuGuard this CPU's instance is not lent mutably (an interrupt on this CPU could use it meanwhile); IrqGuard it is
// expect: no matching function for call to .*with|constraints not satisfied
// expect-clang: no matching member function for call to 'with'
#include <kxx/kxx.h>

[[maybe_unused]] static void f(const kxx::DynamicPerCpu<unsigned long> &plain,
			       const kxx::DynamicPerCpu<kxx::Atomic<unsigned long>> &shared)
{
	{
		kxx::IrqGuard guard;
		plain.with(guard, [](unsigned long &v) { v += 100; });
	}
	kxx::CpuGuard guard;
	shared.with(guard, [](const kxx::Atomic<unsigned long> &a) { a.fetch_add(100); });
#ifndef KXX_CONTROL
	plain.with(guard, [](unsigned long &v) { v += 100; });
#endif
}
