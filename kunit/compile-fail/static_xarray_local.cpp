// proves: a StaticXArray (trivial destructor) cannot be a local, which would die with its entries, nodes and Reservations left: its own address is not a constant there
// expect: error: .*is not a constant expression
// expect-clang: error: call to consteval function .*XArray.* is not a constant expression
#include <kxx/kxx.h>

using Ids = kxx::StaticXArray<kxx::Box<int>, kxx::XaFlags::Alloc1>;

[[maybe_unused]] static void f()
{
	static constinit Ids kept{ &kept };
#ifndef KXX_CONTROL
	Ids local{ &local };
#endif
}
