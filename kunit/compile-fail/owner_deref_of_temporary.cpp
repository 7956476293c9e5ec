// proves: a reference into a temporary owner (the Box a temporary Result hands out) cannot be kept past the expression: the deref of a temporary Box, Arc or RcuBox does not compile, with GCC too
// expect: error: use of deleted function .T& kxx::Box<T>::operator\*\(\) && \[with T = Foo\]
// expect-clang: error: (call to deleted member function 'operator\*'|overload resolution selected deleted operator '\*')
#include <kxx/kxx.h>

struct Foo {
	int v;
};

[[maybe_unused]] static int f()
{
	auto made = kxx::Box<Foo>::make(kxx::GFP_KERNEL, 1);
	if (made.is_err())
		return 0;
	Foo &kept = **made; // the Result is a named local: fine
#ifndef KXX_CONTROL
	Foo &dangling = *kxx::Box<Foo>::make(kxx::GFP_KERNEL, 2).value();
	kept.v += dangling.v;
#endif
	return kept.v;
}
