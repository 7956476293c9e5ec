// proves: a Result cannot be copied, so an owned value in it cannot be duplicated
// expect: use of deleted function .*Result
// expect-clang: call to deleted constructor of .*Result
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::Result<kxx::Box<int>> &r)
{
	kxx::Result<kxx::Box<int>> moved = kxx::move(r);
#ifndef KXX_CONTROL
	kxx::Result<kxx::Box<int>> copy = moved;
#endif
}
