// proves: a reference into a temporary owner (a Box inside a temporary Result) cannot be kept past the expression
// expect: temporary bound to local reference 'dangling' will be destroyed
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
