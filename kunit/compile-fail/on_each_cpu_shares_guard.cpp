// proves: a held XArray Guard cannot be passed to on_each_cpu()'s callable as a shared object: it belongs to the thread that holds it
// expect: error: static assertion failed: on_each_cpu\(\) shares only objects every CPU may use at once
// expect-clang: error: static assertion failed.*on_each_cpu\(\) shares only objects every CPU may use at once
#include <kxx/kxx.h>

using Array = kxx::XArray<kxx::Box<int>>;

[[maybe_unused]] static void f(Array &xa)
{
	auto g = xa.lock();
	kxx::on_each_cpu([](const Array &) {}, xa);
#ifndef KXX_CONTROL
	kxx::on_each_cpu([](Array::Guard &held) { auto r = held.remove(1); }, g);
#endif
}
