// proves: a read section cannot be entered on a temporary SrcuDomain (it would be destroyed under its own reader)
// expect: use of deleted function .*read_lock
// expect-clang: call to deleted member function 'read_lock'
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::SrcuDomain &d)
{
	auto g = d.read_lock();
#ifndef KXX_CONTROL
	auto h = kxx::SrcuDomain::make().value().read_lock();
#endif
}
