// proves: an Rcu pointer cannot be copied (two owners of one published object)
// expect: use of deleted function .*Rcu
// expect-clang: call to deleted constructor of .*Rcu
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::Rcu<kxx::Box<int>> &r)
{
	kxx::Rcu<kxx::Box<int>> other;
#ifndef KXX_CONTROL
	kxx::Rcu<kxx::Box<int>> copy = r;
#endif
}
