// proves: a StaticSrcuDomain handle is not re-pointed by assignment (a global one would be written unsynchronised under its readers)
// expect: error: use of deleted function .kxx::StaticSrcuDomain& kxx::StaticSrcuDomain::operator=
// expect-clang: error: (object of type 'kxx::StaticSrcuDomain' cannot be assigned because its copy assignment operator is implicitly deleted|overload resolution selected deleted operator '=')
#include <kxx/kxx.h>

KXX_DECLARE_SRCU(cf_a);
KXX_DECLARE_SRCU(cf_b);

constinit kxx::StaticSrcuDomain a{ KXX_SRCU(cf_a) };
constinit kxx::StaticSrcuDomain b{ KXX_SRCU(cf_b) };

[[maybe_unused]] static void f()
{
	kxx::StaticSrcuDomain copy = a; // a handle copies
	(void)copy.read_held();
#ifndef KXX_CONTROL
	a = b;
#endif
}
