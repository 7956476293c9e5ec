// proves: on_each_cpu()'s callable (hard interrupt context) cannot take a Mutex: it is lent as const there (a mutex sleeps)
// expect: error: static assertion failed: on_each_cpu\(\) takes a callable without state
// expect-clang: error: static assertion failed.*on_each_cpu\(\) takes a callable without state
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::Mutex<long> &m, kxx::SpinLock<long, kxx::SpinFlavour::Irqsave> &s)
{
	kxx::on_each_cpu([](kxx::SpinLock<long, kxx::SpinFlavour::Irqsave> &l) {
		l.with([](long &n) { n++; });
	}, s);
#ifndef KXX_CONTROL
	kxx::on_each_cpu([](kxx::Mutex<long> &l) { l.with([](long &n) { n++; }); }, m);
#endif
}
