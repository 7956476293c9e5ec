// proves: a StaticSrcuDomain takes only a struct kxx_srcu (what KXX_DEFINE_SRCU() defines), not a plain srcu_struct whose missing bookkeeping SrcuBox would write past
// expect: error: no matching function for call to .kxx::StaticSrcuDomain::StaticSrcuDomain\(<brace-enclosed initializer list>\).
// expect-clang: error: no matching constructor for initialization of 'kxx::StaticSrcuDomain'
#include <kxx/kxx.h>

KXX_DECLARE_SRCU(cf_srcu);
extern "C" struct srcu_struct plain_srcu; // DEFINE_SRCU(plain_srcu) in C

constinit kxx::StaticSrcuDomain kept{ KXX_SRCU(cf_srcu) };
#ifndef KXX_CONTROL
constinit kxx::StaticSrcuDomain plain{ plain_srcu };
#endif
