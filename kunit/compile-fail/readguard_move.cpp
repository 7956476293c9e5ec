// proves: an RCU read guard cannot be moved (the read-side section is its scope)
// expect: use of deleted function .*ReadGuard
// expect-clang: call to deleted constructor of .*ReadGuard
#include <kxx/kxx.h>

[[maybe_unused]] static void f()
{
	auto g = kxx::rcu::read_lock();
#ifndef KXX_CONTROL
	kxx::rcu::ReadGuard moved = kxx::move(g);
#endif
}
