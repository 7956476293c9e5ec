// proves: XaReadCursor (lockless) does not compile for Box<T>, whose memory is freed at once on remove
// expect: XaReadCursor reads without the lock
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::XArray<kxx::RcuBox<int>> &rcu_safe,
			       kxx::XArray<kxx::Box<int>> &plain)
{
	kxx::XaReadCursor ok(rcu_safe);
	(void)ok.load();
#ifndef KXX_CONTROL
	kxx::XaReadCursor bad(plain);
	(void)bad.load();
#endif
}
