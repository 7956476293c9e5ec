// proves: a Revocable's T is reached only through try_access(), which checks it is not revoked
// expect: base operand of .->. has non-pointer type
// expect-clang: member reference type .*Revocable.* is not a pointer
#include <kxx/kxx.h>

struct Res {
	int v;
};

[[maybe_unused]] static int f(kxx::Revocable<Res> &r)
{
#ifdef KXX_CONTROL
	auto g = r.try_access();
	return g ? g->v : 0;
#else
	return r->v;
#endif
}
