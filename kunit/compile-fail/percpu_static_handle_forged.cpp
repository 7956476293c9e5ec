// proves: a StaticPerCpu handle cannot be made from an ordinary pointer (its operations would add it to this CPU's per-CPU offset), not even with a braced tag: only KXX_DEFINE_PER_CPU() makes one
// expect: error: converting to .kxx::detail::InPerCpuSection. from initializer list would use explicit constructor
// expect-clang: error: no matching constructor for initialization of .kxx::StaticPerCpu<int>
#include <kxx/kxx.h>

KXX_DEFINE_PER_CPU(int, counted, 0);

[[maybe_unused]] static int plain;

[[maybe_unused]] static void f()
{
	counted.inc();
#ifndef KXX_CONTROL
	kxx::StaticPerCpu<int> forged{ {}, &plain }; // the tag's constructor is explicit
	forged.inc();
#endif
}
