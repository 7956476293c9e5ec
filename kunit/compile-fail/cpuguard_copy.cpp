// proves: a CpuGuard cannot be copied (preempt_enable would run twice)
// expect: use of deleted function .*CpuGuard
// expect-clang: call to deleted constructor of .*CpuGuard
#include <kxx/kxx.h>

[[maybe_unused]] static void f()
{
	kxx::CpuGuard guard;
#ifndef KXX_CONTROL
	kxx::CpuGuard copy = guard;
#endif
}
