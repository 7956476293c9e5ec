// proves: an Srcu<P> cannot be made over a temporary SrcuDomain (the domain would end at once with the pointer counted: a leak and a report, and no reader could ever enter it)
// expect: use of deleted function .*SrcuFlavour
// expect-clang: deleted
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::SrcuDomain &d)
{
	kxx::Srcu<kxx::Box<int>> ok(d);
#ifndef KXX_CONTROL
	kxx::Srcu<kxx::Box<int>> s(kxx::SrcuDomain::make().value());
#endif
}
