// proves: alloc() does not compile on an XArray whose type says it does not allocate (no XaFlags::Alloc)
// expect: (constraints not satisfied|no matching function for call to .*alloc)
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Box<int>, kxx::XaFlags::Alloc> &ids,
			       kxx::XArray<kxx::Box<int>, kxx::XaFlags::LockIrq> &plain)
{
	auto ok = ids.alloc(kxx::Box<int>::make(kxx::GFP_KERNEL, 1).value(), kxx::GFP_KERNEL);
	(void)ok;
#ifndef KXX_CONTROL
	auto bad = plain.alloc(kxx::Box<int>::make(kxx::GFP_KERNEL, 1).value(), kxx::GFP_KERNEL);
#endif
}
