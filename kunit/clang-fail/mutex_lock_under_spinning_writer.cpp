// proves: Mutex::lock() is rejected in the scope of a spinning Rcu Writer (RcuWriters::SpinIrqsave: interrupts off), and so is the write() of an Rcu with mutex writers
// expect: cannot call function '(lock|write)' while atomic context 'atomic_context' is held
#include <kxx/kxx.h>

[[maybe_unused]] static void f(kxx::Rcu<kxx::RcuBox<int>, kxx::RcuWriters::SpinIrqsave> &r,
			       kxx::Rcu<kxx::RcuBox<int>> &sleepy, kxx::Mutex<int> &m)
{
	{
		auto w = sleepy.write(); // mutex writers: may sleep, outside atomic scopes
	}
	auto w = r.write();
#ifndef KXX_CONTROL
	auto sleeps = m.lock();
	auto also = sleepy.write();
#endif
}
