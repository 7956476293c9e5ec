// proves: Arc gives only const access to the shared T (interior mutability is explicit)
// expect: assignment of member .*value.* in read-only object
// expect-clang: cannot assign to return value because function 'operator->' returns a const value
#include <kxx/kxx.h>

struct Counter {
	int value;
};

[[maybe_unused]] static int f(const kxx::Arc<Counter> &a)
{
#ifndef KXX_CONTROL
	a->value = 2;
#endif
	return a->value;
}
