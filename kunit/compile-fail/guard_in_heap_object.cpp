// proves: a guard cannot be put in a heap owner (Box, RcuBox, Arc), where it could end in any order
// expect: a guard lives in a scope, not in a Box
#include <kxx/kxx.h>

struct Holder {
	int v;
};

[[maybe_unused]] static bool f()
{
	auto fine = kxx::Box<Holder>::make(kxx::GFP_KERNEL, 1);
#ifndef KXX_CONTROL
	auto guard = kxx::Box<kxx::IrqGuard>::make(kxx::GFP_ATOMIC);
#endif
	return fine.is_ok();
}
