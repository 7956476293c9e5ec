// proves: multi-index stores do not compile on arrays whose type says they allocate: erasing one would lose the free mark of all but its first index
// expect: multi-index entries on allocating arrays
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Box<int>> &plain,
			       kxx::XArray<kxx::Box<int>, kxx::XaFlags::Alloc> &ids, kxx::Box<int> a,
			       kxx::Box<int> b)
{
	auto ok = plain.store_order(0, 2, kxx::move(a), kxx::GFP_KERNEL);
#ifndef KXX_CONTROL
	auto lost = ids.store_order(0, 2, kxx::move(b), kxx::GFP_KERNEL);
#endif
}
