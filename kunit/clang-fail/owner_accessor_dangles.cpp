// proves: a pointer into a temporary owner (the Box a temporary Result hands out, through its ->) cannot be kept past the expression (the deref of a temporary owner is a compile error with any compiler: cf:owner_deref_of_temporary)
// expect: temporary whose address is used as value of local variable .dangling. will be destroyed
#include <kxx/kxx.h>

struct Foo {
	int v;
};

[[maybe_unused]] static int f()
{
	auto made = kxx::Box<Foo>::make(kxx::GFP_KERNEL, 1);
	if (made.is_err())
		return 0;
	Foo *kept = made->get(); // the Result is a named local: fine
#ifndef KXX_CONTROL
	Foo *dangling = kxx::Box<Foo>::make(kxx::GFP_KERNEL, 2).value().operator->();
	kept->v += dangling->v;
#endif
	return kept->v;
}
