// proves: XaMark::M0 (the kernel's XA_FREE_MARK) cannot be set on an array whose type says it allocates
// expect: XaMark::M0 is the kernel's XA_FREE_MARK on allocating arrays
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Box<int>, kxx::XaFlags::Alloc1> &ids,
			       kxx::XArray<kxx::Box<int>> &plain)
{
	auto g = ids.lock();
	g.set_mark(1, kxx::XaMark::M1);
	plain.lock().set_mark(1, kxx::XaMark::M0); // not allocating: mark 0 is free to use
#ifndef KXX_CONTROL
	g.set_mark(1, kxx::XaMark::M0);
#endif
}
