// proves: an SrcuBox cannot be made in a temporary SrcuDomain (the domain would end at once with the box counted: a leak and a report, and no reader could ever enter it)
// expect: use of deleted function .*make
// expect-clang: call to deleted function 'make'
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::SrcuDomain &d)
{
	auto ok = kxx::SrcuBox<int>::make(d, kxx::GFP_KERNEL, 1);
#ifndef KXX_CONTROL
	auto b = kxx::SrcuBox<int>::make(kxx::SrcuDomain::make().value(), kxx::GFP_KERNEL, 1);
#endif
}
