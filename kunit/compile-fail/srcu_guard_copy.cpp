// proves: an SRCU read guard cannot be copied (one srcu_read_lock, one unlock, one index)
// expect: use of deleted function .*SrcuReadGuard
// expect-clang: call to deleted constructor of .*SrcuReadGuard
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::SrcuDomain &d)
{
	auto g = d.read_lock();
#ifndef KXX_CONTROL
	kxx::SrcuReadGuard copy = g;
#endif
}
