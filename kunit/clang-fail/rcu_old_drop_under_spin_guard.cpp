// proves: the drop of an RcuOld of an owner that is not RCU-freed (it waits for a grace period) is rejected in the scope of a SpinLock Guard; an RcuBox's is fine
// expect: cannot call function '~RcuOld' while atomic context 'atomic_context' is held
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::SpinLock<int> &s, kxx::Rcu<kxx::Box<int>> &r,
			       kxx::Rcu<kxx::RcuBox<int>> &fast, kxx::Box<int> a, kxx::RcuBox<int> b)
{
	kxx::Option<kxx::RcuOld<kxx::Box<int>>> slow_old = r.replace(kxx::move(a));
	kxx::Option<kxx::RcuOld<kxx::RcuBox<int>>> fast_old = fast.replace(kxx::move(b));
	auto g = s.lock();
	if (fast_old.is_some())
		kxx::RcuOld<kxx::RcuBox<int>> dropped_here = kxx::move(fast_old).value(); // never blocks
#ifndef KXX_CONTROL
	if (slow_old.is_some())
		kxx::RcuOld<kxx::Box<int>> waits_here = kxx::move(slow_old).value();
#endif
}
