// proves: on_each_cpu() lends a per-CPU handle as const: every CPU assigning the one handle at once (dropping its area twice) does not compile
// expect: error: static assertion failed: on_each_cpu\(\) takes a callable without state
// expect-clang: error: static assertion failed.*on_each_cpu\(\) takes a callable without state
#include <kxx/kxx.h>

using Counter = kxx::DynamicPerCpu<int>;

[[maybe_unused]] static void f(Counter &handle)
{
	kxx::on_each_cpu([](const Counter &h) { h.inc(); }, handle);
#ifndef KXX_CONTROL
	kxx::on_each_cpu(
	    [](Counter &h) {
		    auto fresh = Counter::new_zero(kxx::GFP_ATOMIC);
		    if (fresh.is_some())
			    h = *fresh;
	    },
	    handle);
#endif
}
