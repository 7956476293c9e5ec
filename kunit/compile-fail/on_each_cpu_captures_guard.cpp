// proves: a held XArray Guard cannot be captured by reference into on_each_cpu()'s callable, where every CPU would store through it at once (and drop the same old value)
// expect: error: static assertion failed: on_each_cpu\(\) takes a callable without state
// expect-clang: error: static assertion failed.*on_each_cpu\(\) takes a callable without state
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Box<int>> &xa)
{
	auto g = xa.lock();
	kxx::on_each_cpu([](const kxx::XArray<kxx::Box<int>> &) {}, xa);
#ifndef KXX_CONTROL
	kxx::on_each_cpu([&] { auto r = g.remove(1); });
#endif
}
