// proves: a StaticSrcuDomain given no domain (null: its read_lock() would follow a null pointer) does not compile
// expect: error: dereferencing a null pointer
// expect-clang: note: non-constexpr function 'a_static_srcu_domain_needs_a_defined_domain' cannot be used in a constant expression
#include <kxx/kxx.h>

KXX_DECLARE_SRCU(cf_srcu);

constinit kxx::StaticSrcuDomain kept{ KXX_SRCU(cf_srcu) };
#ifndef KXX_CONTROL
constinit kxx::StaticSrcuDomain none{ *static_cast<struct kxx_srcu *>(nullptr) };
#endif
