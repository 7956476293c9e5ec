// proves: the result of XArray::store (the old value or the value handed back) cannot be ignored
// expect: ignoring return(ed)? value
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Box<int>> &xa, kxx::Box<int> a, kxx::Box<int> b)
{
	auto kept = xa.store(0, kxx::move(a), kxx::GFP_KERNEL);
#ifndef KXX_CONTROL
	xa.store(1, kxx::move(b), kxx::GFP_KERNEL);
#endif
}
