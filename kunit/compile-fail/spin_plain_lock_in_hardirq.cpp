// proves: on_each_cpu()'s callable (hard interrupt context) cannot take a SpinLock that is not Irqsave: it is lent as const there (a plain or BH lock taken in a hard interrupt deadlocks against a holder the interrupt stopped)
// expect: error: static assertion failed: on_each_cpu\(\) takes a callable without state
// expect-clang: error: static assertion failed.*on_each_cpu\(\) takes a callable without state
#include <kxx/kxx.h>

using Plain = kxx::SpinLock<long>;
using IrqSafe = kxx::SpinLock<long, kxx::SpinFlavour::Irqsave>;

[[maybe_unused]] static void f(Plain &plain, IrqSafe &irq)
{
	kxx::on_each_cpu([](IrqSafe &i) { i.with([](long &n) { n++; }); }, irq);
#ifndef KXX_CONTROL
	kxx::on_each_cpu([](Plain &p) { p.with([](long &n) { n++; }); }, plain);
#endif
}
