// proves: a StaticSrcuDomain given null (no domain: its read_lock() would follow a null pointer) does not compile
// expect: error: use of deleted function .kxx::StaticSrcuDomain::StaticSrcuDomain\(std::nullptr_t\)
// expect-clang: error: call to deleted constructor of .*StaticSrcuDomain
#include <kxx/kxx.h>

KXX_DECLARE_SRCU(cf_srcu);

constinit kxx::StaticSrcuDomain kept{ &cf_srcu };
#ifndef KXX_CONTROL
constinit kxx::StaticSrcuDomain none{ nullptr };
#endif
