// proves: the T of a Revocable cannot be borrowed through a temporary guard (the access ends with the expression, and a revoke may drop the T)
// expect: use of deleted function .*operator\*
// expect-clang: overload resolution selected deleted operator '\*'
#include <kxx/kxx.h>

struct Res {
	int v;
};

[[maybe_unused]] static int f(kxx::Revocable<Res> &r)
{
	auto g = r.try_access();
	const Res *p = g.get();
#ifndef KXX_CONTROL
	const Res &dangling = *r.try_access();
	p = &dangling;
#endif
	return p ? p->v : 0;
}
