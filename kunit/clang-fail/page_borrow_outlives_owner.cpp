// proves: a PageRef cannot be returned out of the scope of the Page that owns it
// expect: address of stack memory associated with local variable 'page' returned
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::Page &page)
{
	page.borrow().zero(0, 8);
}

#ifndef KXX_CONTROL
[[maybe_unused]] static kxx::PageRef h()
{
	kxx::Page page = kxx::Page::alloc(kxx::GFP_KERNEL).value();
	return page.borrow();
}
#endif
