// proves: lockless iteration (entries(read_guard)) does not compile for owners freed at once (Box): a concurrent remove() would free the element under the reader
// expect: error: no matching function for call to .kxx::XArray<kxx::Box<int> >::entries\(kxx::rcu::ReadGuard&\)
// expect-clang: no matching member function for call to 'entries'
#include <kxx/kxx.h>

[[maybe_unused]] static unsigned long f(kxx::XArray<kxx::RcuBox<int>> &ok_xa,
					kxx::XArray<kxx::Box<int>> &xa)
{
	unsigned long n = 0;
	auto rg = kxx::rcu::read_lock();
	for (auto e : ok_xa.entries(rg))
		n += *e.value;
#ifndef KXX_CONTROL
	for (auto e : xa.entries(rg))
		n += *e.value;
#endif
	return n;
}
