// proves: a CpuGuard cannot be moved (the preemption-off section is its scope)
// expect: use of deleted function .*CpuGuard
// expect-clang: call to deleted constructor of .*CpuGuard
#include <kxx/kxx.h>

[[maybe_unused]] static void f()
{
	kxx::CpuGuard guard;
#ifndef KXX_CONTROL
	kxx::CpuGuard moved = kxx::move(guard);
#endif
}
