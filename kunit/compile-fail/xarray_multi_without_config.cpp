// proves: on a target kernel without CONFIG_XARRAY_MULTI, multi-index stores do not compile, and the message says why (simulated by overriding the generated layout value)
// expect: need CONFIG_XARRAY_MULTI
#include <kxx/layout.h>
#ifndef KXX_CONTROL
#undef KXX_XARRAY_MULTI
#define KXX_XARRAY_MULTI 0
#endif
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Box<int>> &xa, kxx::Box<int> a)
{
	auto r = xa.store_order(0, 2, kxx::move(a), kxx::GFP_KERNEL);
}
