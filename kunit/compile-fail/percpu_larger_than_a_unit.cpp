// proves: a per-CPU T over 32 KiB (PCPU_MIN_UNIT_SIZE) does not compile (pcpu_alloc() would warn and fail at run time)
// expect: error: static assertion failed: a per-CPU T is at most 32 KiB
// expect-clang: error: static assertion failed.*a per-CPU T is at most 32 KiB
#include <kxx/kxx.h>

struct Big {
	unsigned long words[8192];
};

[[maybe_unused]] static void f()
{
	auto fits = kxx::DynamicPerCpu<unsigned long>::new_zero(kxx::GFP_KERNEL);
#ifndef KXX_CONTROL
	auto big = kxx::PerCpuAllocation<Big>::new_zero(kxx::GFP_KERNEL);
#endif
}
