// proves: the domains' shared base is not made or copied on its own (its read_lock() would cast a lone base to the domain it is not)
// expect: error: .constexpr kxx::detail::SrcuDomainOps<Self>::SrcuDomainOps\(const kxx::detail::SrcuDomainOps<Self>&\) \[with Self = kxx::SrcuDomain\]. is protected within this context
// expect-clang: error: calling a protected constructor of class 'kxx::detail::SrcuDomainOps<kxx::SrcuDomain>'
#include <kxx/kxx.h>

[[maybe_unused]] static void f(const kxx::SrcuDomain &dom)
{
	const kxx::detail::SrcuDomainOps<kxx::SrcuDomain> &base = dom; // a reference is the domain
	(void)base.read_held();
#ifndef KXX_CONTROL
	kxx::detail::SrcuDomainOps<kxx::SrcuDomain> sliced = dom;
	auto g = sliced.read_lock();
#endif
}
