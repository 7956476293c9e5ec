// proves: on_each_cpu_nowait() (the calls may run after it returns) takes no callable with state on the caller's stack
// expect: (constraints not satisfied|no matching function for call to .*on_each_cpu_nowait)
#include <kxx/kxx.h>

static unsigned long calls;

[[maybe_unused]] static void f()
{
	kxx::on_each_cpu_nowait([] { __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED); });
#ifndef KXX_CONTROL
	unsigned long local = 0;
	kxx::on_each_cpu_nowait([&local] { local++; });
#endif
}
