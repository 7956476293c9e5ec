// proves: on_each_cpu() calls its callable through const on every CPU at once: a mutable lambda (racing with itself) does not compile
// expect: no match for call|discards qualifiers|passing .* as .this. argument
// expect-clang: no matching function for call to object of type 'const \(lambda
#include <kxx/kxx.h>

[[maybe_unused]] static void f()
{
	unsigned long seen = 0;
	kxx::on_each_cpu([&] { __atomic_fetch_add(&seen, 1, __ATOMIC_RELAXED); });
#ifndef KXX_CONTROL
	kxx::on_each_cpu([count = 0ul]() mutable { count++; });
#endif
}
