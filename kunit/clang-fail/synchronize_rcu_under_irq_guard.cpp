// proves: rcu::synchronize() and rcu::barrier() (they wait, so sleep) are rejected in the scope of an IrqGuard
// expect: cannot call function 'synchronize' while atomic context 'atomic_context' is held
#include <kxx/kxx.h>

[[maybe_unused]] static void f()
{
	kxx::rcu::synchronize(); // process context: fine
	kxx::IrqGuard irqs_off;
#ifndef KXX_CONTROL
	kxx::rcu::synchronize();
#endif
}
