// proves: RcuOld::defer (free without waiting) is only for owners freed after a grace period
// expect: (constraints not satisfied|no matching function for call to .*defer)
// expect-clang: no matching member function for call to 'defer'
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::Rcu<kxx::RcuBox<int>> &deferred, kxx::Rcu<kxx::Box<int>> &plain)
{
	auto a = deferred.replace(kxx::RcuBox<int>::make(kxx::GFP_KERNEL, 1).value());
	if (a.is_some())
		kxx::move(*a).defer();
	auto b = plain.replace(kxx::Box<int>::make(kxx::GFP_KERNEL, 1).value());
#ifndef KXX_CONTROL
	if (b.is_some())
		kxx::move(*b).defer();
#endif
}
