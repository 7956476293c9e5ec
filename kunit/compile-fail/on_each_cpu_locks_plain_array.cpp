// proves: on_each_cpu()'s callable (hard interrupt context) cannot take the lock of an array not typed LockIrq: it is lent as const, for lockless reads (a plain lock there deadlocks against a holder the interrupt stopped)
// expect: error: static assertion failed: on_each_cpu\(\) takes a callable without state
// expect-clang: error: static assertion failed.*on_each_cpu\(\) takes a callable without state
#include <kxx/kxx.h>

using Plain = kxx::XArray<kxx::RcuBox<int>>;
using IrqSafe = kxx::XArray<kxx::RcuBox<int>, kxx::XaFlags::LockIrq>;

[[maybe_unused]] static void f(Plain &plain, IrqSafe &irq)
{
	kxx::on_each_cpu(
	    [](const Plain &p, IrqSafe &i) {
		    auto g = kxx::rcu::read_lock();
		    if (!p.load(g, 1))
			    auto r = i.lock().remove(1);
	    },
	    plain, irq);
#ifndef KXX_CONTROL
	kxx::on_each_cpu([](Plain &p) { auto r = p.remove(1); }, plain);
#endif
}
