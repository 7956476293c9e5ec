// proves: a StaticXArray cannot live inside a local struct, whose end would not drain it (its own address is not a constant there)
// expect: error: .*is not a constant expression
// expect-clang: error: call to consteval function .*XArray.* is not a constant expression
#include <kxx/kxx.h>

using Ids = kxx::StaticXArray<kxx::Box<int>>;

struct Holder {
	Ids ids;
	int n;
};

constinit Holder global_holder{ Ids{ &global_holder.ids }, 0 };

[[maybe_unused]] static void f()
{
#ifndef KXX_CONTROL
	Holder h{ Ids{ &h.ids }, 1 };
#endif
}
