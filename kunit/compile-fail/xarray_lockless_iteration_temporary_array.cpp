// proves: lockless iteration over a temporary array does not compile: the Range would walk a struct xarray that ends at the semicolon
// expect: error: use of deleted function .kxx::XArray<P, Fixed, Static>::RcuRange kxx::XArray<P, Fixed, Static>::entries\(const kxx::rcu::ReadGuard&, long unsigned int, long unsigned int\) const &&
// expect-clang: call to deleted member function 'entries'
#include <kxx/kxx.h>

struct Holder {
	kxx::XArray<kxx::RcuBox<int>> xa;
};

[[maybe_unused]] static unsigned long f(Holder &h)
{
	unsigned long n = 0;
	auto rg = kxx::rcu::read_lock();
	for (auto e : h.xa.entries(rg))
		n += *e.value;
#ifndef KXX_CONTROL
	for (auto e : Holder().xa.entries(rg))
		n += *e.value;
#endif
	return n;
}
