// proves: an Option of a move-only owner cannot be copied (no double free through Option)
// expect: cannot bind rvalue reference .*Option|use of deleted function .*Option
// expect-clang: no matching constructor for initialization of .*Option
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::Option<kxx::Box<int>> &o)
{
	kxx::Option<kxx::Box<int>> moved = o.take();
#ifndef KXX_CONTROL
	kxx::Option<kxx::Box<int>> copy = moved;
#endif
}
