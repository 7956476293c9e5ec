// proves: a lock guard cannot be taken on a temporary XArray (it would unlock freed memory)
// expect: use of deleted function .*lock
// expect-clang: call to deleted member function 'lock'
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::Box<int>> &xa)
{
	auto fine = xa.lock();
#ifndef KXX_CONTROL
	auto dangling = kxx::XArray<kxx::Box<int>>().lock();
#endif
}
