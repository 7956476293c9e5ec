// proves: a PageRef is not kept from a page owned by a temporary Result or Option (GCC compiles `->borrow()` on one; Clang's pass rejects it)
// expect: temporary whose address is used as value of local variable 'r' will be destroyed
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Page> &xa)
{
	kxx::Option<kxx::Page> kept = xa.remove(1);
	if (kept.is_some())
		kept->borrow().zero(0, 8); // used within the statement: fine
	xa.remove(2)->borrow().zero(0, 8);
}

#ifndef KXX_CONTROL
[[maybe_unused]] static void h()
{
	kxx::PageRef r = kxx::Page::alloc(kxx::GFP_KERNEL)->borrow();
	r.zero(0, 8);
}
#endif
