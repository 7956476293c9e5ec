// proves: an SRCU read guard cannot be moved (the read section is its scope)
// expect: use of deleted function .*SrcuReadGuard
// expect-clang: call to deleted constructor of .*SrcuReadGuard
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::SrcuDomain &d)
{
	auto g = d.read_lock();
#ifndef KXX_CONTROL
	kxx::SrcuReadGuard moved = kxx::move(g);
#endif
}
