// proves: on_each_cpu()'s callable has no state of its own, as it runs on every CPU at once: a mutable counter in it (every CPU racing on it) does not compile
// expect: error: static assertion failed: on_each_cpu\(\) takes a callable without state
// expect-clang: error: static assertion failed.*on_each_cpu\(\) takes a callable without state
#include <kxx/kxx.h>

[[maybe_unused]] static void f()
{
	kxx::Atomic<unsigned long> seen{ 0 };
	kxx::on_each_cpu([](kxx::Atomic<unsigned long> &n) { n.fetch_add(1); }, seen);
#ifndef KXX_CONTROL
	kxx::on_each_cpu([count = 0ul]() mutable { count++; });
#endif
}
