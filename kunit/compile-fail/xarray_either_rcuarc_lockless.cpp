// proves: an XaEither<RcuArc<T>> array cannot be read locklessly: its borrow could clone() an Arc whose last reference a writer is dropping (a lockless RcuArc borrow may only try_clone())
// expect: error: no matching function for call to .kxx::XArray<kxx::XaEither<kxx::BasicArc<int, kxx::ArcFree::AfterGracePeriod> > >::load\(kxx::rcu::ReadGuard&, int\)
// expect-clang: no matching member function for call to 'load'
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::XaEither<kxx::RcuBox<int>>> &ok_xa,
			       kxx::XArray<kxx::XaEither<kxx::RcuArc<int>>> &xa)
{
	auto rg = kxx::rcu::read_lock();
	[[maybe_unused]] auto fine = ok_xa.load(rg, 0);
#ifndef KXX_CONTROL
	auto racy = xa.load(rg, 0);
#endif
}
