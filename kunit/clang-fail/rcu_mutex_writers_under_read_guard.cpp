// proves: replace() and copy_update() of an Rcu with mutex writers (they may sleep) are rejected in an RCU read-side critical section; a spinning Rcu's are fine there
// expect: cannot call function 'replace' while atomic context 'atomic_context' is held
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::Rcu<kxx::RcuBox<int>> &sleepy,
			       kxx::Rcu<kxx::RcuBox<int>, kxx::RcuWriters::SpinIrqsave> &spinning,
			       kxx::RcuBox<int> a, kxx::RcuBox<int> b)
{
	auto old = sleepy.replace(kxx::move(a)); // outside any atomic scope: fine
	auto rg = kxx::rcu::read_lock();
	auto fine = spinning.replace(kxx::move(b));
	auto also = spinning.copy_update([](const int *) { return kxx::Option<kxx::RcuBox<int>>(); });
#ifndef KXX_CONTROL
	auto sleeps = sleepy.replace(kxx::RcuBox<int>::make(kxx::GFP_ATOMIC, 1).value());
#endif
}
