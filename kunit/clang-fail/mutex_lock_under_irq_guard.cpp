// proves: Mutex::lock() and lock_nested() are rejected in the scope of an IrqGuard (interrupts off: it must not sleep)
// expect: cannot call function 'lock_nested' while atomic context 'atomic_context' is held
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::Mutex<int> &m, kxx::Mutex<int> &inner)
{
	{
		kxx::IrqGuard irqs_off;
	}
	{
		auto ok = m.lock(); // after the IrqGuard ended: fine
	}
	kxx::IrqGuard irqs_off;
#ifndef KXX_CONTROL
	auto sleeps = inner.lock_nested<1>();
#endif
}
