// proves: discarding Box::make's Result (an allocation) does not compile
// expect: ignoring return(ed)? value
#include <kxx/kxx.h>

[[maybe_unused]] static bool f()
{
	auto kept = kxx::Box<int>::make(kxx::GFP_KERNEL, 1);
#ifndef KXX_CONTROL
	kxx::Box<int>::make(kxx::GFP_KERNEL, 2);
#endif
	return kept.is_ok();
}
