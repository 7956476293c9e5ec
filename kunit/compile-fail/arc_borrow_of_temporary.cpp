// proves: an ArcBorrow cannot be taken from a temporary Arc (it may hold the last reference, freed at the end of the expression)
// expect: error: use of deleted function .*kxx::BasicArc<T, Free>::borrow\(\) const &&
// expect-clang: error: call to deleted member function 'borrow'
#include <kxx/kxx.h>

struct Foo {
	int v;
};

[[maybe_unused]] static void f(kxx::Arc<Foo> &named)
{
	kxx::ArcBorrow<Foo> b = named.borrow(); // a named Arc: fine
#ifndef KXX_CONTROL
	b = kxx::Arc<Foo>::make(kxx::GFP_KERNEL, 1).value().borrow();
#endif
	(void)b;
}
