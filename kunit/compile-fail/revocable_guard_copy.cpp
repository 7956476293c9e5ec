// proves: a Revocable's access guard cannot be copied (one RCU read section per guard)
// expect: use of deleted function .*Guard
// expect-clang: call to deleted constructor of .*Guard
#include <kxx/kxx.h>

struct Res {
	int v;
};

[[maybe_unused]] static void f(kxx::Revocable<Res> &r)
{
	auto g = r.try_access();
#ifndef KXX_CONTROL
	auto copy = g;
#endif
}
