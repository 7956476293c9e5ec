// proves: a PageRef cannot be borrowed from a temporary Page (the page is freed at the semicolon)
// expect: use of deleted function .*borrow
// expect-clang: call to deleted member function 'borrow'
#include <kxx/kxx.h>

[[maybe_unused]] static kxx::Result<void> f()
{
	kxx::Page page = KXX_TRY(kxx::Page::alloc(kxx::GFP_KERNEL));
	kxx::PageRef ok = page.borrow();
	ok.zero(0, 8);
#ifndef KXX_CONTROL
	kxx::PageRef dangling = KXX_TRY(kxx::Page::alloc(kxx::GFP_KERNEL)).borrow();
	dangling.zero(0, 8);
#endif
	return {};
}
