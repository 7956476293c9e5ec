// proves: Mutex::with() is rejected in the scope of a CpuGuard (preemption off: it must not sleep)
// expect: cannot call function 'with' while atomic context 'atomic_context' is held
#include <kxx/kxx.h>

[[maybe_unused]] static int f(kxx::Mutex<int> &m)
{
	kxx::CpuGuard pinned;
	int n = static_cast<int>(pinned.cpu());
#ifndef KXX_CONTROL
	n += m.with([](int &v) { return v; });
#endif
	return n;
}
