// proves: a guard inside an Option cannot be put in a heap owner either (a movable Box<Option<IrqGuard>> could end it on another CPU, out of order)
// expect: error: static assertion failed: a guard lives in a scope, not in a Box
// expect-clang: error: static assertion failed due to requirement .!scope_bound_v<kxx::Option<kxx::IrqGuard>>.: a guard lives in a scope, not in a Box
#include <kxx/kxx.h>

[[maybe_unused]] static void f()
{
	auto ok = kxx::Box<kxx::Option<int>>::make(kxx::GFP_ATOMIC, 1);
#ifndef KXX_CONTROL
	auto boxed = kxx::Box<kxx::Option<kxx::IrqGuard>>::make(kxx::GFP_ATOMIC);
#endif
}
