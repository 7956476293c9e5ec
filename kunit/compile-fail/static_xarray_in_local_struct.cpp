// proves: a StaticXArray cannot live inside a local struct, whose end would not drain it (its own address is not a constant there)
// expect: error: .*is not a constant expression
// expect-clang: error: call to consteval function .*XArray.* is not a constant expression
#include <kxx/kxx.h>

using Ids = kxx::StaticXArray<kxx::Box<int>>;

struct Holder {
	Ids ids;
	int n;
};

[[maybe_unused]] static void f()
{
	static constinit Ids kept{ &kept };
#ifndef KXX_CONTROL
	Holder h{ Ids{ &h.ids }, 1 };
#endif
}
