// proves: a StaticSrcuDomain made from an object known only at run time (not a domain KXX_DEFINE_SRCU() defined) does not compile
// expect: error: .p. is not a constant expression
// expect-clang: error: call to consteval function 'kxx::StaticSrcuDomain::StaticSrcuDomain' is not a constant expression
#include <kxx/kxx.h>

KXX_DECLARE_SRCU(cf_srcu);

[[maybe_unused]] static void f(struct kxx_srcu *p)
{
	kxx::StaticSrcuDomain kept{ KXX_SRCU(cf_srcu) };
	(void)kept.read_held();
#ifndef KXX_CONTROL
	kxx::StaticSrcuDomain from_run_time{ *p };
	(void)from_run_time.read_held();
#else
	(void)p;
#endif
}
