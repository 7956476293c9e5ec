// proves: lockless XArray::load does not compile for Page (freed at once on removal); RcuPage waits for a grace period
// expect: error: no matching function for call to .kxx::XArray<kxx::BasicPage<kxx::PageFree::Now> >::load\(kxx::rcu::ReadGuard&, int\)
// expect-clang: no matching member function for call to 'load'
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::RcuPage> &rcu_safe, kxx::XArray<kxx::Page> &plain)
{
	auto g = kxx::rcu::read_lock();
	kxx::PageRef ok = rcu_safe.load(g, 0);
	(void)ok;
#ifndef KXX_CONTROL
	kxx::PageRef bad = plain.load(g, 0);
	(void)bad;
#endif
}
