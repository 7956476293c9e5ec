// proves: iterating XaMark::M0 (free slots) does not compile on an array whose type says it allocates
// expect: XaMark::M0 is the kernel's XA_FREE_MARK on allocating arrays
#include <kxx/kxx.h>

[[maybe_unused]] static unsigned long f(kxx::XArray<kxx::Box<int>, kxx::XaFlags::Alloc> &ids)
{
	unsigned long n = 0;
	auto g = ids.lock();
	for (auto e : g.marked(kxx::XaMark::M2))
		n += e.index;
#ifndef KXX_CONTROL
	for (auto e : g.marked(kxx::XaMark::M0))
		n += e.index;
#endif
	return n;
}
