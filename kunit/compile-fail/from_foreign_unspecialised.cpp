// proves: from_foreign on a type without a ForeignOwnable specialisation does not compile
// expect: (constraints not satisfied|no matching function for call to .*from_foreign)
#include <kxx/kxx.h>

struct NotAnOwner {
	int *p;
};

[[maybe_unused]] static void f(void *foreign)
{
	kxx::Box<int> ok = kxx::from_foreign<kxx::Box<int>>(foreign);
#ifndef KXX_CONTROL
	NotAnOwner bad = kxx::from_foreign<NotAnOwner>(foreign);
#endif
}
