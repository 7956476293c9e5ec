// proves: lockless iteration needs a live read guard: on a temporary one the elements would outlive the read-side section
// expect: error: use of deleted function .kxx::XArray<P, Fixed, Static>::RcuRange kxx::XArray<P, Fixed, Static>::entries\(const kxx::rcu::ReadGuard&&, long unsigned int, long unsigned int\) const &
// expect-clang: call to deleted member function 'entries'
#include <kxx/kxx.h>

[[maybe_unused]] static unsigned long f(kxx::XArray<kxx::RcuBox<int>> &xa)
{
	unsigned long n = 0;
	auto rg = kxx::rcu::read_lock();
	for (auto e : xa.entries(rg))
		n += *e.value;
#ifndef KXX_CONTROL
	for (auto e : xa.entries(kxx::rcu::read_lock()))
		n += *e.value;
#endif
	return n;
}
