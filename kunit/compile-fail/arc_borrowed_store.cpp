// proves: the foreign view of an Arc is read-only: no store through shared ownership
// expect: assignment of read-only location
// expect-clang: cannot assign to return value because function 'operator\*' returns a const value
#include <kxx/kxx.h>

[[maybe_unused]] static int f(void *foreign)
{
	auto view = kxx::ForeignOwnable<kxx::Arc<int>>::borrow_mut(foreign);
#ifndef KXX_CONTROL
	*view = 1;
#endif
	return *view;
}
